// The `httpapi` connection kind (ansible_connection: httpapi): the FMC's REST API. Registered by the connection
// registry; nothing here is known to the engine. The HTTPS client is loaded when a run first opens an FMC: a run
// (or a validate) without one starts without it.
import type { ConnectionKind } from '../connection.js';
import { resolveFmcTarget, type FmcTarget } from './target.js';

/** The FMC over HTTPS: `api` actions only. */
export const httpapiKind: ConnectionKind<FmcTarget> = {
  name: 'httpapi',
  platforms: ['fmc'],
  actions: ['api'],
  vars: ['fmc_domain_uuid', 'fmc_domain_name', 'fmc_server_version'],
  resolveTarget: resolveFmcTarget,
  async open(target, options) {
    const [{ FmcClient }, { FmcConnection }] = await Promise.all([import('./fmc-client.js'), import('./fmc-connection.js')]);
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
