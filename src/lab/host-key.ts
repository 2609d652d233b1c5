// A device's host key, parsed once, signing with a node KeyObject: ssh2 signs each key exchange with the key's
// PEM text, which OpenSSL parses again on every handshake (about 0.7 ms for an ed25519 key against 0.05 ms
// with a KeyObject), and a fleet of 1,000 devices does that on every connection.
import { createPrivateKey, sign } from 'node:crypto';
import ssh2 from 'ssh2';
import type { ParsedKey } from 'ssh2';

/** Parse an OpenSSH private host key for ssh2's Server, signing with a pre-parsed key object. */
export function hostKeyForServer(privateKey: string): ParsedKey {
  const parsed = ssh2.utils.parseKey(privateKey);
  if (parsed instanceof Error) throw parsed;
  const key = Array.isArray(parsed) ? (parsed[0] as ParsedKey) : parsed;
  const pem = key.getPrivatePEM();
  // Only ed25519 signs without a hash choice; other key types keep ssh2's own signing.
  if (key.type !== 'ssh-ed25519' || !pem) return key;
  const keyObject = createPrivateKey(pem);
  // ssh2 expects an Error returned, not thrown, when signing fails.
  key.sign = ((data: Buffer | string) => {
    try {
      return sign(null, typeof data === 'string' ? Buffer.from(data) : data, keyObject);
    } catch (err) {
      return err as Error;
    }
  }) as ParsedKey['sign'];
  return key;
}
