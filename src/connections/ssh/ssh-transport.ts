// The SSH implementation of Transport: opens logged-in sessions on ssh2, one per host.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { openConnection } from './ssh-client.js';
import { KnownHostsCache } from './host-key.js';
import { profileFor } from './profiles.js';
import { createRedactor } from '../../report/redact.js';
import { SshSession } from './ssh-session.js';
import type { ConnectTarget, Session, SessionOptions, Transport } from './transport.js';

// Every secret of a target and of its jump chain.
function secretsOf(target: ConnectTarget | undefined): (string | undefined)[] {
  if (!target) return [];
  return [target.password, target.sudoPassword, target.passphrase, ...secretsOf(target.jump)];
}

/** Opens SSH sessions; shares one known_hosts cache across all of them. */
export class SshTransport implements Transport {
  private readonly cache = new KnownHostsCache();

  /** Connect, authenticate, open the shell and wait for the first prompt. */
  async open(target: ConnectTarget, options: SessionOptions): Promise<Session> {
    const redact = createRedactor(secretsOf(target)).redact;
    const knownHostsPath = options.knownHostsPath ?? join(homedir(), '.ssh', 'known_hosts');
    const warn = (message: string): void => options.onWarning?.(redact(message));
    return SshSession.open({
      name: target.name,
      profile: profileFor(target.platform),
      options,
      sudoPassword: target.sudoPassword ?? target.password,
      redact,
      connect: (connectTimeoutMs = options.connectTimeoutMs) =>
        openConnection(target, {
          knownHostsPath,
          hostKeyPolicy: options.hostKeyPolicy,
          connectTimeoutMs,
          cache: this.cache,
          warn,
          redact,
        }),
    });
  }
}
