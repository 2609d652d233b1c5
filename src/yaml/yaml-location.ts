// Where each value of a parsed YAML file sits: the position records both YAML readers (located-yaml.ts and its
// fast path, block-yaml.ts) keep, keyed by the JSON pointer of the value.
import type { SourcePos } from '../errors.js';

/** Where one value sits in the file. */
export interface Location {
  /** Start of the value node (for a quoted string: the quote). */
  pos: SourcePos;
  /** Start of the key, when the value is a map entry. */
  keyPos?: SourcePos | undefined;
  /** Start of a string's content (after the quote; first line of a block scalar): where templates begin. */
  contentPos: SourcePos;
}

/** One path segment of a JSON pointer (the lookup key of a Location). */
export function segment(p: string | number): string {
  const s = String(p);
  return s.includes('~') || s.includes('/') ? '/' + s.replace(/~/g, '~0').replace(/\//g, '~1') : '/' + s;
}
