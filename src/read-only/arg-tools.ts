// Small helpers the per-program rules share: static values, option scanning, the verdict for a value
// only known later.
import type { Word } from './shell-parse.js';
import { PLACEHOLDER_QUOTED, PLACEHOLDER_RAW, refused, unknown, type Verdict } from './verdict.js';

/** True when the word's text is known now (no template value, no command substitution, no leading glob). */
export function isStatic(w: Word): boolean {
  return !w.dynamic && !w.globStart;
}

/** A word whose value matters but is not known: unknown while a template is unrendered, refused otherwise. */
export function notKnown(w: Word, what: string): Verdict {
  const templated = !w.substituted && (w.value.includes(PLACEHOLDER_QUOTED) || w.value.includes(PLACEHOLDER_RAW));
  const shown = shown_(w);
  return templated
    ? unknown(`${what} comes from a template value (${shown}): classified again when the command is sent`)
    : refused(`${what} (${shown}) is only known when the device runs it (command substitution or glob)`);
}

function shown_(w: Word): string {
  return JSON.stringify(w.value.replaceAll(PLACEHOLDER_QUOTED, '{{…}}').replaceAll(PLACEHOLDER_RAW, '{{…}}'));
}

/** The word as a person reads it in a reason. */
export function show(w: Word): string {
  return shown_(w);
}

/** A long option's name without its `=value` (`--output=x` → `--output`). */
export function longName(value: string): string {
  const eq = value.indexOf('=');
  return eq === -1 ? value : value.slice(0, eq);
}

/** True when the word is a short-option cluster (`-vkm`), not `-` or a long option. */
export function isShortCluster(value: string): boolean {
  return value.length > 1 && value.startsWith('-') && !value.startsWith('--');
}

/**
 * Walk an argument list with an option table: `takesArg` short letters and long names consume a value.
 * Calls `visit` for every option (with its value when it takes one) and every operand; the first
 * verdict returned stops the walk. A dynamic word where an option may stand is not known.
 */
export function walkOptions(
  args: Word[],
  spec: { shortWithArg: string; longWithArg: readonly string[] },
  visit: (item: { option?: string; value?: Word | string; operand?: Word; word: Word }) => Verdict | undefined,
): Verdict | undefined {
  let operandsOnly = false;
  for (let i = 0; i < args.length; i++) {
    const w = args[i] as Word;
    if (!operandsOnly && !isStatic(w)) return notKnown(w, 'an argument that may be an option');
    const v = w.value;
    if (operandsOnly || !v.startsWith('-') || v === '-') {
      const r = visit({ operand: w, word: w });
      if (r) return r;
      continue;
    }
    if (v === '--') {
      operandsOnly = true;
      continue;
    }
    if (v.startsWith('--')) {
      const name = longName(v);
      let value: Word | string | undefined;
      if (v.includes('=')) value = v.slice(v.indexOf('=') + 1);
      else if (spec.longWithArg.includes(name)) value = args[++i];
      const r = visit({ option: name, ...(value !== undefined ? { value } : {}), word: w });
      if (r) return r;
      continue;
    }
    for (let j = 1; j < v.length; j++) {
      const letter = v[j] as string;
      if (spec.shortWithArg.includes(letter)) {
        const rest = v.slice(j + 1);
        const value = rest !== '' ? rest : args[++i];
        const r = visit({ option: `-${letter}`, ...(value !== undefined ? { value } : {}), word: w });
        if (r) return r;
        break;
      }
      const r = visit({ option: `-${letter}`, word: w });
      if (r) return r;
    }
  }
  return undefined;
}

/** The text of an option value, or undefined when it is not known now. */
export function valueText(value: Word | string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  return isStatic(value) ? value.value : undefined;
}
