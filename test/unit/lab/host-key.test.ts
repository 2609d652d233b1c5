// The server's host key signs exactly as ssh2's own signing would (ed25519 signatures are deterministic).
import { describe, expect, it } from 'vitest';
import ssh2 from 'ssh2';
import type { ParsedKey } from 'ssh2';
import { hostKeyForServer } from '../../../src/lab/host-key.js';

describe('the lab host key', () => {
  it('produces the same ed25519 signature as ssh2, which the public key verifies', () => {
    const pair = ssh2.utils.generateKeyPairSync('ed25519');
    const reference = ssh2.utils.parseKey(pair.private) as ParsedKey;
    const key = hostKeyForServer(pair.private);
    const data = Buffer.from('exchange hash of a key exchange');
    const signature = key.sign(data);
    expect(signature).toBeInstanceOf(Buffer);
    expect(signature.equals(reference.sign(data))).toBe(true);
    expect(reference.verify(data, signature)).toBe(true);
    expect(key.getPublicSSH().equals(reference.getPublicSSH())).toBe(true);
  });

  it('rejects a malformed key instead of serving without one', () => {
    expect(() => hostKeyForServer('not a key')).toThrow();
  });
});
