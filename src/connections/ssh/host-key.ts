// Host-key policy: strict (unknown or changed key = refuse), accept-new (record unknown, refuse changed),
// off (accept anything, warn loudly every time). One checker per transport caches the parsed file.
import type { HostKeyPolicy } from './transport.js';
import {
  appendKnownHost,
  fingerprint,
  keyTypeOf,
  knownHostsStamp,
  knownKeyTypes,
  readKnownHosts,
  verifyHostKey,
} from './known-hosts.js';
import type { KnownHosts } from './known-hosts.js';

/** Why a key was refused; mapped to a TransportError by errors.ts. */
export interface HostKeyRefusal {
  code: 'E_HOSTKEY_UNKNOWN' | 'E_HOSTKEY_CHANGED';
  message: string;
}

/** Caches known_hosts files by path, mtime and size, so a 1,000-device run parses each file once. */
export class KnownHostsCache {
  // Promises, so a thousand sessions opening at once share one read of the file.
  private readonly files = new Map<string, { stamp: string; known: Promise<KnownHosts> }>();

  /** The parsed file, re-read only when it changed on disk. */
  async get(path: string): Promise<KnownHosts> {
    // Size as well as mtime: an append within the mtime's granularity must still be seen.
    const stamp = await knownHostsStamp(path);
    const cached = this.files.get(path);
    if (cached && cached.stamp === stamp) return cached.known;
    const known = readKnownHosts(path);
    this.files.set(path, { stamp, known });
    known.catch(() => this.files.delete(path));
    return known;
  }

  /** Forget a file (after we appended to it). */
  invalidate(path: string): void {
    this.files.delete(path);
  }
}

/** Applies one policy to one host's presented key. */
export interface HostKeyCheck {
  /** Key types known for the host, preferred during negotiation so a second key type is not "changed". */
  preferredTypes: string[];
  /** Decide on the presented key; resolves to a refusal or undefined (accepted). */
  verify(blob: Buffer): Promise<HostKeyRefusal | undefined>;
}

/** Build the check for host:port under a policy. */
export async function prepareHostKeyCheck(args: {
  cache: KnownHostsCache;
  path: string;
  policy: HostKeyPolicy;
  name: string;
  host: string;
  port: number;
  warn: (message: string) => void;
}): Promise<HostKeyCheck> {
  const { cache, path, policy, name, host, port, warn } = args;
  const known = policy === 'off' ? { path, entries: [] } : await cache.get(path);
  return {
    preferredTypes: knownKeyTypes(known, host, port),
    async verify(blob: Buffer): Promise<HostKeyRefusal | undefined> {
      const fp = `${keyTypeOf(blob)} ${fingerprint(blob)}`;
      if (policy === 'off') {
        warn(`HOST KEY CHECKING IS OFF for ${name} (${host}:${port}): accepted ${fp} without verification`);
        return undefined;
      }
      const verdict = verifyHostKey(known, host, port, blob);
      switch (verdict.kind) {
        case 'match':
          return undefined;
        case 'revoked':
          return { code: 'E_HOSTKEY_CHANGED', message: `host key ${fp} is marked @revoked in ${path}:${verdict.entry.line}` };
        case 'changed':
          return {
            code: 'E_HOSTKEY_CHANGED',
            message: `host key has CHANGED: the server presented ${fp}, which does not match ${path}:${verdict.entry.line}; refusing to connect`,
          };
        case 'unknown':
          if (policy === 'accept-new') {
            await appendKnownHost(path, host, port, blob);
            cache.invalidate(path);
            warn(`accepted new host key for ${name} (${host}:${port}): ${fp}, recorded in ${path}`);
            return undefined;
          }
          return {
            code: 'E_HOSTKEY_UNKNOWN',
            message: `host key ${fp} is not in ${path} (policy strict); add it or use --host-key-policy accept-new`,
          };
      }
    },
  };
}
