import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { parseInventory } from '../../../src/inventory/load-inventory.js';
import { parsePlaybook } from '../../../src/playbook/load-playbook.js';
import { parseLocatedYaml } from '../../../src/yaml/located-yaml.js';

// Random mutations of the valid fixture must never crash the loader: the outcome is always a model or an
// InputError whose every diagnostic has a file, a line and a column inside the text.
const SOURCE = readFileSync('test/fixtures/valid/playbook.yml', 'utf8');
const BASE = parseLocatedYaml(SOURCE, 'x').value;
const INVENTORY = parseInventory(readFileSync('test/fixtures/valid/inventory.yml', 'utf8'), 'inventory.yml');

type Path = (string | number)[];

function paths(v: unknown, at: Path = []): Path[] {
  const out: Path[] = [at];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...at, i])));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...at, k]));
  return out;
}

function parentOf(root: unknown, path: Path): { parent: unknown; key: string | number } | undefined {
  if (path.length === 0) return undefined;
  let cur = root;
  for (const seg of path.slice(0, -1)) cur = (cur as Record<string | number, unknown>)[seg];
  return { parent: cur, key: path[path.length - 1] as string | number };
}

const GARBAGE = fc.oneof(
  fc.constant(null),
  fc.integer({ min: -5, max: 5000 }),
  fc.boolean(),
  fc.string({ maxLength: 12 }),
  fc.constantFrom('{{', '{{ x | }}', '{{ nope }}', '[unclosed', '(', '~(', '50%', '1000%', 'shell', 'clish', 'dns-configured', ''),
  fc.constant([]),
  fc.constant({}),
  fc.constant([1, 'a', null]),
);

const MUTATION = fc.record({
  kind: fc.constantFrom('delete', 'replace', 'rename', 'duplicate', 'garbage-text'),
  target: fc.nat(),
  value: GARBAGE,
  key: fc.constantFrom('comand', 'id', 'hosts', 'steps', 'depends_on', 'fix', 'xyz', '1bad', 'check'),
  textAt: fc.nat(),
  text: fc.constantFrom(':', '- ', '{', '"', '\t', '&a', '*a', '  ', '\n-', '!!binary x', '<<: *b'),
});

interface Mutation {
  kind: string;
  target: number;
  value: unknown;
  key: string;
  textAt: number;
  text: string;
}

function mutate(input: unknown, muts: Mutation[]): string {
  const root = structuredClone(input);
  let garbageText: { at: number; text: string } | undefined;
  for (const m of muts) {
    const all = paths(root).filter((p) => p.length > 0);
    if (all.length === 0) break;
    const target = all[m.target % all.length] as Path;
    const loc = parentOf(root, target);
    if (!loc) continue;
    const parent = loc.parent as Record<string | number, unknown>;
    if (m.kind === 'delete') {
      if (Array.isArray(parent)) parent.splice(Number(loc.key), 1);
      else delete parent[loc.key];
    } else if (m.kind === 'replace') parent[loc.key] = structuredClone(m.value);
    else if (m.kind === 'rename' && !Array.isArray(parent)) {
      const v = parent[loc.key];
      delete parent[loc.key];
      parent[m.key] = v;
    } else if (m.kind === 'duplicate' && Array.isArray(parent)) parent.push(structuredClone(parent[Number(loc.key)]));
    else if (m.kind === 'garbage-text') garbageText = { at: m.textAt, text: m.text };
  }
  let text = stringify(root);
  if (garbageText) {
    const at = garbageText.at % (text.length + 1);
    text = text.slice(0, at) + garbageText.text + text.slice(at);
  }
  return text;
}

describe('the playbook loader under random mutations', () => {
  it('always returns a model or an InputError with located diagnostics, never a crash', async () => {
    const seen = { model: 0, error: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(MUTATION, { minLength: 1, maxLength: 4 }), fc.boolean(), async (muts, withInventory) => {
        const text = mutate(BASE, muts);
        const lineCount = text.split('\n').length;
        try {
          const pb = await parsePlaybook(text, 'test/fixtures/valid/mutant.yml', withInventory ? { inventory: INVENTORY } : {});
          expect(Array.isArray(pb.plays)).toBe(true);
          seen.model++;
        } catch (err) {
          if (!(err instanceof InputError)) throw err;
          seen.error++;
          expect(err.diagnostics.length).toBeGreaterThan(0);
          for (const d of err.diagnostics) {
            expect(d.message.length).toBeGreaterThan(0);
            expect(d.pos.line).toBeGreaterThanOrEqual(1);
            expect(d.pos.col).toBeGreaterThanOrEqual(1);
            if (d.pos.file === 'test/fixtures/valid/mutant.yml') expect(d.pos.line).toBeLessThanOrEqual(lineCount + 1);
          }
        }
      }),
      { numRuns: 300, seed: 20240611 },
    );
    // Both outcomes must occur, or the mutations are not exercising the loader.
    expect(seen.model).toBeGreaterThan(0);
    expect(seen.error).toBeGreaterThan(0);
  });
});
