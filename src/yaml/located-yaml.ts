// YAML with source positions: every value in the parsed tree can be traced back to file:line:col,
// so schema and semantic errors point at the exact key or value the user wrote.
import { Composer, CST, isAlias, isMap, isPair, isScalar, isSeq, Lexer, LineCounter, Parser, Scalar, YAMLParseError } from 'yaml';
import type { Alias, Document, DocumentOptions, Node as YamlNode, ParseOptions, SchemaOptions } from 'yaml';
import type { Diagnostic, SourcePos } from '../errors.js';
import { aliasBudget, cstTooDeep, MAX_YAML_DEPTH } from './yaml-limits.js';
import { parseBlockYaml } from './block-yaml.js';
import { hasWideChars, narrowString, narrowValues } from './narrow-strings.js';
import { segment, type Location } from './yaml-location.js';
import { setOwnKey } from '../own-key.js';

// NUL, or a UTF-16 surrogate that is not part of a pair (not a Unicode character; not valid as UTF-8).
// eslint-disable-next-line no-control-regex -- matching NUL is the point
const BAD_NAME_CHARS = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A JSON path into the parsed value: object keys and array indexes. */
export type JsonPath = readonly (string | number)[];

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
  return path.map(segment).join('');
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

// A located failure that stops building: the tree past this point cannot be trusted or is too costly.
class LimitExceeded extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
  }
}

/**
 * yaml's concrete syntax tree for `source`, or the offset where nesting first went deeper than MAX_YAML_DEPTH.
 * Flow nesting (`[[[[…`) is counted on the lexer's tokens as they stream, before yaml's parser (which is
 * slow on very deep flow collections) sees them; block nesting on the finished tree.
 */
function concreteTree(source: string, lineCounter: LineCounter): CST.Token[] | number {
  const parser = new Parser(lineCounter.addNewLine);
  lineCounter.addNewLine(0);
  const tokens: CST.Token[] = [];
  let flow = 0;
  let offset = 0;
  let scalarNext = false;
  for (const lexeme of new Lexer().lex(source)) {
    if (scalarNext) scalarNext = false;
    else if (lexeme === CST.SCALAR) scalarNext = true;
    else if (lexeme === '[' || lexeme === '{') {
      flow += 1;
      if (flow > MAX_YAML_DEPTH) return offset;
    } else if (lexeme === ']' || lexeme === '}') flow = Math.max(0, flow - 1);
    for (const t of parser.next(lexeme)) tokens.push(t);
    // The lexer's control lexemes are not part of the source.
    if (lexeme !== CST.SCALAR && lexeme !== CST.DOCUMENT && lexeme !== CST.FLOW_END) offset += lexeme.length;
  }
  for (const t of parser.end()) tokens.push(t);
  return cstTooDeep(tokens, MAX_YAML_DEPTH) ?? tokens;
}

/** The first document of the token stream, as yaml's parseDocument composes it (without its code frames). */
function composeFirst(tokens: Iterable<CST.Token>, source: string, options: LocatedYamlOptions): Document {
  const composer = new Composer({ uniqueKeys: false, strict: true, ...options });
  let doc: Document | undefined;
  for (const d of composer.compose(tokens, true, source.length)) {
    if (!doc) doc = d;
    else {
      doc.errors.push(new YAMLParseError([d.range[0], d.range[1]], 'MULTIPLE_DOCS', 'Source contains multiple documents'));
      break;
    }
  }
  // compose(…, forceDoc = true) always yields at least one document.
  return doc as Document;
}

/** Dialect options (the inventory reads YAML 1.1 as Ansible does: its tags, `<<` merge keys). */
export type LocatedYamlOptions = Pick<DocumentOptions & ParseOptions & SchemaOptions, 'version' | 'merge' | 'customTags'>;

/**
 * Parse YAML text, keeping the position of every key and value. Never throws on bad input. Limits (see
 * yaml-limits.ts): nesting deeper than MAX_YAML_DEPTH and aliases that expand past the file's size are located
 * errors, found before any cost is paid (an alias bomb or 100,000 `[` fail in milliseconds).
 *
 * Plain block YAML (what inventories and vars files mostly are) is read by the fast path of block-yaml.ts, which
 * gives the same value and positions; anything else, and every file with a problem, is composed by yaml.
 */
export function parseLocatedYaml(source: string, file: string, options: LocatedYamlOptions = {}): LocatedYaml {
  const fast = parseBlockYaml(source, file, options);
  const doc = fast ? located(file, fast.value, [], false, fast.locations) : composeLocatedYaml(source, file, options);
  // A wide character anywhere (a comment in Japanese) makes every value two-byte: see narrow-strings.ts.
  return hasWideChars(source) ? { ...doc, value: narrowValues(doc.value) } : doc;
}

/** parseLocatedYaml without its fast path: every file composed by yaml (the reference the fast path is held to). */
export function composeLocatedYaml(source: string, file: string, options: LocatedYamlOptions = {}): LocatedYaml {
  // Keys narrowed before they are first set (interned): see narrow-strings.ts.
  const wide = hasWideChars(source);
  const lineCounter = new LineCounter();
  const posOf = (offset: number): SourcePos => {
    const lp = lineCounter.linePos(Math.max(0, Math.min(offset, source.length)));
    return { file, line: lp.line, col: lp.col };
  };
  const top: SourcePos = { file, line: 1, col: 1 };
  const cst = concreteTree(source, lineCounter);
  if (typeof cst === 'number') return failed(file, top, { pos: posOf(cst), message: `YAML nested more than ${MAX_YAML_DEPTH} levels deep` });
  const tokens = cst;
  const doc = composeFirst(tokens, source, options);
  const diagnostics: Diagnostic[] = [];
  for (const e of doc.errors) {
    diagnostics.push({ pos: posOf(e.pos[0]), message: `YAML syntax error: ${cleanYamlMessage(e.message)}` });
  }
  const fatal = diagnostics.length > 0;
  const locations = new Map<string, Location>();

  // Values built so far; aliases re-build their anchor's tree, so this bounds what a bomb can cost.
  let built = 0;
  const budget = aliasBudget(source.length);
  // Each alias is looked up once: yaml's resolve() walks the document every time.
  const aliasTargets = new Map<Alias, YamlNode | undefined>();
  const resolveAlias = (alias: Alias): YamlNode | undefined => {
    if (!aliasTargets.has(alias)) aliasTargets.set(alias, alias.resolve(doc) as YamlNode | undefined);
    return aliasTargets.get(alias);
  };
  const visiting = new Set<YamlNode>();
  let expanding = 0;
  let expansionRoot: SourcePos | undefined;
  const record = (ptr: string, loc: Location): void => {
    if (expanding === 0) locations.set(ptr, loc);
  };
  const build = (node: unknown, ptr: string, keyPos: SourcePos | undefined, depth: number): unknown => {
    built += 1;
    if (built > budget || depth > MAX_YAML_DEPTH) {
      const n = node as YamlNode | null | undefined;
      // Inside an expansion, point at the alias the user wrote outside any anchor, where it all started.
      const pos = expansionRoot ?? (n && typeof n === 'object' && 'range' in n ? posOf(n.range?.[0] ?? 0) : (keyPos ?? top));
      throw new LimitExceeded({
        pos,
        message:
          depth > MAX_YAML_DEPTH
            ? `YAML nested more than ${MAX_YAML_DEPTH} levels deep (through aliases)`
            : `YAML aliases expand to more than ${budget} values (an alias bomb?): use fewer nested aliases`,
      });
    }
    if (node === null || node === undefined) {
      record(ptr, { pos: keyPos ?? top, keyPos, contentPos: keyPos ?? top });
      return null;
    }
    if (isAlias(node)) {
      const target = resolveAlias(node);
      const pos = posOf(node.range?.[0] ?? 0);
      if (!target || visiting.has(target)) {
        diagnostics.push({ pos, message: `alias '*${node.source}' cannot be resolved here (unknown or recursive anchor)` });
        record(ptr, { pos, keyPos, contentPos: pos });
        return null;
      }
      // Values inside an expansion are located at the alias, where the user used them: recording each one
      // would cost more than building it.
      record(ptr, { pos, keyPos, contentPos: pos });
      if (expanding === 0) expansionRoot = pos;
      expanding += 1;
      try {
        return build(target, ptr, keyPos, depth + 1);
      } finally {
        expanding -= 1;
        if (expanding === 0) expansionRoot = undefined;
      }
    }
    const n = node as YamlNode;
    let pos = posOf(n.range?.[0] ?? 0);
    if (isScalar(n)) {
      // `key:` with nothing after it: point at the key, not at the end of the line.
      if (n.value === null && !n.source && keyPos) pos = keyPos;
      const contentPos = typeof n.value === 'string' ? posOf(contentOffset(n, source)) : pos;
      record(ptr, { pos, keyPos, contentPos });
      return n.value instanceof Date ? n.value.toISOString() : (n.value ?? null);
    }
    record(ptr, { pos, keyPos, contentPos: pos });
    visiting.add(n);
    try {
      if (isSeq(n)) {
        return n.items.map((item, i) => build(item, ptr + segment(i), undefined, depth + 1));
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
            merges.push(build(pair.value, ptr + segment('<<'), undefined, depth + 1));
            continue;
          }
          const kPos = keyNode && typeof keyNode === 'object' && 'range' in keyNode ? posOf((keyNode as YamlNode).range?.[0] ?? 0) : pos;
          let key: string;
          if (isScalar(keyNode) && (typeof keyNode.value === 'string' || typeof keyNode.value === 'number' || typeof keyNode.value === 'boolean')) {
            key = wide ? narrowString(String(keyNode.value)) : String(keyNode.value);
          } else if (keyNode === null || (isScalar(keyNode) && keyNode.value === null)) {
            diagnostics.push({ pos: kPos, message: 'empty key: every map key must be a name' });
            continue;
          } else {
            diagnostics.push({ pos: kPos, message: 'map keys must be plain strings, not lists or maps' });
            continue;
          }
          if (BAD_NAME_CHARS.test(key)) {
            // A name (host, group, variable) with NUL or a lone UTF-16 surrogate, written as an escape.
            diagnostics.push({ pos: kPos, message: 'map key contains a NUL character or invalid Unicode (an escape such as \\0 or \\ud800): names must be text' });
            continue;
          }
          const first = firstKeyPos.get(key);
          if (first) {
            diagnostics.push({ pos: kPos, message: `duplicate key '${key}' (first at ${first.file}:${first.line}:${first.col})` });
            continue;
          }
          firstKeyPos.set(key, kPos);
          // Own-property writes only: a key named __proto__ must stay data, not become a prototype.
          setOwnKey(out, key, build(pair.value, ptr + segment(key), kPos, depth + 1));
        }
        for (const m of merges.flatMap((x) => (Array.isArray(x) ? x : [x]))) {
          if (m === null || typeof m !== 'object' || Array.isArray(m)) {
            diagnostics.push({ pos, message: 'a << merge key needs a map or a list of maps' });
            continue;
          }
          for (const [k, v] of Object.entries(m)) {
            if (!Object.prototype.hasOwnProperty.call(out, k)) setOwnKey(out, k, v);
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

  let value: unknown = null;
  try {
    value = fatal ? null : build(doc.contents, '', undefined, 0);
  } catch (err) {
    if (err instanceof LimitExceeded) return failed(file, top, err.diagnostic);
    throw err;
  }

  return located(file, value, diagnostics, fatal || diagnostics.length > 0 && value === null, locations);
}

// A parsed file with its positions, looked up by JSON path (the nearest located ancestor when a path has none).
function located(file: string, value: unknown, diagnostics: Diagnostic[], fatal: boolean, locations: ReadonlyMap<string, Location>): LocatedYaml {
  const top: SourcePos = { file, line: 1, col: 1 };
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
    fatal,
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

// The result for input refused before its values could be built: one fatal diagnostic.
function failed(file: string, top: SourcePos, diagnostic: Diagnostic): LocatedYaml {
  return { file, value: null, diagnostics: [diagnostic], fatal: true, at: () => top, keyAt: () => top, contentAt: () => top };
}
