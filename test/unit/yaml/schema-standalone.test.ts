// The build's standalone validators (src/yaml/schema-standalone.ts, written by scripts/compile-schemas.mjs) give
// exactly what the registry's runtime-compiled ones give: the same ajv errors, hence the same located messages,
// on every fixture and on mutations of the valid documents; a validator made from another schema text is not used.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ValidateFunction } from 'ajv';
import { parseAnsibleYaml } from '../../../src/inventory/ansible-yaml.js';
import { parseLocatedYaml, type LocatedYaml } from '../../../src/yaml/located-yaml.js';
import { createSchemaAjv, SCHEMA_NAMES, schemaDiagnostics, schemaSource, standaloneValidator, type SchemaName } from '../../../src/yaml/schema-check.js';
import { standaloneModule } from '../../../src/yaml/schema-standalone.js';

// Inside the checkout, so the generated code's require('ajv/…') finds node_modules.
mkdirSync('test-output', { recursive: true });
const dir = mkdtempSync(join('test-output', 'standalone-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function written(name: string, text: string): string {
  const file = join(process.cwd(), dir, name.replace(/\.json$/, '.cjs'));
  writeFileSync(file, text);
  return file;
}

const runtime = new Map<SchemaName, ValidateFunction>();
const standalone = new Map<SchemaName, ValidateFunction>();
for (const name of SCHEMA_NAMES) {
  runtime.set(name, createSchemaAjv().compile(JSON.parse(schemaSource(name).text) as object));
  const v = standaloneValidator(written(name, standaloneModule(name)), schemaSource(name).sha256);
  if (v) standalone.set(name, v);
}

function yamlFiles(d: string): string[] {
  return readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? yamlFiles(join(d, e.name)) : /\.ya?ml$/.test(e.name) ? [join(d, e.name)] : []));
}

// Every way the mutations below change one place of a document.
const WRONG: unknown[] = [null, 7, -1, 1.5, true, 'x', '', [], ['a', 'a'], {}, { unknown_key: 1 }];

// The document itself, and for each of its first places: each wrong value there, the key removed, a key added.
function mutations(value: unknown, limit = 40): unknown[] {
  const out: unknown[] = [value];
  const places: (string | number)[][] = [];
  const walk = (v: unknown, path: (string | number)[]): void => {
    if (places.length >= limit) return;
    if (path.length > 0) places.push(path);
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
  };
  walk(value, []);
  const set = (root: unknown, path: (string | number)[], f: (parent: Record<string | number, unknown>, key: string | number) => void): unknown => {
    const copy = structuredClone(root) as Record<string | number, unknown>;
    let parent = copy;
    for (const seg of path.slice(0, -1)) parent = parent[seg] as Record<string | number, unknown>;
    f(parent, path[path.length - 1] as string | number);
    return copy;
  };
  for (const path of places) {
    for (const w of WRONG) out.push(set(value, path, (p, k) => (p[k] = structuredClone(w))));
    out.push(set(value, path, (p, k) => (Array.isArray(p) ? p.splice(Number(k), 1) : delete p[k])));
    out.push(set(value, path, (p, k) => (p[k] && typeof p[k] === 'object' && !Array.isArray(p[k]) ? ((p[k] as Record<string, unknown>).bogus = 1) : undefined)));
  }
  return out;
}

function corpus(name: SchemaName): LocatedYaml[] {
  const files = [...yamlFiles('test/fixtures/invalid'), ...yamlFiles('test/fixtures/valid'), ...yamlFiles('playbooks')];
  const docs: LocatedYaml[] = [];
  for (const f of files) {
    const base = f.split('/').pop() ?? '';
    const isInventory = base.startsWith('inv') || base === 'inventory.yml';
    const isPlaybook = base.startsWith('pb-') || base === 'playbook.yml' || f.startsWith('playbooks');
    if (name === 'inventory.schema.json' ? !isInventory : name === 'playbook.schema.json' ? !isPlaybook : false) continue;
    const text = readFileSync(f, 'utf8');
    const doc = isInventory ? parseAnsibleYaml(text, f) : parseLocatedYaml(text, f);
    for (const value of mutations(doc.value)) docs.push({ ...doc, value });
  }
  if (name === 'plan.schema.json') {
    for (const value of [{}, { version: 1 }, { version: 'x', created_at: 'yesterday', hosts: 3 }, { version: 1, created_at: '2026-12-01T04:00:00Z', extra: true }]) {
      for (const v of mutations(value)) docs.push({ ...parseLocatedYaml('{}', 'plan.json'), value: v });
    }
  }
  return docs;
}

describe('standalone schema validators', () => {
  it.each(SCHEMA_NAMES)('%s: the same errors and messages as the runtime-compiled validator', (name) => {
    const fast = standalone.get(name) as ValidateFunction;
    const slow = runtime.get(name) as ValidateFunction;
    expect(fast).toBeTypeOf('function');
    const docs = corpus(name);
    expect(docs.length).toBeGreaterThan(20);
    let failing = 0;
    for (const doc of docs) {
      const ok = slow(doc.value);
      expect(fast(doc.value)).toBe(ok);
      expect(fast.errors ?? null).toEqual(slow.errors ?? null);
      expect(schemaDiagnostics(fast, doc)).toEqual(schemaDiagnostics(slow, doc));
      if (!ok) failing++;
    }
    // The corpus exercises the error paths, not only valid documents.
    expect(failing).toBeGreaterThan(docs.length / 2);
  });

  it('is used only when it was made from the schema text as it is now', () => {
    const name: SchemaName = 'inventory.schema.json';
    const { sha256 } = schemaSource(name);
    const file = written(name, standaloneModule(name));
    expect(standaloneValidator(file, sha256)).toBeTypeOf('function');
    expect(standaloneValidator(file, sha256.replace(/^./, (c) => (c === '0' ? '1' : '0')))).toBeUndefined();
    expect(standaloneValidator(join(dir, 'missing.cjs'), sha256)).toBeUndefined();
    // (a file of its own: require() keeps what it loaded)
    const stale = written('without-digest.json', standaloneModule(name).replace(/module\.exports\.schemaSha256 = .*/, ''));
    expect(standaloneValidator(stale, sha256)).toBeUndefined();
  });
});
