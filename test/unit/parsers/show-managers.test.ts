import { describe, expect, it } from 'vitest';
import { parseShowManagers } from '../../../src/parsers/show-managers.js';
import { ParseError } from '../../../src/errors.js';
import { sample, variants } from './fixture.js';

describe('show_managers parser', () => {
  it('reports an FDM-managed device as managed locally', () => {
    expect(parseShowManagers(sample('show-managers/fdm-managed-locally.txt'))).toEqual({ managed_by: 'local', managers: [], registered: false });
  });

  it('reads an FMC manager block and its completed registration', () => {
    expect(parseShowManagers(sample('show-managers/fmc-registered.txt'))).toEqual({
      managed_by: 'fmc',
      managers: [{ type: 'Manager', host: '10.10.10.10', registration: 'Completed' }],
      registered: true,
    });
  });

  it('splits two manager blocks and sees a pending registration as not registered', () => {
    const f = parseShowManagers('Type : Manager\nHost : 10.0.0.1\nRegistration : Pending\n\nType : Manager\nHost : 10.0.0.2\nRegistration : Pending\n');
    expect((f['managers'] as unknown[]).length).toBe(2);
    expect(f['registered']).toBe(false);
  });

  it('gives the same facts in every whitespace variant', () => {
    const text = sample('show-managers/fmc-registered.txt');
    for (const v of Object.values(variants(text))) expect(parseShowManagers(v)).toEqual(parseShowManagers(text));
  });

  it('refuses anything else', () => {
    expect(() => parseShowManagers('Syntax error: Illegal parameter')).toThrow(ParseError);
    expect(() => parseShowManagers('')).toThrow(ParseError);
  });
});
