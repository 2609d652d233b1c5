// Ansible's `version` test: the leading dotted numbers of each side compared with the operator given (the FMC's
// "7.4.1 (build 172)" against "7.2", for the licence API of fmc-cloud-config.yml).
import { describe, expect, it } from 'vitest';
import { ev, templateError } from './helpers.js';

describe('the version test', () => {
  // [value, other, operator, expected]
  const cases: [string, string, string, boolean][] = [
    ['7.4.1 (build 172)', '7.2', '>=', true],
    ['7.2.0', '7.2', '>=', true],
    ['7.2', '7.2.0', '==', true],
    ['6.6.0 (build 90)', '7.2', '>=', false],
    ['10.0.0-build 7056', '7.2', 'ge', true],
    ['7.10', '7.9', '>', true],
    ['7.1.9', '7.2', 'lt', true],
    ['7.4.1', '7.4.1', '!=', false],
  ];
  it.each(cases)('%s is version(%s, %s) is %s (leading dotted numbers, missing parts as 0)', (value, other, op, want) => {
    expect(ev(`'${value}' is version('${other}', '${op}')`)).toBe(want);
  });

  it('refuses a value without a version number and an unknown operator, never guessing', () => {
    expect(templateError(() => ev("'unknown' is version('7.2', '>=')")).message).toMatch(/does not start with a version number/);
    expect(templateError(() => ev("'7.2' is version('7.2', '=>')")).message).toMatch(/unknown operator/);
  });
});
