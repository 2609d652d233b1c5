import { describe, expect, it } from 'vitest';
import { renderTemplate, renderValue } from '../../../src/template/index.js';
import { at, render, templateError } from './helpers.js';

describe('renderTemplate', () => {
  it('returns text without expressions unchanged', () => {
    expect(render('show network')).toBe('show network');
    expect(render('')).toBe('');
  });

  it('interpolates expressions inside text', () => {
    const vars = { dns_servers: ['1.1.1.1', '8.8.8.8'], inventory_hostname: 'ftd1', ansible_host: '127.0.0.1' };
    expect(render("configure network dns servers {{ dns_servers | join(',') }}", vars)).toBe('configure network dns servers 1.1.1.1,8.8.8.8');
    expect(render('On {{inventory_hostname}} ({{ ansible_host }}) …', vars)).toBe('On ftd1 (127.0.0.1) …');
  });

  it('writes values as text: strings as-is, True/False, None, and lists/dicts as JSON', () => {
    const vars = { s: 'x', n: 3, f: 2.5, t: true, no: false, z: null, xs: ['a', 1, true, null], d: { k: [1] } };
    expect(render('{{ s }}|{{ n }}|{{ f }}|{{ t }}|{{ no }}|{{ z }}', vars)).toBe('x|3|2.5|True|False|None');
    expect(render('{{ xs }} {{ d }}', vars)).toBe('["a",1,true,null] {"k":[1]}');
  });

  it('finds the closing braces past dict literals and strings containing braces', () => {
    expect(render("{{ {'a': {'b': 1}}['a']['b'] }}!")).toBe('1!');
    expect(render("{{ '}}' }}{{ '{{' }}")).toBe('}}{{');
  });

  it('trims whitespace next to {{- and -}}', () => {
    expect(render('a   {{- x -}}   b', { x: 'X' })).toBe('aXb');
    expect(render('a {{ x -}}\n  b', { x: 'X' })).toBe('a Xb');
  });

  it('rejects {% %} blocks with a clear, positioned error', () => {
    const err = templateError(() => renderTemplate(at('x {% if a %}y{% endif %}', 4, 9), {}));
    expect(err.message).toContain("'{% %}' blocks are not supported");
    expect(err.pos).toEqual({ file: 'playbooks/site.yml', line: 4, col: 11 });
  });

  it('leaves shell braces alone: ${#var} and a lone {% with no %}', () => {
    expect(render('echo ${#arr[@]} {{ n }}', { n: 1 })).toBe('echo ${#arr[@]} 1');
    expect(render("printf '{%s}' x")).toBe("printf '{%s}' x");
    expect(render("awk '{print $1}'")).toBe("awk '{print $1}'");
  });

  it('rejects an unterminated or empty expression', () => {
    expect(templateError(() => render('a {{ x')).message).toContain("unterminated '{{'");
    expect(templateError(() => render('a {{ }}')).message).toContain('empty expression');
  });

  it('renders the same source at different positions with each its own error position', () => {
    const a = templateError(() => renderTemplate(at('{{ nope }}', 2, 5), {}));
    const b = templateError(() => renderTemplate(at('{{ nope }}', 7, 1), {}));
    expect(a.pos).toEqual({ file: 'playbooks/site.yml', line: 2, col: 8 });
    expect(b.pos).toEqual({ file: 'playbooks/site.yml', line: 7, col: 4 });
  });
});

describe('renderValue', () => {
  const vars = { sse_region: 'eu', sse_hosts: { us: ['us.example'], eu: ['eu1.example', 'eu2.example'] }, n: 5 };

  it('returns the native value of a lone expression, whitespace around allowed', () => {
    expect(renderValue(at('{{ sse_hosts[sse_region] }}'), vars)).toEqual(['eu1.example', 'eu2.example']);
    expect(renderValue(at('  {{ n }} \n'), vars)).toBe(5);
    expect(renderValue(at("{{ {'a': n} }}"), vars)).toEqual({ a: 5 });
    expect(renderValue(at('{{ none }}'), vars)).toBeNull();
  });

  it('renders to a string when there is text beside the expression or several expressions', () => {
    expect(renderValue(at('n={{ n }}'), vars)).toBe('n=5');
    expect(renderValue(at('{{ n }}{{ n }}'), vars)).toBe('55');
    expect(renderValue(at('plain'), vars)).toBe('plain');
  });

  it('fails on an undefined lone expression rather than returning nothing', () => {
    expect(templateError(() => renderValue(at('{{ missing }}'), vars)).message).toContain("undefined variable 'missing'");
  });
});
