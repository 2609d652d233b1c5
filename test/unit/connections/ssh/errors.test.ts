// The one mapping from ssh2 / Node errors to stable codes, and secrets kept out of messages.
import { describe, expect, it } from 'vitest';
import { classifyConnectError, mapConnectError } from '../../../../src/connections/ssh/errors.js';
import { createRedactor } from '../../../../src/report/redact.js';
import { backoffDelay, BACKOFF } from '../../../../src/connections/ssh/reboot.js';

const err = (message: string, extra: Record<string, string>): Error => Object.assign(new Error(message), extra);

describe('transport error mapping', () => {
  it('maps Node socket codes and ssh2 levels to stable codes', () => {
    expect(classifyConnectError(err('connect ECONNREFUSED 127.0.0.1:1', { code: 'ECONNREFUSED', level: 'client-socket' }), {})).toBe('E_CONNECT_REFUSED');
    expect(classifyConnectError(err('getaddrinfo ENOTFOUND nohost', { code: 'ENOTFOUND' }), {})).toBe('E_DNS');
    expect(classifyConnectError(err('x', { level: 'client-dns' }), {})).toBe('E_DNS');
    expect(classifyConnectError(err('Timed out while waiting for handshake', { level: 'client-timeout' }), {})).toBe('E_CONNECT_TIMEOUT');
    expect(classifyConnectError(err('All configured authentication methods failed', { level: 'client-authentication' }), {})).toBe('E_AUTH');
    expect(classifyConnectError(err('read ECONNRESET', { code: 'ECONNRESET' }), {})).toBe('E_DISCONNECTED');
    expect(classifyConnectError(err('Connection lost before handshake', { level: 'protocol' }), {})).toBe('E_DISCONNECTED');
    expect(classifyConnectError(err('Handshake failed: no matching host key format', { level: 'handshake' }), {})).toBe('E_CONNECT_REFUSED');
  });

  it('lets a host-key refusal win over the generic handshake error ssh2 raises for it', () => {
    const refusal = { code: 'E_HOSTKEY_CHANGED' as const, message: 'host key has CHANGED' };
    const e = mapConnectError(err('Host denied (verification failed)', { level: 'handshake' }), {
      name: 'ftd-003',
      host: '127.0.0.1',
      port: 2203,
      hostKeyRefusal: refusal,
      redact: (t) => t,
    });
    expect(e.code).toBe('E_HOSTKEY_CHANGED');
    expect(e.host).toBe('ftd-003');
    expect(e.message).toBe('ftd-003 (127.0.0.1:2203): host key has CHANGED');
  });

  it('scrubs secrets from the low-level message it quotes', () => {
    const redact = createRedactor(['hunter2', undefined, '']).redact;
    const e = mapConnectError(err('bad password hunter2', { level: 'client-authentication' }), { name: 'h', host: '127.0.0.1', port: 22, redact });
    expect(e.code).toBe('E_AUTH');
    expect(e.message).not.toContain('hunter2');
    expect(e.message).toContain('<redacted>');
  });

  it('redacts the longest secret first so a password containing another is fully hidden', () => {
    const redact = createRedactor(['abcdef', 'abcdefghi']).redact;
    expect(redact('x abcdefghi y abcdef')).toBe('x <redacted> y <redacted>');
  });

  it('backs off exponentially up to a cap between reconnect attempts', () => {
    expect(backoffDelay(0)).toBe(BACKOFF.firstMs);
    expect(backoffDelay(1)).toBeGreaterThan(backoffDelay(0));
    expect(backoffDelay(50)).toBe(BACKOFF.maxMs);
  });
});
