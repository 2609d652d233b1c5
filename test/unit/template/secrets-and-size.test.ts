// Issue 12 findings 7 and 12: a value derived from a secret by a filter must never reach the output in clear,
// and no template may build a huge string.
import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../../src/report/redact.js';
import { MAX_RENDERED_CHARS } from '../../../src/template/evaluate.js';
import { renderValue, shellQuote } from '../../../src/template/index.js';
import { at, ev, render, templateError } from './helpers.js';

const vars = { ansible_password: 'S3cret-pw', vault_credentials: { api_token: 'tok-123456' }, passwords: ['first-pw', 'second-pw'], user: 'admin' };

describe('secrets in templates', () => {
  it('allows a secret as it is, joined with text, repeated, compared, quoted or defaulted', () => {
    expect(render('login {{ ansible_password }}', vars)).toBe('login S3cret-pw');
    expect(render("{{ 'pw=' ~ ansible_password }}", vars)).toBe('pw=S3cret-pw');
    expect(render('{{ ansible_password | quote }} {{ ansible_password | default("x") }} {{ ansible_password | string }}', vars)).toBe('S3cret-pw S3cret-pw S3cret-pw');
    expect(render('{{ vault_credentials.api_token }}', vars)).toBe('tok-123456');
    expect(ev("ansible_password == 'x'", vars)).toBe(false);
    expect(render('{{ user | upper }}', vars)).toBe('ADMIN');
  });

  it.each([
    ['{{ ansible_password | upper }}', 'upper'],
    ["{{ ansible_password | replace('S', 's') }}", 'replace'],
    ["{{ ansible_password | list | join(' ') }}", 'list'],
    ["{{ passwords | join(',') | lower }}", 'join'],
    ['{{ vault_credentials.api_token | lower }}', 'lower'],
    ["{{ vault_credentials['api_token'] | trim }}", 'trim'],
    ['{{ (ansible_password ~ "x") | upper }}', 'upper'],
    ['{{ user | replace("a", ansible_password) | upper }}', 'replace'],
  ])('refuses %s: the result could not be redacted', (src, filter) => {
    const err = templateError(() => render(src, vars));
    expect(err.message).toMatch(new RegExp(`is a secret: it cannot pass through filter '${filter}'`));
    expect(err.message).not.toContain('S3cret');
    expect(err.pos?.file).toBe('playbooks/site.yml');
  });

  it('refuses indexing into a secret string, and a list made of a secret as a native value (a loop)', () => {
    expect(templateError(() => render('{{ ansible_password[0] }}', vars)).message).toContain("'ansible_password' is a secret: it cannot be indexed");
    expect(templateError(() => renderValue(at('{{ [ansible_password] }}'), vars)).message).toContain('cannot be made into a list or map');
    expect(renderValue(at('{{ passwords[1] }}'), vars)).toBe('second-pw');
  });

  it('the quoted form of a secret is redacted too', () => {
    const secret = "it's-a-secret";
    const text = render('echo {{ ansible_password | quote }}', { ansible_password: secret });
    expect(text).toBe(`echo ${shellQuote(secret)}`);
    expect(createRedactor([secret]).redact(text)).toBe('echo <redacted>');
  });
});

describe('rendered size', () => {
  it("refuses 'a' * 300000000 before building it, with a located error", () => {
    const err = templateError(() => render("x {{ 'a' * 300000000 }}"));
    expect(err.message).toContain(`the result is too large (300000000 characters; the limit is ${MAX_RENDERED_CHARS})`);
    expect(err.pos).toEqual({ file: 'playbooks/site.yml', line: 1, col: 10 });
  });

  it('refuses growth by concatenation, filters and many pieces, but renders up to the limit', () => {
    const big = 'b'.repeat(MAX_RENDERED_CHARS);
    expect(templateError(() => render('{{ big ~ "x" }}', { big })).message).toContain('too large');
    expect(templateError(() => render("{{ half | replace('c', 'cc') }}", { half: 'c'.repeat(MAX_RENDERED_CHARS / 2 + 1) })).message).toContain('too large');
    expect(templateError(() => render('{{ big }}-', { big })).message).toContain('too large');
    expect(render('{{ big }}', { big })).toHaveLength(MAX_RENDERED_CHARS);
    expect(render("{{ 'ab' * 3 }}")).toBe('ababab');
  });
});
