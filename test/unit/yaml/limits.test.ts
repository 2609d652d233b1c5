// Issue 12 finding 4: YAML (and JSON plan) input cannot cost more than its size suggests or crash the parser.
import { describe, expect, it } from 'vitest';
import { parseLocatedYaml } from '../../../src/yaml/located-yaml.js';
import { parseLimitedJson } from '../../../src/yaml/located-json.js';
import { aliasBudget, MAX_YAML_DEPTH } from '../../../src/yaml/yaml-limits.js';

function bomb(levels: number): string {
  let text = 'a0: &a0 [x, x, x, x, x, x, x, x, x]\n';
  for (let i = 1; i <= levels; i++) text += `a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]\n`;
  return text;
}

describe('alias expansion', () => {
  it('refuses a nine-level alias bomb with one located, fatal diagnostic', () => {
    const doc = parseLocatedYaml(bomb(9), 'bomb.yml');
    expect(doc.fatal).toBe(true);
    expect(doc.value).toBeNull();
    expect(doc.diagnostics).toHaveLength(1);
    expect(doc.diagnostics[0]?.message).toBe(`YAML aliases expand to more than ${aliasBudget(bomb(9).length)} values (an alias bomb?): use fewer nested aliases`);
    expect(doc.diagnostics[0]?.pos.file).toBe('bomb.yml');
    expect(doc.diagnostics[0]?.pos.line).toBeGreaterThan(1);
  });

  it('still expands ordinary aliases, located at the alias', () => {
    const doc = parseLocatedYaml('defaults: &d {port: 22, user: admin}\nh1: *d\nh2: {vars: *d}\n', 'ok.yml');
    expect(doc.diagnostics).toEqual([]);
    expect(doc.value).toEqual({ defaults: { port: 22, user: 'admin' }, h1: { port: 22, user: 'admin' }, h2: { vars: { port: 22, user: 'admin' } } });
    expect(doc.at(['h1', 'port'])).toEqual({ file: 'ok.yml', line: 2, col: 5 });
    // A small bomb (three levels: 729 values) is within the budget.
    expect(parseLocatedYaml(bomb(3), 'small.yml').fatal).toBe(false);
  });
});

describe('nesting depth', () => {
  it.each([
    ['flow', `x: ${'['.repeat(3000)}${']'.repeat(3000)}\n`, { line: 1, col: 4 + MAX_YAML_DEPTH }],
    ['unclosed flow', `x: ${'{a: '.repeat(100_000)}`, { line: 1, col: 4 + 4 * MAX_YAML_DEPTH }],
    ['block', Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n'), { line: MAX_YAML_DEPTH + 1, col: MAX_YAML_DEPTH + 1 }],
    ['block sequence', `${'- '.repeat(3000)}x\n`, { line: 1, col: 2 * MAX_YAML_DEPTH + 1 }],
  ])('refuses 3,000-deep %s nesting with a located error', (_kind, text, pos) => {
    const doc = parseLocatedYaml(text, 'deep.yml');
    expect(doc.fatal).toBe(true);
    expect(doc.diagnostics).toEqual([{ pos: { file: 'deep.yml', ...pos }, message: `YAML nested more than ${MAX_YAML_DEPTH} levels deep` }]);
  });

  it('refuses nesting built through aliases', () => {
    // Each anchor holds the previous one a level deeper: fine in the text, too deep once expanded.
    let text = 'l0: &l0 x\n';
    for (let i = 1; i <= 150; i++) text += `l${i}: &l${i} [[*l${i - 1}]]\n`;
    const doc = parseLocatedYaml(text, 'chain.yml');
    expect(doc.fatal).toBe(true);
    expect(doc.diagnostics[0]?.message).toBe(`YAML nested more than ${MAX_YAML_DEPTH} levels deep (through aliases)`);
  });

  it('accepts nesting up to the limit', () => {
    const ok = parseLocatedYaml(`x: ${'['.repeat(MAX_YAML_DEPTH - 1)}1${']'.repeat(MAX_YAML_DEPTH - 1)}\n`, 'ok.yml');
    expect(ok.diagnostics).toEqual([]);
  });
});

describe('JSON plans', () => {
  it('refuses deep nesting with a position, and bad JSON without quoting it', () => {
    expect(parseLimitedJson(`{"a": ${'['.repeat(3000)}${']'.repeat(3000)}}`)).toEqual({ ok: false, message: `JSON nested more than ${MAX_YAML_DEPTH} levels deep (at line 1, column ${6 + MAX_YAML_DEPTH})` });
    expect(parseLimitedJson('{"a": "[[[[", "b": [1]}')).toEqual({ ok: true, value: { a: '[[[[', b: [1] } });
    // Node's own message would quote the text ("Unexpected token 'S', "{"password"…" is not valid JSON").
    expect(parseLimitedJson('{"password": S3cretPassw0rd}')).toEqual({ ok: false, message: 'it is not valid JSON' });
    expect(parseLimitedJson('{"a": 1,\n "b": 2,}')).toEqual({ ok: false, message: 'it is not valid JSON at line 2, column 9' });
    expect(parseLimitedJson('hunter2-secret\n')).toEqual({ ok: false, message: 'it is not valid JSON' });
  });
});

describe('names', () => {
  it('refuses a key with NUL or a lone surrogate written as an escape, located at the key', () => {
    const doc = parseLocatedYaml('all:\n  hosts:\n    "fw\\0one": {}\n    "fw\\ud800": {}\n    "fw-😀": {}\n', 'inv.yml');
    expect(doc.diagnostics).toEqual([
      { pos: { file: 'inv.yml', line: 3, col: 5 }, message: 'map key contains a NUL character or invalid Unicode (an escape such as \\0 or \\ud800): names must be text' },
      { pos: { file: 'inv.yml', line: 4, col: 5 }, message: 'map key contains a NUL character or invalid Unicode (an escape such as \\0 or \\ud800): names must be text' },
    ]);
  });
});
