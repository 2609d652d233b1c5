import { describe, expect, it } from 'vitest';
import { omitVolatile, parseOutput, PARSER_NAMES, PARSERS, volatilePaths } from '../../../src/parsers/index.js';
import { ParseError } from '../../../src/errors.js';

// Output an FTD gives when a command is not what the parser expects: every parser must refuse it.
const FOREIGN = ['Syntax error: Illegal parameter', '-bash: foo: command not found', 'lorem ipsum dolor sit amet\nconsectetur'];

describe('parser registry', () => {
  it('registers every name in PARSER_NAMES and nothing else', () => {
    expect(Object.keys(PARSERS).sort()).toEqual([...PARSER_NAMES].sort());
  });

  for (const name of PARSER_NAMES) {
    it(`makes ${name} throw ParseError, prefixed with its name, on foreign output`, () => {
      for (const text of FOREIGN) {
        expect(() => parseOutput(name, text)).toThrow(ParseError);
        expect(() => parseOutput(name, text)).toThrow(new RegExp(`^${name}: `));
      }
    });
  }

  it('refuses an unknown parser name', () => {
    expect(() => parseOutput('show_everything', 'x')).toThrow(/no such parser/);
    expect(volatilePaths('show_everything')).toEqual([]);
  });

  it('drops dotted and wildcard paths from objects and lists without touching the input', () => {
    const facts = { a: 1, b: { c: 2, d: 3 }, list: [{ x: 1, y: 2 }, { x: 3, y: 4 }], m: { p: { pid: 1, s: 'R' }, q: { pid: 2, s: 'D' } } };
    const copy = structuredClone(facts);
    expect(omitVolatile(facts, ['a', 'b.c', 'list.*.y', 'm.*.pid'])).toEqual({ b: { d: 3 }, list: [{ x: 1 }, { x: 3 }], m: { p: { s: 'R' }, q: { s: 'D' } } });
    expect(facts).toEqual(copy);
  });
});
