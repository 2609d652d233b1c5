// Every real capture under test/fixtures/real/<parser>/ gives the facts recorded next to it in
// expected.json (or is refused, for the negative samples), and does so in every whitespace variant an SSH
// session may deliver. A capture without an expectation, or an expectation without a capture, fails.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../../../src/errors.js';
import { PARSER_NAMES, PARSERS, type ParseContext } from '../../../../src/parsers/index.js';
import { variants } from '../fixture.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'fixtures', 'real');

interface Expectation {
  /** The command the source ran, when it says; it is given to the parser as context. */
  command?: string;
  /** Every fact the parser must return, exactly. */
  facts?: Record<string, unknown>;
  /** For a negative sample: a fragment of the ParseError message. */
  refused?: string;
}

// Recorded REST API answers (not device text for a parser); their own tests read them (SOURCES.md says which).
const API_FOLDERS = new Set(['fmc']);

const folders = readdirSync(ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory() && !API_FOLDERS.has(d.name))
  .map((d) => d.name)
  .sort();

describe('real captures', () => {
  it('cover every parser', () => {
    expect(folders).toEqual([...PARSER_NAMES].sort());
  });

  it('number at least 100, from the sources SOURCES.md names', () => {
    const files = folders.flatMap((f) => readdirSync(join(ROOT, f)).filter((n) => n !== 'expected.json'));
    expect(files.length).toBeGreaterThanOrEqual(100);
    const sources = readFileSync(join(ROOT, 'SOURCES.md'), 'utf8');
    for (const f of files) expect(sources, `${f} is not in SOURCES.md`).toMatch(new RegExp(f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/^(seed-00[04])-.*/, '$1')));
  });

  for (const parser of folders) {
    const dir = join(ROOT, parser);
    const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Record<string, Expectation>;
    const files = readdirSync(dir)
      .filter((f) => f !== 'expected.json')
      .sort();
    const parse = PARSERS[parser as (typeof PARSER_NAMES)[number]].parse;

    describe(parser, () => {
      it('has an expectation for every capture and a capture for every expectation', () => {
        expect(Object.keys(expected).sort()).toEqual(files);
      });

      for (const file of files) {
        const exp = expected[file];
        if (exp === undefined) continue;
        const text = readFileSync(join(dir, file), 'utf8');
        const context: ParseContext | undefined = exp.command === undefined ? undefined : { command: exp.command };
        if (exp.refused !== undefined) {
          it(`refuses ${file}`, () => {
            expect(() => parse(text, context)).toThrow(ParseError);
            expect(() => parse(text, context)).toThrow(exp.refused);
          });
          continue;
        }
        it(`reads ${file}`, () => {
          expect(parse(text, context)).toEqual(exp.facts);
        });
        it(`reads ${file} the same in every whitespace variant`, () => {
          for (const v of Object.values(variants(text))) expect(parse(v, context)).toEqual(exp.facts);
        });
      }
    });
  }
});
