import { describe, expect, it } from 'vitest';
import { referencedVariables, variableReferences } from '../../../src/template/index.js';
import { FILE, templateError } from './helpers.js';

const base = { file: FILE, line: 10, col: 5 };
const pos = (line: number, col: number) => ({ file: FILE, line, col });

describe('referencedVariables', () => {
  it('lists the top-level names a template reads, in source order, with positions', () => {
    const refs = referencedVariables("dns {{ dns_servers | join(',') }} via {{ sse_hosts[sse_region].0 }}", base);
    expect(refs).toEqual([
      { name: 'dns_servers', pos: pos(10, 12) },
      { name: 'sse_hosts', pos: pos(10, 46) },
      { name: 'sse_region', pos: pos(10, 56) },
    ]);
  });

  it('reads bare expressions when asked, and ignores attribute names and literals', () => {
    const refs = referencedVariables("facts.dns | length > min_count and 'facts' in output", base, { expression: true });
    expect(refs.map((r) => r.name)).toEqual(['facts', 'min_count', 'output']);
  });

  it('includes reads inside filter arguments, tests, conditionals, lists and dicts', () => {
    const refs = referencedVariables("{{ a | default(b) | join(c) }}{{ d if e is defined else [f, {g: h}] }}{{ i is divisibleby(j) }}", base);
    expect(refs.map((r) => r.name)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j']);
  });

  it('lists a name once per read', () => {
    expect(referencedVariables('{{ x }}{{ x }}', base).map((r) => r.name)).toEqual(['x', 'x']);
  });

  it('locates names on later lines of a multi-line source', () => {
    expect(referencedVariables('a\n  {{ b }}', base)).toEqual([{ name: 'b', pos: pos(11, 6) }]);
  });

  it('returns nothing for plain text', () => {
    expect(referencedVariables('show network', base)).toEqual([]);
  });

  it('throws a positioned TemplateError on a syntax error', () => {
    const err = templateError(() => referencedVariables('x {{ a | }}', base));
    expect(err.pos).toEqual(pos(10, 14));
    expect(templateError(() => referencedVariables('a and', base, { expression: true })).message).toContain('expected a value');
  });
});

describe('variableReferences', () => {
  it('marks reads guarded by default or is defined', () => {
    const refs = variableReferences("{{ a | default(b) }} {{ c is defined }} {{ d.e is not defined }} {{ (f | upper) | default('') }} {{ g }}", base);
    expect(refs.map((r) => [r.name, r.guarded])).toEqual([
      ['a', true],
      ['b', false],
      ['c', true],
      ['d', true],
      ['f', true],
      ['g', false],
    ]);
  });
});
