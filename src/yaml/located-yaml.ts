// YAML with source positions: every value in the parsed tree can be traced back to file:line:col,
// so schema and semantic errors point at the exact key or value the user wrote.
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, Scalar } from 'yaml';
import type { Document, DocumentOptions, Node as YamlNode, ParseOptions, SchemaOptions } from 'yaml';
import type { Diagnostic, SourcePos } from '../errors.js';

/** A JSON path into the parsed value: object keys and array indexes. */
export type JsonPath = readonly (string | number)[];

/** Where one value sits in the file. */
interface Location {
  /** Start of the value node (for a quoted string: the quote). */
  pos: SourcePos;
  /** Start of the key, when the value is a map entry. */
  keyPos?: SourcePos;
  /** Start of a string's content (after the quote; first line of a block scalar): where templates begin. */
  contentPos: SourcePos;
}

/** A parsed YAML file: the plain value, where each part came from, and any syntax problems. */
export interface LocatedYaml {
  file: string;
  value: unknown;
  /** Syntax errors, duplicate keys, non-string keys. `fatal` when the structure cannot be trusted. */
  diagnostics: Diagnostic[];
  fatal: boolean;
  /** Position of the value at `path`, or of its nearest located ancestor. */
  at(path: JsonPath): SourcePos;
  /** Position of the key of the map entry at `path` (falls back to the value). */
  keyAt(path: JsonPath): SourcePos;
  /** Position where a string's content begins (for template column arithmetic). */
  contentAt(path: JsonPath): SourcePos;
}

/** Turn a JSON path into the lookup key of the position map (a JSON pointer). */
export function pointer(path: JsonPath): string {
  return path.map((p) => '/' + String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/** Parse a JSON pointer (as ajv's instancePath) back into a path; numeric segments stay strings. */
export function parsePointer(ptr: string): string[] {
  if (ptr === '') return [];
  return ptr
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

// yaml's messages end with " at line N, column M:" and a code frame; we print our own position.
function cleanYamlMessage(message: string): string {
  const cut = message.search(/ at line \d+, column \d+/);
  const first = (cut >= 0 ? message.slice(0, cut) : message).split('\n')[0] ?? message;
  return first.trim();
}

// A string node's content offset: templates are located relative to it.
function contentOffset(node: Scalar, source: string): number {
  const start = node.range?.[0] ?? 0;
  switch (node.type) {
    case Scalar.QUOTE_DOUBLE:
    case Scalar.QUOTE_SINGLE:
      return start + 1;
    case Scalar.BLOCK_FOLDED:
    case Scalar.BLOCK_LITERAL: {
      // Skip the header line (`|`, `>-` …) and the indentation of the first content line.
      const nl = source.indexOf('\n', start);
      if (nl < 0) return start;
      let i = nl + 1;
      while (i < source.length && (source[i] === ' ' || source[i] === '\n' || source[i] === '\r')) i++;
      return i;
    }
    default:
      return start;
  }
}

/** Dialect options (the inventory reads YAML 1.1 as Ansible does: its tags, `<<` merge keys). */
export type LocatedYamlOptions = Pick<DocumentOptions & ParseOptions & SchemaOptions, 'version' | 'merge' | 'customTags'>;

/** Parse YAML text, keeping the position of every key and value. Never throws on bad input. */
export function parseLocatedYaml(source: string, file: string, options: LocatedYamlOptions = {}): LocatedYaml {
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(source, { lineCounter, uniqueKeys: false, prettyErrors: true, strict: true, ...options });
  const posOf = (offset: number): SourcePos => {
    const lp = lineCounter.linePos(Math.max(0, Math.min(offset, source.length)));
    return { file, line: lp.line, col: lp.col };
  };
  const diagnostics: Diagnostic[] = [];
  for (const e of doc.errors) {
    diagnostics.push({ pos: posOf(e.pos[0]), message: `YAML syntax error: ${cleanYamlMessage(e.message)}` });
  }
  const fatal = diagnostics.length > 0;
  const locations = new Map<string, Location>();
  const top: SourcePos = { file, line: 1, col: 1 };

  const visiting = new Set<YamlNode>();
  const build = (node: unknown, path: (string | number)[], keyPos: SourcePos | undefined, depth: number): unknown => {
    if (node === null || node === undefined) {
      locations.set(pointer(path), { pos: keyPos ?? top, keyPos, contentPos: keyPos ?? top });
      return null;
    }
    if (isAlias(node)) {
      const target = node.resolve(doc);
      const pos = posOf(node.range?.[0] ?? 0);
      if (!target || visiting.has(target) || depth > 100) {
        diagnostics.push({ pos, message: `alias '*${node.source}' cannot be resolved here (unknown or recursive anchor)` });
        locations.set(pointer(path), { pos, keyPos, contentPos: pos });
        return null;
      }
      const value = build(target, path, keyPos, depth + 1);
      // The alias is where the user used it; keep that position for the value itself.
      const loc = locations.get(pointer(path));
      if (loc) locations.set(pointer(path), { ...loc, pos, contentPos: pos });
      return value;
    }
    const n = node as YamlNode;
    let pos = posOf(n.range?.[0] ?? 0);
    if (isScalar(n)) {
      // `key:` with nothing after it: point at the key, not at the end of the line.
      if (n.value === null && !n.source && keyPos) pos = keyPos;
      const contentPos = typeof n.value === 'string' ? posOf(contentOffset(n, source)) : pos;
      locations.set(pointer(path), { pos, keyPos, contentPos });
      return n.value instanceof Date ? n.value.toISOString() : (n.value ?? null);
    }
    locations.set(pointer(path), { pos, keyPos, contentPos: pos });
    visiting.add(n);
    try {
      if (isSeq(n)) {
        return n.items.map((item, i) => build(item, [...path, i], undefined, depth + 1));
      }
      if (isMap(n)) {
        const out: Record<string, unknown> = {};
        const firstKeyPos = new Map<string, SourcePos>();
        const merges: unknown[] = [];
        for (const pair of n.items) {
          if (!isPair(pair)) continue;
          const keyNode = pair.key as unknown;
          // A `<<` merge key (when the dialect enables them): merged after the map's own keys, which win.
          if (isScalar(keyNode) && typeof keyNode.value === 'symbol') {
            merges.push(build(pair.value, [...path, '<<'], undefined, depth + 1));
            continue;
          }
          const kPos = keyNode && typeof keyNode === 'object' && 'range' in keyNode ? posOf((keyNode as YamlNode).range?.[0] ?? 0) : pos;
          let key: string;
          if (isScalar(keyNode) && (typeof keyNode.value === 'string' || typeof keyNode.value === 'number' || typeof keyNode.value === 'boolean')) {
            key = String(keyNode.value);
          } else if (keyNode === null || (isScalar(keyNode) && keyNode.value === null)) {
            diagnostics.push({ pos: kPos, message: 'empty key: every map key must be a name' });
            continue;
          } else {
            diagnostics.push({ pos: kPos, message: 'map keys must be plain strings, not lists or maps' });
            continue;
          }
          const first = firstKeyPos.get(key);
          if (first) {
            diagnostics.push({ pos: kPos, message: `duplicate key '${key}' (first at ${first.file}:${first.line}:${first.col})` });
            continue;
          }
          firstKeyPos.set(key, kPos);
          // Own-property writes only: a key named __proto__ must stay data, not become a prototype.
          Object.defineProperty(out, key, { value: build(pair.value, [...path, key], kPos, depth + 1), enumerable: true, writable: true, configurable: true });
        }
        for (const m of merges.flatMap((x) => (Array.isArray(x) ? x : [x]))) {
          if (m === null || typeof m !== 'object' || Array.isArray(m)) {
            diagnostics.push({ pos, message: 'a << merge key needs a map or a list of maps' });
            continue;
          }
          for (const [k, v] of Object.entries(m)) {
            if (!Object.prototype.hasOwnProperty.call(out, k)) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
          }
        }
        return out;
      }
    } finally {
      visiting.delete(n);
    }
    diagnostics.push({ pos, message: 'unsupported YAML node' });
    return null;
  };

  const value = fatal ? null : build(doc.contents, [], undefined, 0);

  const nearest = (path: JsonPath): Location | undefined => {
    for (let i = path.length; i >= 0; i--) {
      const loc = locations.get(pointer(path.slice(0, i)));
      if (loc) return loc;
    }
    return undefined;
  };
  return {
    file,
    value,
    diagnostics,
    fatal: fatal || diagnostics.length > 0 && value === null,
    at: (path) => nearest(path)?.pos ?? top,
    keyAt: (path) => {
      const loc = locations.get(pointer(path));
      return loc?.keyPos ?? loc?.pos ?? nearest(path)?.pos ?? top;
    },
    contentAt: (path) => {
      const loc = locations.get(pointer(path));
      return loc?.contentPos ?? nearest(path)?.pos ?? top;
    },
  };
}
