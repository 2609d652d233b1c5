// The fast path of located-yaml.ts: plain block YAML, read line by line into the same value and the same
// positions yaml's composer gives, in a small fraction of its time and memory (a 1,000-host inventory is 160 KB;
// composing it with yaml is most of firemend's start-up).
//
// It reads block maps and block lists whose keys are plain names, single-line plain, 'single' or "double"
// (escape-free) scalars, `[]`, `{}` and comments, and declines everything else: anchors, aliases, tags, block
// scalars, flow collections, multi-line scalars, documents markers other than a first `---`, tabs, CR, control
// characters, a duplicate key, a null list item, deep nesting. Declining is cheap (nothing is kept) and leaves the
// file to yaml, which also finds and words every problem: this path never reports one.
// Scalars are resolved by the dialect's own tags (yaml's Schema for the same options), as yaml does.
import { Document, isScalar } from 'yaml';
import type { SourcePos } from '../errors.js';
import type { LocatedYamlOptions } from './located-yaml.js';
import { aliasBudget } from './yaml-limits.js';
import { setOwnKey } from '../own-key.js';
import { hasWideChars, narrowString } from './narrow-strings.js';
import { segment, type Location } from './yaml-location.js';

/** A file read by the fast path: its value, and the Location of each value by JSON pointer. */
export interface BlockYaml {
  value: unknown;
  locations: Map<string, Location>;
}

// What the fast path leaves to yaml (thrown, caught once in parseBlockYaml).
const DECLINE = Symbol('decline');

// Characters the fast path never reads: tab, CR, other C0 controls, DEL, NEL, LS, PS, surrogates, BOM.
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const UNREAD = /[\u0000-\u0009\u000B-\u001F\u007F\u0085\u2028\u2029\uD800-\uDFFF\uFEFF]/;
// A plain key the fast path reads: a name (host, group, variable), host ranges (`ftd-[01:10]`) included.
const KEY = /^[A-Za-z0-9_][A-Za-z0-9_.-]*(?:\[[A-Za-z0-9]+:[A-Za-z0-9]+(?::[0-9]+)?\][A-Za-z0-9_.-]*)*$/;
// Nesting the fast path reads (deeper files go to yaml, which holds them to MAX_YAML_DEPTH).
const MAX_DEPTH = 64;
// A plain scalar may not start with these (or with `-`, `?`, `:` followed by a space or the end).
const PLAIN_START_REFUSED = new Set([',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', "'", '"', '%', '@', '`']);

// What ends a plain scalar in a flow list (the fast path declines the others: `{`, `}`, `[`, `#`, `:`).
const FLOW_PLAIN_END = new Set([',', ']', '[', '{', '}']);

interface Line {
  /** Offset of the line's first character. */
  start: number;
  /** Offset just past its last character (before the newline). */
  end: number;
  /** Offset of its first non-space character. */
  first: number;
  /** 1-based line number. */
  no: number;
}

type ScalarTagLike = { default?: boolean | 'key'; test?: RegExp; resolve: (value: string, onError: (message: string) => void, options: object) => unknown };

/** The value and positions of plain block YAML, or undefined when the file needs yaml's composer. */
export function parseBlockYaml(source: string, file: string, options: LocatedYamlOptions = {}): BlockYaml | undefined {
  if (UNREAD.test(source)) return undefined;
  const lines = contentLines(source);
  if (lines === undefined || lines.length === 0) return undefined;
  // The dialect's scalar tags, as yaml's composer would use them for these options.
  const doc = new Document(undefined, { uniqueKeys: false, strict: true, ...options });
  const reader = new BlockReader(source, file, lines, doc.schema.tags as ScalarTagLike[], doc.options, aliasBudget(source.length));
  try {
    return reader.read();
  } catch (err) {
    if (err === DECLINE) return undefined;
    throw err;
  }
}

// The lines that carry content (blank and comment-only lines dropped); undefined for a marker the path declines.
function contentLines(source: string): Line[] | undefined {
  const lines: Line[] = [];
  let start = 0;
  let no = 1;
  let firstContent = true;
  while (start <= source.length) {
    let end = source.indexOf('\n', start);
    if (end < 0) end = source.length;
    let first = start;
    while (first < end && source.charCodeAt(first) === 32) first++;
    if (first < end && source[first] !== '#') {
      const text = source.slice(first, end);
      if (first === start && (text.startsWith('---') || text.startsWith('...'))) {
        // Only a lone `---` opening the file (a comment may follow it) is read; other markers go to yaml.
        if (!firstContent || !/^---(?: +(?:#.*)?)?$/.test(text)) return undefined;
      } else lines.push({ start, end, first, no });
      firstContent = false;
    }
    start = end + 1;
    no++;
  }
  return lines;
}

class BlockReader {
  private i = 0;
  /** Where the current line's content starts (after `- ` of a list item, the item's own content). */
  private cur = 0;
  private built = 0;
  private readonly resolved = new Map<string, unknown>();
  readonly locations = new Map<string, Location>();

  constructor(
    private readonly src: string,
    private readonly file: string,
    private readonly lines: Line[],
    private readonly tags: ScalarTagLike[],
    private readonly tagOptions: object,
    private readonly budget: number,
  ) {
    this.wide = hasWideChars(src);
  }

  /** The source holds a wide character: keys are narrowed before they are first set (see narrow-strings.ts). */
  private readonly wide: boolean;

  read(): BlockYaml {
    const line = this.lines[0] as Line;
    if (line.first !== line.start) throw DECLINE;
    this.cur = line.first;
    const value = this.node('', undefined, 0);
    if (this.i < this.lines.length) throw DECLINE;
    return { value, locations: this.locations };
  }

  private line(): Line {
    return this.lines[this.i] as Line;
  }

  private pos(offset: number, line: Line): SourcePos {
    return { file: this.file, line: line.no, col: offset - line.start + 1 };
  }

  private count(depth: number): void {
    this.built += 1;
    if (this.built > this.budget || depth > MAX_DEPTH) throw DECLINE;
  }

  // Whether a list item starts at `at` on `line`: `-` then a space or the end of the line.
  private dash(at: number, line: Line): boolean {
    return this.src[at] === '-' && (at + 1 === line.end || this.src[at + 1] === ' ');
  }

  // Move to the next content line, at its first character; false at the end of the file.
  private advance(): boolean {
    this.i += 1;
    const next = this.lines[this.i];
    if (!next) return false;
    this.cur = next.first;
    return true;
  }

  // The indentation of the next unread line, or -1 at the end of the file.
  private nextIndent(): number {
    const next = this.lines[this.i];
    return next ? next.first - next.start : -1;
  }

  // A block node whose first character is at `cur` on the current line.
  private node(ptr: string, keyPos: SourcePos | undefined, depth: number): unknown {
    const line = this.line();
    return this.dash(this.cur, line) ? this.list(ptr, keyPos, depth) : this.map(ptr, keyPos, depth);
  }

  // The colon that ends a map entry's key on `line` from `from`: `:` followed by a space or the end; -1 if none.
  private entryColon(from: number, line: Line): number {
    const text = this.src.slice(from, line.end);
    let j = text.indexOf(':');
    while (j >= 0) {
      if (j + 1 === text.length || text[j + 1] === ' ') return from + j;
      j = text.indexOf(':', j + 1);
    }
    return -1;
  }

  // Whether a map entry starts at `at` on `line` (a list item's content): a plain or quoted key, then `: `.
  private startsEntry(at: number, line: Line): boolean {
    const c = this.src[at];
    if (c === '"' || c === "'") {
      const close = this.src.indexOf(c, at + 1);
      return close >= 0 && close < line.end && this.src[close + 1] === ':';
    }
    return this.entryColon(at, line) >= 0;
  }

  // The key of the entry at `cur`: a plain name (by the dialect's tags: yes → 'true') or a quoted string
  // without escapes, followed by `:` and a space or the end of the line.
  private key(line: Line): { key: string; colon: number } {
    const c = this.src[this.cur];
    if (c === '"' || c === "'") {
      const { text, after } = c === '"' ? this.doubleQuoted(this.cur, line) : this.singleQuoted(this.cur, line);
      if (this.src[after] !== ':' || (after + 1 < line.end && this.src[after + 1] !== ' ')) throw DECLINE;
      return { key: text, colon: after };
    }
    const colon = this.entryColon(this.cur, line);
    if (colon < 0) throw DECLINE;
    const text = this.src.slice(this.cur, colon);
    if (!KEY.test(text)) throw DECLINE;
    return { key: this.keyName(text), colon };
  }

  private map(ptr: string, keyPos: SourcePos | undefined, depth: number): Record<string, unknown> {
    this.count(depth);
    const indent = this.cur - this.line().start;
    const mapPos = this.pos(this.cur, this.line());
    this.locations.set(ptr, { pos: mapPos, keyPos, contentPos: mapPos });
    const out: Record<string, unknown> = {};
    for (;;) {
      const line = this.line();
      const { key, colon } = this.key(line);
      if (Object.prototype.hasOwnProperty.call(out, key)) throw DECLINE;
      const kPos = this.pos(this.cur, line);
      const childPtr = ptr + segment(key);
      let at = colon + 1;
      while (at < line.end && this.src.charCodeAt(at) === 32) at++;
      let value: unknown;
      if (at === line.end || this.src[at] === '#') {
        // Nothing after the colon: a nested node on the next lines, a list at the key's own indentation, or null.
        const more = this.advance();
        const next = this.nextIndent();
        if (more && next > indent) value = this.node(childPtr, kPos, depth + 1);
        else if (more && next === indent && this.dash(this.cur, this.line())) value = this.list(childPtr, kPos, depth + 1);
        else {
          this.count(depth + 1);
          this.locations.set(childPtr, { pos: kPos, keyPos: kPos, contentPos: kPos });
          value = null;
        }
      } else {
        value = this.inline(childPtr, kPos, at, line, depth + 1);
        this.advance();
        if (this.nextIndent() > indent) throw DECLINE;
      }
      setOwnKey(out, this.wide ? narrowString(key) : key, value);
      const next = this.nextIndent();
      if (next < indent) return out;
      if (next > indent || this.dash(this.cur, this.line())) throw DECLINE;
    }
  }

  private list(ptr: string, keyPos: SourcePos | undefined, depth: number): unknown[] {
    this.count(depth);
    const indent = this.cur - this.line().start;
    const listPos = this.pos(this.cur, this.line());
    this.locations.set(ptr, { pos: listPos, keyPos, contentPos: listPos });
    const out: unknown[] = [];
    for (;;) {
      const line = this.line();
      const itemPtr = ptr + segment(out.length);
      let at = this.cur + 1;
      while (at < line.end && this.src.charCodeAt(at) === 32) at++;
      if (at === line.end || this.src[at] === '#') {
        // `-` alone: the item is on the next lines (a null item goes to yaml).
        if (!this.advance() || this.nextIndent() <= indent) throw DECLINE;
        out.push(this.node(itemPtr, undefined, depth + 1));
      } else if (this.dash(at, line)) {
        // `- - x`: a list in the item, its items lined up under its first dash.
        this.cur = at;
        out.push(this.list(itemPtr, undefined, depth + 1));
      } else if (this.startsEntry(at, line)) {
        // `- key: value`: a map whose entries line up under its first key.
        this.cur = at;
        out.push(this.map(itemPtr, undefined, depth + 1));
      } else {
        out.push(this.inline(itemPtr, undefined, at, line, depth + 1));
        this.advance();
        if (this.nextIndent() > indent) throw DECLINE;
      }
      const next = this.nextIndent();
      if (next !== indent || !this.dash(this.cur, this.line())) {
        if (next > indent) throw DECLINE;
        return out;
      }
    }
  }

  // A value on the same line as its key or dash, starting at `at`: a quoted or plain scalar, `[]` or `{}`.
  private inline(ptr: string, keyPos: SourcePos | undefined, at: number, line: Line, depth: number): unknown {
    this.count(depth);
    const src = this.src;
    const c = src[at] as string;
    const pos = this.pos(at, line);
    if (c === '"' || c === "'") {
      const { text, after } = c === '"' ? this.doubleQuoted(at, line) : this.singleQuoted(at, line);
      this.rest(after, line);
      this.locations.set(ptr, { pos, keyPos, contentPos: this.pos(at + 1, line) });
      return text;
    }
    if (c === '[' || c === '{') {
      this.locations.set(ptr, { pos, keyPos, contentPos: pos });
      if (src[at + 1] === (c === '[' ? ']' : '}')) {
        this.rest(at + 2, line);
        return c === '[' ? [] : {};
      }
      if (c === '{') throw DECLINE;
      return this.flowList(ptr, at, line, depth);
    }
    if (PLAIN_START_REFUSED.has(c)) throw DECLINE;
    if ((c === '-' || c === '?' || c === ':') && (at + 1 === line.end || src[at + 1] === ' ')) throw DECLINE;
    // A plain scalar: to the end of the line or a comment (` #`), trailing spaces dropped.
    const text = src.slice(at, line.end);
    const hash = text.indexOf(' #');
    const raw = (hash < 0 ? text : text.slice(0, hash)).trimEnd();
    if (raw.endsWith(':') || raw.includes(': ')) throw DECLINE;
    const value = this.resolvePlain(raw);
    this.locations.set(ptr, { pos, keyPos, contentPos: pos });
    return value;
  }

  // `[a, "b", 'c']` on one line: scalars only, each plain one free of flow indicators, `:` and `#`.
  private flowList(ptr: string, open: number, line: Line, depth: number): unknown[] {
    const src = this.src;
    const out: unknown[] = [];
    let at = open + 1;
    for (;;) {
      while (at < line.end && src.charCodeAt(at) === 32) at++;
      if (at >= line.end) throw DECLINE;
      this.count(depth + 1);
      const itemPtr = ptr + segment(out.length);
      const c = src[at] as string;
      const pos = this.pos(at, line);
      let end: number;
      if (c === '"' || c === "'") {
        const { text, after } = c === '"' ? this.doubleQuoted(at, line) : this.singleQuoted(at, line);
        this.locations.set(itemPtr, { pos, keyPos: undefined, contentPos: this.pos(at + 1, line) });
        out.push(text);
        end = after;
      } else {
        end = at;
        while (end < line.end && !FLOW_PLAIN_END.has(src[end] as string)) end++;
        const raw = src.slice(at, end).trimEnd();
        if (raw === '' || PLAIN_START_REFUSED.has(c) || /[:#]/.test(raw) || ((c === '-' || c === '?') && (raw.length === 1 || raw[1] === ' '))) throw DECLINE;
        this.locations.set(itemPtr, { pos, keyPos: undefined, contentPos: pos });
        out.push(this.resolvePlain(raw));
      }
      while (end < line.end && src.charCodeAt(end) === 32) end++;
      if (src[end] === ',') at = end + 1;
      else if (src[end] === ']') {
        this.rest(end + 1, line);
        return out;
      } else throw DECLINE;
    }
  }

  // "text" on one line, without escapes.
  private doubleQuoted(at: number, line: Line): { text: string; after: number } {
    const close = this.src.indexOf('"', at + 1);
    if (close < 0 || close >= line.end) throw DECLINE;
    const text = this.src.slice(at + 1, close);
    if (text.includes('\\')) throw DECLINE;
    return { text, after: close + 1 };
  }

  // 'text' on one line, '' standing for one quote.
  private singleQuoted(at: number, line: Line): { text: string; after: number } {
    let text = '';
    let from = at + 1;
    for (;;) {
      const q = this.src.indexOf("'", from);
      if (q < 0 || q >= line.end) throw DECLINE;
      text += this.src.slice(from, q);
      if (this.src[q + 1] === "'") {
        text += "'";
        from = q + 2;
      } else return { text, after: q + 1 };
    }
  }

  // After a value on its line: nothing, or spaces and a comment.
  private rest(after: number, line: Line): void {
    let k = after;
    while (k < line.end && this.src.charCodeAt(k) === 32) k++;
    if (k < line.end && (k === after || this.src[k] !== '#')) throw DECLINE;
  }

  // A plain scalar as the dialect's tags resolve it (the first default tag whose test matches; else the text).
  // The same text recurs on every host (`127.0.0.1`, `8.x`, `[]`): a primitive result is remembered.
  private resolveTag(raw: string): unknown {
    if (this.resolved.has(raw)) return this.resolved.get(raw);
    const tag = this.tags.find((t) => t.default === true && t.test?.test(raw) === true);
    if (!tag) {
      this.resolved.set(raw, raw);
      return raw;
    }
    const res = tag.resolve(raw, () => {
      throw DECLINE;
    }, this.tagOptions);
    const value = isScalar(res) ? res.value : res;
    if (value === null || typeof value !== 'object') this.resolved.set(raw, value);
    return value;
  }

  // A plain scalar's value, as located-yaml.ts builds it (a timestamp as ISO text).
  private resolvePlain(raw: string): unknown {
    const value = this.resolveTag(raw);
    return value instanceof Date ? value.toISOString() : (value ?? null);
  }

  // A key's name: its scalar value as text (yes → 'true', 010 → '8' in YAML 1.1), as located-yaml.ts makes it.
  private keyName(text: string): string {
    const v = this.resolveTag(text);
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
    throw DECLINE;
  }
}
