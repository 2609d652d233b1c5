// The TLS side of an FMC connection: certificate and host-name checks on by default (the system's CAs, or the
// PEM file `firemend_ca_file`); `ansible_httpapi_validate_certs: false` turns both off and is said loudly on
// every open. One keep-alive agent per connection, its sockets with TCP_NODELAY (small JSON requests).
import { readFile } from 'node:fs/promises';
import { Agent } from 'node:https';
import type { Socket } from 'node:net';
import { TransportError } from '../../errors.js';
import type { FmcTarget } from './target.js';

/** Sockets per connection: the FMC's 10 concurrent reads and its one write. */
const MAX_SOCKETS = 11;

/** The warning shown on every open of a target whose certificate checks are off. */
function certChecksOffWarning(target: FmcTarget): string {
  return `${target.name} (${target.address}): ansible_httpapi_validate_certs is false: the FMC's certificate and host name are NOT checked; anyone on the path can read its password and tokens. Give the FMC's CA with firemend_ca_file instead`;
}

/** The agent for one connection; reads the CA file (E_TLS_CERT naming the host and the file when it cannot). */
export async function createTlsAgent(target: FmcTarget, onWarning?: (message: string) => void): Promise<Agent> {
  let ca: Buffer | undefined;
  if (target.caFile !== undefined) {
    try {
      ca = await readFile(target.caFile);
    } catch (err) {
      const why = (err as NodeJS.ErrnoException).code ?? 'error';
      throw new TransportError('E_TLS_CERT', `${target.name} (${target.address}): cannot read firemend_ca_file ${target.caFile} (${why})`, { host: target.name });
    }
  }
  if (!target.validateCerts) onWarning?.(certChecksOffWarning(target));
  const agent = new Agent({ keepAlive: true, maxSockets: MAX_SOCKETS, rejectUnauthorized: target.validateCerts, ...(ca ? { ca } : {}) });
  return agent;
}

/** TCP_NODELAY on every socket a request gets (new or reused from the pool). */
export function noDelay(socket: Socket): void {
  socket.setNoDelay(true);
}
