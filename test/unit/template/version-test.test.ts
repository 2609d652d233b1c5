// Ansible's `version` test: the leading dotted numbers of each side compared with the operator given (the FMC's
// "7.4.1 (build 172)" against "7.2", for the licence API of fmc-cloud-config.yml).
import { describe, expect, it } from 'vitest';
import { ev, templateError } from './helpers.js';

describe('the version test', () => {
  it('compares the leading dotted numbers, missing parts as 0', () => {
    expect(ev("'7.4.1 (build 172)' is version('7.2', '>=')")).toBe(true);
    expect(ev("'7.2.0' is version('7.2', '>=')")).toBe(true);
    expect(ev("'7.2' is version('7.2.0', '==')")).toBe(true);
    expect(ev("'6.6.0 (build 90)' is version('7.2', '>=')")).toBe(false);
    expect(ev("'10.0.0-build 7056' is version('7.2', 'ge')")).toBe(true);
    expect(ev("'7.10' is version('7.9', '>')")).toBe(true);
    expect(ev("'7.1.9' is version('7.2', 'lt')")).toBe(true);
    expect(ev("'7.4.1' is not version('7.4.1', '!=')")).toBe(true);
  });

  it('refuses a value without a version number and an unknown operator, never guessing', () => {
    expect(templateError(() => ev("'unknown' is version('7.2', '>=')")).message).toMatch(/does not start with a version number/);
    expect(templateError(() => ev("'7.2' is version('7.2', '=>')")).message).toMatch(/unknown operator/);
  });
});
