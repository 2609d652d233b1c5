// The `httpapi` connection kind (ansible_connection: httpapi): the FMC's REST API. Registered by the connection
// registry; nothing here is known to the engine.
import type { ConnectionKind } from '../connection.js';
import { FmcClient } from './fmc-client.js';
import { FmcConnection } from './fmc-connection.js';
import { resolveFmcTarget, type FmcTarget } from './target.js';

/** The FMC over HTTPS: `api` actions only. */
export const httpapiKind: ConnectionKind<FmcTarget> = {
  name: 'httpapi',
  platforms: ['fmc'],
  actions: ['api'],
  vars: ['fmc_domain_uuid', 'fmc_domain_name', 'fmc_server_version'],
  resolveTarget: resolveFmcTarget,
  async open(target, options) {
    const client = await FmcClient.open(target, {
      connectTimeoutMs: options.connectTimeoutMs,
      requestTimeoutMs: options.commandTimeoutMs,
      ...(options.onTranscript ? { onTranscript: options.onTranscript } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.onWarning ? { onWarning: options.onWarning } : {}),
    });
    return new FmcConnection(client, options);
  },
};
