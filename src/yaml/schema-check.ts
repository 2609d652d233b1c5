// The one schema registry (one ajv 2020-12 configuration; each of the package's schemas found once and compiled
// once: playbook, inventory, plan), and JSON Schema validation of located YAML with its errors rewritten as
// messages a person understands, each at the file:line:col of the offending key or value.
//
// The built CLI does not compile at all: `npm run build` writes each schema's validator as code
// (scripts/compile-schemas.mjs, ajv's standalone code from schema-standalone.ts) to dist/src/yaml/standalone/,
// and a validator whose recorded sha256 is that of the schema file beside it is used as it is. Without one (the
// tests run from src/) or with a stale one, the schema is compiled here, by the same ajv configuration, and
// ajv is loaded only then.
import { createHash } from 'node:crypto';
import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type Ajv2020Module from 'ajv/dist/2020.js';
import type AddFormatsModule from 'ajv-formats';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Diagnostic } from '../errors.js';
import { parsePointer } from './located-yaml.js';
import type { LocatedYaml } from './located-yaml.js';
import { isSecretName } from '../secrets.js';
import { didYouMean } from './did-you-mean.js';

type Ajv = InstanceType<typeof Ajv2020Module.default>;

const require = createRequire(import.meta.url);
let ajv: Ajv | undefined;
const compiled = new Map<string, ValidateFunction>();

// Works from src/yaml (tests) and from dist/src/yaml (the built CLI): schemas/ sits at the package root.
function schemaPath(name: string): string {
  for (const rel of ['../../schemas/', '../../../schemas/']) {
    const p = fileURLToPath(new URL(rel + name, import.meta.url));
    if (existsSync(p)) return p;
  }
  throw new Error(`schema ${name} not found next to the package`);
}

/** The schemas the program validates its inputs with (schemas/ at the package root). */
export type SchemaName = 'playbook.schema.json' | 'inventory.schema.json' | 'plan.schema.json';

/** Every schema the registry serves (the build writes a standalone validator for each). */
export const SCHEMA_NAMES: readonly SchemaName[] = ['playbook.schema.json', 'inventory.schema.json', 'plan.schema.json'];

/** A schema file's text and the sha256 of it, as the standalone validators record it. */
export function schemaSource(name: SchemaName): { text: string; sha256: string } {
  const text = readFileSync(schemaPath(name), 'utf8');
  return { text, sha256: createHash('sha256').update(text).digest('hex') };
}

/** Where the build writes the standalone validator of a schema: next to this module, in standalone/. */
export function standalonePath(name: SchemaName): string {
  return fileURLToPath(new URL(`./standalone/${name.replace(/\.json$/, '.cjs')}`, import.meta.url));
}

/**
 * The registry's ajv configuration: 2020-12, every error with its schema and data, the formats of ajv-formats,
 * and our own annotation `x-message`. `source`: keep each validator's code, for standalone code generation.
 */
export function createSchemaAjv(opts: { source?: boolean } = {}): Ajv {
  // Loaded here, not imported: a run of the built CLI never needs ajv's compiler.
  const Ajv2020 = (require('ajv/dist/2020.js') as typeof Ajv2020Module).default;
  const addFormats = (require('ajv-formats') as typeof AddFormatsModule).default;
  const instance = new Ajv2020({ allErrors: true, verbose: true, strict: true, strictTypes: false, allowUnionTypes: true, ...(opts.source ? { code: { source: true } } : {}) });
  addFormats(instance);
  // Our own annotation: the message to show when a value fails a pattern/anyOf.
  instance.addVocabulary(['x-message']);
  return instance;
}

/** The standalone validator in `file` when there is one made from exactly the schema text of digest `sha256`. */
export function standaloneValidator(file: string, sha256: string): ValidateFunction | undefined {
  if (!existsSync(file)) return undefined;
  const mod = require(file) as ValidateFunction & { schemaSha256?: unknown };
  return mod.schemaSha256 === sha256 ? mod : undefined;
}

/** Load and compile one of the package's schemas (once; from the build's standalone code when it is current). */
export function schemaValidator(name: SchemaName): ValidateFunction {
  const cached = compiled.get(name);
  if (cached) return cached;
  const { text, sha256 } = schemaSource(name);
  let validate = standaloneValidator(standalonePath(name), sha256);
  if (!validate) {
    ajv ??= createSchemaAjv();
    validate = ajv.compile(JSON.parse(text) as object);
  }
  compiled.set(name, validate);
  return validate;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a map',
  null: 'empty',
};

// What a wrong value is, for "(got …)". The value itself is quoted only where it cannot be a secret: not
// under a secret-named key (see secrets.ts), and not when it is the whole file (a password file given by
// mistake as the inventory or the playbook is one bare string).
function describeValue(v: unknown, segs: readonly string[]): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map';
  if (segs.length === 0 || segs.some(isSecretName)) return typeof v === 'string' ? 'a string' : typeof v === 'number' ? 'a number' : 'true or false';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? v.slice(0, 37) + '...' : v);
  return String(v);
}

function typeWord(t: unknown): string {
  const list = Array.isArray(t) ? t : [t];
  return list.map((x) => TYPE_WORDS[String(x)] ?? String(x)).join(' or ');
}

type Schema = Record<string, unknown>;

// A readable name for the thing at `segs`: `'retries'`, `'depends_on[0]'`, or the schema's title.
function what(segs: string[], parentSchema: Schema | undefined, data: unknown): string {
  const title = typeof parentSchema?.title === 'string' ? parentSchema.title : undefined;
  if (title) return titled(title, segs, data);
  let i = segs.length - 1;
  let suffix = '';
  while (i >= 0 && /^\d+$/.test(segs[i] ?? '')) {
    suffix = `[${segs[i]}]` + suffix;
    i--;
  }
  if (i < 0) return `item${suffix}`;
  return `'${segs[i]}${suffix}'`;
}

function titled(title: string, segs: string[], data: unknown): string {
  const id = data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>).id : undefined;
  if (typeof id === 'string') return `${title} '${id}'`;
  const last = segs[segs.length - 1];
  if (title === 'group') return `group '${last ?? 'all'}'`;
  if (title === 'vars' && segs.length >= 2) {
    const owner = segs[segs.length - 2] === 'hosts' || segs[segs.length - 3] === 'hosts' ? `host '${last}'` : `group '${segs[segs.length - 2]}'`;
    return `vars of ${owner}`;
  }
  if (last !== undefined && /^\d+$/.test(last)) return `${title} ${Number(last) + 1}`;
  return title;
}

function message(e: ErrorObject, segs: string[]): { message: string; keyOf?: string; itemOf?: number } | undefined {
  const ps = e.parentSchema as Schema | undefined;
  const xm = typeof ps?.['x-message'] === 'string' ? ps['x-message'] : undefined;
  const w = what(segs, e.keyword === 'required' || e.keyword === 'additionalProperties' ? ps : undefined, e.data);
  const got = ` (got ${describeValue(e.data, segs)})`;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String((e.params as { additionalProperty: string }).additionalProperty);
      const known = Object.keys((ps?.properties as Schema | undefined) ?? {});
      const hint = didYouMean(key, known);
      const where = w === 'item' ? '' : ` in ${w}`;
      return { message: `unknown key '${key}'${where}${hint ? ` (did you mean '${hint}'?)` : known.length ? ` (known keys: ${known.join(', ')})` : ''}`, keyOf: key };
    }
    case 'required':
      return { message: `${w} is missing required key '${(e.params as { missingProperty: string }).missingProperty}'` };
    case 'type':
      return { message: `${what(segs, ps?.title ? ps : undefined, e.data)} must be ${typeWord((e.params as { type: unknown }).type)}${got}` };
    case 'enum': {
      const allowed = ((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map(String);
      const hint = typeof e.data === 'string' ? didYouMean(e.data, allowed) : undefined;
      return { message: `${w} must be one of ${allowed.join(', ')}${got}${hint ? `; did you mean '${hint}'?` : ''}` };
    }
    case 'pattern':
      return { message: `${w} ${xm ?? `must match ${String(e.schema)}`}${got}` };
    case 'format':
      return { message: `${w} ${xm ?? `must be a valid ${String((e.params as { format: string }).format)}`}${got}` };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const p = e.params as { comparison: string; limit: number };
      return { message: `${w} must be ${p.comparison} ${p.limit}${got}` };
    }
    case 'minItems':
      return { message: `${w} must have at least ${(e.params as { limit: number }).limit} item(s)` };
    case 'minLength':
      return { message: `${w} must not be empty` };
    case 'uniqueItems': {
      const p = e.params as { i: number; j: number };
      const items = Array.isArray(e.data) ? e.data : [];
      return { message: `${w} lists ${describeValue(items[p.i], [...segs, String(p.i)])} twice`, itemOf: p.i };
    }
    case 'anyOf':
    case 'oneOf':
      return { message: `${w} ${xm ?? 'has an unexpected form'}${got}` };
    case 'if':
    case 'propertyNames':
      return undefined;
    default:
      return { message: `${w} ${e.message ?? 'is invalid'}` };
  }
}

// ajv reports every branch of an anyOf; keep only what helps: the errors of the branch that got
// deeper into the value, or one summarising message when no branch did.
function prune(errors: ErrorObject[]): ErrorObject[] {
  const anyPaths = new Set(errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').map((e) => e.instancePath));
  const out: ErrorObject[] = [];
  for (const e of errors) {
    const P = e.instancePath;
    const isAny = e.keyword === 'anyOf' || e.keyword === 'oneOf';
    if (anyPaths.has(P)) {
      const deeper = errors.some((x) => x.instancePath.startsWith(P + '/'));
      if (deeper && (isAny || e.keyword !== 'additionalProperties' && e.keyword !== 'required')) continue;
      if (!deeper && !isAny) continue;
      // An inner anyOf at the same path (serialItem inside serial) says less than the outer one.
      if (!deeper && isAny && out.some((o) => o.instancePath === P && (o.keyword === 'anyOf' || o.keyword === 'oneOf'))) continue;
    }
    out.push(e);
  }
  // The outermost anyOf's message is the most general; ajv emits inner ones first, so keep the last.
  const lastAny = new Map<string, ErrorObject>();
  for (const e of errors) if ((e.keyword === 'anyOf' || e.keyword === 'oneOf') && !errors.some((x) => x.instancePath.startsWith(e.instancePath + '/'))) lastAny.set(e.instancePath, e);
  return out.map((e) => (e.keyword === 'anyOf' || e.keyword === 'oneOf' ? (lastAny.get(e.instancePath) ?? e) : e));
}

/** Validate a located YAML value against a schema; every error becomes a located, readable diagnostic. */
export function schemaDiagnostics(validate: ValidateFunction, doc: LocatedYaml): Diagnostic[] {
  if (validate(doc.value)) return [];
  const raw = validate.errors ?? [];
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  // propertyNames failures: ajv reports the inner error at the object with params.propertyName.
  for (const e of raw) {
    if (e.keyword !== 'propertyNames') continue;
    const name = String((e.params as { propertyName: string }).propertyName);
    const segs = parsePointer(e.instancePath);
    const inner = raw.find((x) => x !== e && x.instancePath === e.instancePath && (x.propertyName === name || (x.params as { propertyName?: string }).propertyName === name) && x.keyword !== 'propertyNames');
    const xm = (inner?.parentSchema as Schema | undefined)?.['x-message'];
    const d = { pos: doc.keyAt([...segs, name]), message: `invalid name '${name}': ${typeof xm === 'string' ? xm : 'not allowed here'}` };
    const k = `${d.pos.line}:${d.pos.col}:${d.message}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push(d);
    }
  }
  const rest = raw.filter((e) => e.keyword !== 'propertyNames' && !(e as { propertyName?: string }).propertyName);
  // A misspelt required key shows up twice (missing + unknown); the "did you mean" line says it all.
  const misspelt = new Set<string>();
  for (const e of rest) {
    if (e.keyword !== 'additionalProperties') continue;
    const known = Object.keys(((e.parentSchema as Schema | undefined)?.properties as Schema | undefined) ?? {});
    const hint = didYouMean(String((e.params as { additionalProperty: string }).additionalProperty), known);
    if (hint) misspelt.add(`${e.instancePath}|${hint}`);
  }
  for (const e of prune(rest)) {
    const segs = parsePointer(e.instancePath);
    if (e.keyword === 'required' && misspelt.has(`${e.instancePath}|${(e.params as { missingProperty: string }).missingProperty}`)) continue;
    const m = message(e, segs);
    if (!m) continue;
    const pos = m.keyOf !== undefined ? doc.keyAt([...segs, m.keyOf]) : m.itemOf !== undefined ? doc.at([...segs, m.itemOf]) : e.keyword === 'required' ? doc.at(segs) : doc.at(segs);
    const k = `${pos.line}:${pos.col}:${m.message}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push({ pos, message: m.message });
  }
  return out;
}
