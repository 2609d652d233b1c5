#!/usr/bin/env node
// Part of `npm run build`, after tsc: write each schema's standalone validator (src/yaml/schema-standalone.ts)
// to dist/src/yaml/standalone/, where the built CLI's schema registry finds it: no schema is compiled when it runs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { SCHEMA_NAMES, standalonePath } from '../dist/src/yaml/schema-check.js';
import { standaloneModule } from '../dist/src/yaml/schema-standalone.js';

for (const name of SCHEMA_NAMES) {
  const file = standalonePath(name);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, standaloneModule(name));
}
