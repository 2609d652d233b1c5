// The built CLI validates with the standalone validators `npm run build` wrote (scripts/compile-schemas.mjs):
// each is current with its schema, and the registry of dist/ hands it out instead of compiling the schema.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { assertBuilt } from './helpers.js';

type Registry = typeof import('../../src/yaml/schema-check.js');

describe('the built schema registry', () => {
  it('uses the build’s standalone validator of every schema', async () => {
    assertBuilt();
    const built = (await import(pathToFileURL(resolve('dist/src/yaml/schema-check.js')).href)) as Registry;
    const require = createRequire(import.meta.url);
    for (const name of built.SCHEMA_NAMES) {
      const file = built.standalonePath(name);
      expect(file).toBe(resolve('dist/src/yaml/standalone', name.replace(/\.json$/, '.cjs')));
      const mod = require(file) as { schemaSha256?: string };
      expect(mod.schemaSha256).toBe(built.schemaSource(name).sha256);
      expect(built.schemaValidator(name)).toBe(mod);
    }
  });
});
