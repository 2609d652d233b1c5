// Issue 12 finding 8: a secret too short to redact safely is refused before a run contacts anything.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { refuseShortSecrets } from '../../../src/cli/short-secrets.js';
import { secretEntries } from '../../../src/cli/run-secrets.js';
import type { InventoryHost } from '../../../src/inventory/model.js';
import type { ConnectTarget } from '../../../src/connections/ssh/transport.js';

const host = (name: string, vars: Record<string, unknown>): InventoryHost => ({ name, groups: ['all'], vars, pos: { file: 'inv.yml', line: 1, col: 1 } });
const target = (name: string, password: string): ConnectTarget => ({ name, host: '127.0.0.1', port: 22, user: 'admin', platform: 'ftd', password });

describe('refuseShortSecrets', () => {
  it('names every host and variable whose secret is shorter than six characters, never the value', () => {
    const hosts = [host('fw-1', { ansible_password: 'qz' }), host('fw-2', { ansible_password: 'long-enough' }), host('fw-3', { api_token: 12345 })];
    const targets = new Map<string, ConnectTarget | Error>([
      ['fw-1', target('fw-1', 'qz')],
      ['fw-2', target('fw-2', 'long-enough')],
    ]);
    let err: unknown;
    try {
      refuseShortSecrets(secretEntries({ hosts, targets, playVars: [{ vault_secret: 'abc' }] }));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UsageError);
    const message = (err as Error).message;
    expect(message).toContain('host fw-1: ansible_password is shorter than 6 characters');
    expect(message).toContain('host fw-1: password is shorter than 6 characters');
    expect(message).toContain('host fw-3: api_token is shorter than 6 characters');
    expect(message).toContain('play 1 vars: vault_secret is shorter than 6 characters');
    expect(message).not.toContain('fw-2');
    expect(message).not.toMatch(/qz|12345|abc\b/);
  });

  it('accepts secrets of six characters or more, and empty ones (no secret at all)', () => {
    expect(() => refuseShortSecrets(secretEntries({ hosts: [host('fw', { ansible_password: 'sixsix', other_token: '' })], targets: new Map() }))).not.toThrow();
  });
});
