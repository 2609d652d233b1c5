import { describe, expect, it } from 'vitest';
import { evaluate, renderTemplate } from '../../../src/template/index.js';
import { at, FILE, templateError } from './helpers.js';

const pos = (line: number, col: number) => ({ file: FILE, line, col });

describe('undefined variables', () => {
  it('name the variable and its exact file:line:col inside the template', () => {
    const err = templateError(() => renderTemplate(at('ping {{ target }}', 12, 14), {}));
    expect(err.code).toBe('E_TEMPLATE');
    expect(err.pos).toEqual(pos(12, 22));
    expect(err.message).toBe(`${FILE}:12:22: undefined variable 'target'`);
  });

  it('point at the second expression when the first is fine', () => {
    const err = templateError(() => renderTemplate(at('{{ a }} and {{ a ~ b }}', 1, 3), { a: 'x' }));
    expect(err.pos).toEqual(pos(1, 3 + 19));
    expect(err.message).toContain("'b'");
  });

  it('name the dotted path and point at the missing attribute of a defined dict', () => {
    const err = templateError(() => renderTemplate(at('{{ facts.dns_servers | length }}', 5, 10), { facts: {} }));
    expect(err.message).toContain("undefined variable 'facts.dns_servers': 'facts' has no key 'dns_servers'");
    expect(err.pos).toEqual(pos(5, 19));
  });

  it('explain a missing key, an out-of-range index and an attribute of a non-dict', () => {
    const vars = { hosts: { us: [] }, region: 'apj', xs: [1], s: 'str', z: null };
    expect(templateError(() => evaluate(at('hosts[region]'), vars)).message).toContain("undefined variable 'hosts[region]': 'hosts' has no key 'apj'");
    expect(templateError(() => evaluate(at('xs[3]'), vars)).message).toContain("index 3 is out of range for 'xs' (length 1)");
    expect(templateError(() => evaluate(at('s.x'), vars)).message).toContain("'s' is a str, not a dict");
    expect(templateError(() => evaluate(at('z.x'), vars)).message).toContain("'z' is none");
  });

  it('report the first missing link of a longer path', () => {
    const err = templateError(() => renderTemplate(at('{{ facts.a.b[0] }}'), { facts: { x: 1 } }));
    expect(err.message).toContain("undefined variable 'facts.a': 'facts' has no key 'a'");
    expect(err.pos).toEqual(pos(1, 10));
    const root = templateError(() => renderTemplate(at('{{ nope.a.b }}'), {}));
    expect(root.message).toBe(`${FILE}:1:4: undefined variable 'nope'`);
  });

  it('count lines and columns across newlines in the source', () => {
    const err = templateError(() => renderTemplate(at('first line\n  second {{ oops }}', 3, 7), {}));
    expect(err.pos).toEqual(pos(4, 13));
  });

  it('count columns in code points, not UTF-16 units', () => {
    const err = templateError(() => renderTemplate(at('😀 {{ x }}', 1, 1), {}));
    expect(err.pos).toEqual(pos(1, 6));
  });

  it('are errors in every use: text, comparison, arithmetic, filter, test argument, list item', () => {
    for (const src of ['x', "x == 1", 'x + 1', 'x | upper', "1 is divisibleby(x)", '[x]', "{'k': x}", 'not x', "'a' if x else 'b'"]) {
      const err = templateError(() => evaluate(at(src), {}));
      expect(err.message, src).toContain("undefined variable 'x'");
      expect(err.pos, src).toEqual(pos(1, 1 + src.indexOf('x')));
    }
  });

  it('are never rendered as an empty string', () => {
    expect(() => renderTemplate(at('[{{ x }}]'), {})).toThrow(/undefined variable 'x'/);
  });
});

describe('syntax errors', () => {
  const cases: [string, number, string][] = [
    ['{{ 1 + }}', 8, 'expected a value'],
    ['{{ a b }}', 6, "expected an operator or '}}', got 'b'"],
    ["{{ 'abc }}", 4, 'unterminated string literal'],
    ['{{ a ; b }}', 6, "unexpected character ';'"],
    ['{{ (1 }}', 7, "expected ')'"],
    ['{{ a if b }}', 11, "'else'"],
    ['{{ x is frob }}', 9, "unknown test 'frob'"],
    ['{{ lookup("env", "HOME") }}', 4, 'function calls are not supported'],
    ['{{ s.split(",") }}', 6, 'method calls are not supported'],
    ['{{ 1x }}', 4, "invalid number '1x'"],
  ];
  for (const [src, col, message] of cases) {
    it(`report '${message}' at column ${col} of ${src}`, () => {
      const err = templateError(() => renderTemplate(at(src), { a: 1, b: 2, x: 1, s: 'a' }));
      expect(err.message).toContain(message);
      expect(err.pos).toEqual(pos(1, col));
    });
  }

  it('tell an expression author not to wrap it in braces', () => {
    expect(templateError(() => evaluate(at('{{ x == 1 }}'), { x: 1 })).message).toContain("expressions take no '{{ }}': write 'x == 1' instead");
  });

  it('reject an empty expression', () => {
    expect(templateError(() => evaluate(at('   '), {})).message).toContain('empty expression');
  });

  it('refuse absurdly deep nesting instead of overflowing the stack', () => {
    const src = '('.repeat(5000) + '1' + ')'.repeat(5000);
    expect(templateError(() => evaluate(at(src), {})).message).toContain('nested too deeply');
    expect(templateError(() => evaluate(at('not '.repeat(5000) + 'x'), {})).message).toContain('nested too deeply');
    expect(templateError(() => evaluate(at('-'.repeat(5000) + '1'), {})).message).toContain('nested too deeply');
  });
});

describe('prototype safety', () => {
  it('rejects the names __proto__, constructor and prototype at parse time', () => {
    for (const src of ['__proto__', 'x.__proto__', 'x.constructor', 'x.prototype', 'constructor']) {
      expect(templateError(() => evaluate(at(src), { x: {} })).message, src).toContain('is not an allowed name');
    }
  });

  it('rejects them as computed keys and dict literal keys at run time', () => {
    expect(templateError(() => evaluate(at("x['__proto__']"), { x: {} })).message).toContain("'__proto__' is not an allowed key");
    expect(templateError(() => evaluate(at("x[k]"), { x: {}, k: 'constructor' })).message).toContain('not an allowed key');
    expect(templateError(() => evaluate(at("{'__proto__': 1}"), {})).message).toContain('not an allowed key');
  });

  it('reads only own properties, never inherited ones', () => {
    expect(templateError(() => evaluate(at('x.toString'), { x: {} })).message).toContain("'x' has no key 'toString'");
    expect(templateError(() => evaluate(at('hasOwnProperty'), {})).message).toContain("undefined variable 'hasOwnProperty'");
    expect(templateError(() => evaluate(at("x['valueOf']"), { x: {} })).message).toContain("has no key 'valueOf'");
    const inherited = Object.create({ secret: 1 }) as Record<string, unknown>;
    expect(evaluate(at('x.secret is defined'), { x: inherited })).toBe(false);
    expect(evaluate(at("'secret' in x"), { x: inherited })).toBe(false);
  });

  it('does not expose array or string properties such as length as attributes', () => {
    expect(evaluate(at('xs.length is defined'), { xs: [1] })).toBe(false);
    expect(evaluate(at('s.length is defined'), { s: 'abc' })).toBe(false);
  });
});
