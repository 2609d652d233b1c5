// One schema registry: one ajv instance in src/, and each schema compiled once however many callers ask for it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planValidator } from '../../../src/plan/read-plan.js';
import { schemaValidator } from '../../../src/yaml/schema-check.js';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

describe('schema registry', () => {
  it('returns the same compiled validator to every caller (compiled once)', () => {
    expect(schemaValidator('plan.schema.json')).toBe(planValidator());
    expect(schemaValidator('playbook.schema.json')).toBe(schemaValidator('playbook.schema.json'));
    expect(schemaValidator('inventory.schema.json')).toBe(schemaValidator('inventory.schema.json'));
  });

  it('has the only ajv instance of src/', () => {
    const creators = sources('src').filter((f) => /new Ajv/.test(readFileSync(f, 'utf8')));
    expect(creators).toEqual([join('src', 'yaml', 'schema-check.ts')]);
  });

  it('validates a plan with the plan schema, not another one', () => {
    expect(planValidator()({ version: 1 })).toBe(false);
    expect((planValidator().errors ?? []).some((e) => e.keyword === 'required')).toBe(true);
  });
});
