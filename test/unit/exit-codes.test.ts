import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EXIT, EXIT_MEANINGS, EXIT_PRECEDENCE, EXIT_TABLE } from '../../src/exit-codes.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const readme = readFileSync(`${root}README.md`, 'utf8');
const numeric = (codes: readonly number[]): number[] => [...codes].sort((a, b) => a - b);

describe('the exit-code table', () => {
  it('gives each code one name, one meaning and one rank', () => {
    expect(new Set(EXIT_TABLE.map((r) => r.code)).size).toBe(EXIT_TABLE.length);
    expect(new Set(EXIT_TABLE.map((r) => r.name)).size).toBe(EXIT_TABLE.length);
    for (const r of EXIT_TABLE) {
      expect(EXIT[r.name]).toBe(r.code);
      expect(EXIT_MEANINGS[r.code]).toBe(r.meaning);
    }
    expect(EXIT_PRECEDENCE).toEqual(EXIT_TABLE.map((r) => r.code));
  });

  it('is the one the README lists, with the precedence it states', () => {
    const start = readme.indexOf('## Outcomes and exit codes');
    const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
    const rows = [...section.matchAll(/^\| (\d+) \|/gm)].map((m) => Number(m[1]));
    expect(rows).toEqual(numeric(EXIT_PRECEDENCE));
    const order = /When several apply, the first in the order ([\d, ]+) wins/.exec(section);
    expect(order?.[1]?.split(', ').map(Number)).toEqual([...EXIT_PRECEDENCE]);
  });

  it('is the one the report schema accepts as exit_code', () => {
    const schema = JSON.parse(readFileSync(`${root}schemas/report.schema.json`, 'utf8')) as {
      properties: { exit_code: { enum: number[] } };
    };
    expect(numeric(schema.properties.exit_code.enum)).toEqual(numeric(EXIT_PRECEDENCE));
  });
});
