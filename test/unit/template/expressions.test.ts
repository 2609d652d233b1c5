import { describe, expect, it } from 'vitest';
import { evaluateBool } from '../../../src/template/index.js';
import { at, ev, templateError } from './helpers.js';

describe('literals', () => {
  it('reads strings in either quote with Python escapes, keeping unknown escapes', () => {
    expect(ev(`'it\\'s'`)).toBe("it's");
    expect(ev(`"say \\"hi\\"\\n"`)).toBe('say "hi"\n');
    expect(ev(`'\\d+'`)).toBe('\\d+');
    expect(ev(`'a' "b"`)).toBe('ab');
  });

  it('reads integers, floats and exponents', () => {
    expect(ev('42')).toBe(42);
    expect(ev('3.5')).toBe(3.5);
    expect(ev('1e3')).toBe(1000);
  });

  it('reads both spellings of booleans and none', () => {
    expect(ev('true')).toBe(true);
    expect(ev('True')).toBe(true);
    expect(ev('false')).toBe(false);
    expect(ev('False')).toBe(false);
    expect(ev('none')).toBeNull();
    expect(ev('None')).toBeNull();
  });

  it('builds lists, tuples and dicts, with trailing commas allowed', () => {
    expect(ev('[1, "a", [true],]')).toEqual([1, 'a', [true]]);
    expect(ev('(1, 2)')).toEqual([1, 2]);
    expect(ev('(1,)')).toEqual([1]);
    expect(ev('()')).toEqual([]);
    expect(ev(`{'a': 1, "b": {'c': [2]}, 3: 'x',}`)).toEqual({ a: 1, b: { c: [2] }, '3': 'x' });
    expect(ev('{}')).toEqual({});
  });
});

describe('variables and access', () => {
  const vars = { region: 'eu', hosts: { us: ['u1'], eu: ['e1', 'e2'] }, xs: [10, 20, 30], facts: { dns: { primary: '1.1.1.1' } }, s: 'abc' };

  it('reads variables, attributes and indexes', () => {
    expect(ev('region', vars)).toBe('eu');
    expect(ev('facts.dns.primary', vars)).toBe('1.1.1.1');
    expect(ev("facts['dns']['primary']", vars)).toBe('1.1.1.1');
    expect(ev('hosts[region]', vars)).toEqual(['e1', 'e2']);
    expect(ev('hosts[region][1]', vars)).toBe('e2');
  });

  it('indexes lists and strings from either end, and supports Jinja dotted indexes', () => {
    expect(ev('xs[0]', vars)).toBe(10);
    expect(ev('xs[-1]', vars)).toBe(30);
    expect(ev('xs.1', vars)).toBe(20);
    expect(ev('s[1]', vars)).toBe('b');
  });

  it('treats a variable holding none as defined', () => {
    expect(ev('x is defined', { x: null })).toBe(true);
    expect(ev('x', { x: null })).toBeNull();
  });
});

describe('operators', () => {
  it('compares with == != < <= > >=', () => {
    expect(ev('1 == 1')).toBe(true);
    expect(ev("'a' != 'b'")).toBe(true);
    expect(ev('1 < 2')).toBe(true);
    expect(ev('2 <= 2')).toBe(true);
    expect(ev('3 > 4')).toBe(false);
    expect(ev('4 >= 5')).toBe(false);
    expect(ev("'abc' < 'abd'")).toBe(true);
    expect(ev('[1, 2] < [1, 3]')).toBe(true);
  });

  it('compares lists and dicts structurally', () => {
    expect(ev("[1, {'a': [2]}] == [1, {'a': [2]}]")).toBe(true);
    expect(ev("{'a': 1} == {'a': 2}")).toBe(false);
    expect(ev('none == none')).toBe(true);
  });

  it('never equates a bool with a number', () => {
    expect(ev('true == 1')).toBe(false);
  });

  it('chains comparisons like Python', () => {
    expect(ev('1 < 2 < 3')).toBe(true);
    expect(ev('1 < 3 < 2')).toBe(false);
  });

  it('refuses to order values of different types', () => {
    expect(templateError(() => ev("1 < 'a'")).message).toContain('cannot compare int < str');
  });

  it('tests membership in lists, strings and dict keys with in / not in', () => {
    expect(ev("'b' in ['a', 'b']")).toBe(true);
    expect(ev("'z' not in ['a', 'b']")).toBe(true);
    expect(ev("'ell' in 'hello'")).toBe(true);
    expect(ev("'k' in {'k': 1}")).toBe(true);
    expect(ev("'v' in {'k': 'v'}")).toBe(false);
    expect(ev("region in ('us', 'eu')", { region: 'eu' })).toBe(true);
    expect(ev('[1] in [[1], [2]]')).toBe(true);
  });

  it('reports membership in something that is not a container', () => {
    expect(templateError(() => ev("'a' in 5")).message).toContain("'in' needs a list, string or dict");
  });

  it('combines with and / or / not, returning operands like Python', () => {
    expect(ev('true and false')).toBe(false);
    expect(ev('false or true')).toBe(true);
    expect(ev('not false')).toBe(true);
    expect(ev("'' or 'fallback'")).toBe('fallback');
    expect(ev("'x' and 'y'")).toBe('y');
    expect(ev('0 and missing')).toBe(0);
  });

  it('short-circuits so a guarded read of an undefined variable is safe', () => {
    expect(ev('x is defined and x > 1')).toBe(false);
    expect(ev('x is not defined or x > 1')).toBe(true);
  });

  it('concatenates any values as text with ~', () => {
    expect(ev("'n=' ~ 5 ~ true ~ none")).toBe('n=5TrueNone');
  });

  it('adds numbers, strings and lists, and subtracts numbers', () => {
    expect(ev('1 + 2')).toBe(3);
    expect(ev("'a' + 'b'")).toBe('ab');
    expect(ev('[1] + [2]')).toEqual([1, 2]);
    expect(ev('5 - 7')).toBe(-2);
    expect(templateError(() => ev("'a' + 1")).message).toContain('unsupported operand types for +: str and int');
    expect(templateError(() => ev("'a' - 'b'")).message).toContain('unsupported operand types for -: str and str');
  });

  it('multiplies, divides, floor-divides and takes Python modulo', () => {
    expect(ev('3 * 4')).toBe(12);
    expect(ev("'ab' * 2")).toBe('abab');
    expect(ev('7 / 2')).toBe(3.5);
    expect(ev('7 // 2')).toBe(3);
    expect(ev('-7 // 2')).toBe(-4);
    expect(ev('-7 % 3')).toBe(2);
    expect(ev('7 % -3')).toBe(-2);
    expect(templateError(() => ev('1 / 0')).message).toContain('division by zero');
  });

  it('negates numbers with unary minus and rejects it on strings', () => {
    expect(ev('-(2 + 3)')).toBe(-5);
    expect(ev('+4')).toBe(4);
    expect(templateError(() => ev("-'a'")).message).toContain('bad operand type for unary -');
  });

  it('chooses a branch with a if c else b, evaluating only the chosen one', () => {
    expect(ev("'yes' if 1 < 2 else 'no'")).toBe('yes');
    expect(ev("'yes' if 1 > 2 else 'no'")).toBe('no');
    expect(ev("'a' if false else 'b' if true else 'c'")).toBe('b');
    expect(ev('x if x is defined else 0')).toBe(0);
  });
});

describe('precedence', () => {
  it('binds * tighter than ~, and ~ tighter than + as Jinja does', () => {
    expect(ev('1 + 2 * 3')).toBe(7);
    expect(ev('(1 + 2) * 3')).toBe(9);
    expect(ev("'a' ~ 2 * 3")).toBe('a6');
    // Jinja parses `1 + 2 ~ 3` as `1 + (2 ~ 3)`, an int plus a string.
    expect(templateError(() => ev('1 + 2 ~ 3')).message).toContain('unsupported operand types for +: int and str');
  });

  it('binds comparisons tighter than not, not tighter than and, and tighter than or', () => {
    expect(ev('not 1 == 2')).toBe(true);
    expect(ev("not 'a' in ['a']")).toBe(false);
    expect(ev('true or true and false')).toBe(true);
    expect(ev('(true or true) and false')).toBe(false);
    expect(ev('not true or true')).toBe(true);
  });

  it('binds filters tighter than arithmetic and unary minus', () => {
    expect(ev('1 + xs | length', { xs: [1, 2] })).toBe(3);
    expect(ev('-x | abs', { x: 3 })).toBe(3);
    expect(ev('xs | length > 1', { xs: [1, 2] })).toBe(true);
  });

  it('makes the conditional expression the loosest of all', () => {
    expect(ev('1 + 1 if false else 2 + 2')).toBe(4);
    expect(ev("'a' if true or false else 'b'")).toBe('a');
  });
});

describe('tests (is …)', () => {
  it('checks definedness, including attributes of defined dicts', () => {
    expect(ev('x is defined', { x: 1 })).toBe(true);
    expect(ev('x is not defined')).toBe(true);
    expect(ev('x is undefined')).toBe(true);
    expect(ev('d.k is defined', { d: { k: 1 } })).toBe(true);
    expect(ev('d.nope is defined', { d: { k: 1 } })).toBe(false);
    expect(ev('xs[5] is defined', { xs: [1] })).toBe(false);
    expect(ev('missing.k is defined')).toBe(false);
  });

  it('checks types and values', () => {
    expect(ev('none is none')).toBe(true);
    expect(ev("'s' is string")).toBe(true);
    expect(ev('1.5 is number')).toBe(true);
    expect(ev('2 is integer')).toBe(true);
    expect(ev('2.5 is float')).toBe(true);
    expect(ev('true is boolean')).toBe(true);
    expect(ev('true is true')).toBe(true);
    expect(ev('0 is false')).toBe(false);
    expect(ev('{} is mapping')).toBe(true);
    expect(ev('[] is sequence')).toBe(true);
    expect(ev('{} is iterable')).toBe(true);
    expect(ev('4 is even')).toBe(true);
    expect(ev('-3 is odd')).toBe(true);
    expect(ev('9 is divisibleby(3)')).toBe(true);
    expect(ev('1 is eq(1)')).toBe(true);
    expect(ev('1 is ne(1)')).toBe(false);
  });

  it('matches regexes anchored (match) and anywhere (search)', () => {
    expect(ev("'Enabled: true' is match('Enabled')")).toBe(true);
    expect(ev("'x Enabled' is match('Enabled')")).toBe(false);
    expect(ev("'x Enabled' is search('En.bled')")).toBe(true);
    expect(templateError(() => ev("'x' is search('(')")).message).toContain('invalid regular expression');
  });
});

describe('evaluateBool', () => {
  it('applies Jinja truthiness', () => {
    const falsy = ["''", '[]', '{}', '0', '0.0', 'none', 'false'];
    const truthy = ["'0'", "' '", '[0]', "{'a': none}", '1', '-1', 'true'];
    for (const src of falsy) expect(evaluateBool(at(src), {}), src).toBe(false);
    for (const src of truthy) expect(evaluateBool(at(src), {}), src).toBe(true);
  });

  it('evaluates a `that:` over parser facts', () => {
    const vars = { facts: { dns_servers: ['1.1.1.1'] }, exit_status: 0, output: 'Enabled' };
    expect(evaluateBool(at('facts.dns_servers | length > 0'), vars)).toBe(true);
    expect(evaluateBool(at("exit_status == 0 and 'Enabled' in output"), vars)).toBe(true);
  });

  it('refuses to guess about an undefined variable', () => {
    expect(templateError(() => evaluateBool(at('nope'), {})).message).toContain("undefined variable 'nope'");
  });
});
