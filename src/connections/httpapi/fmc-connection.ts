// The httpapi Connection: runs `api` actions on one FMC. The read-only guard lives here, judged on the action as
// it would be sent: with `readOnly` only GET of a check goes out (the client's auth POSTs excepted), anything
// else is refused with E_READ_ONLY and nothing is sent.
import { FiremendError } from '../../errors.js';
import type { Action, ActionPurpose, ActionResult, Connection, ConnectionOptions } from '../connection.js';
import { httpErrorLine } from './fmc-error.js';
import type { FmcClient } from './fmc-client.js';

/** An open FMC connection. */
export class FmcConnection implements Connection {
  /** What the connection tells the step scope (httpapiKind.vars): `fmc_domain_uuid`, `fmc_domain_name`, `fmc_server_version` (null when the FMC did not say). */
  readonly vars: Readonly<Record<string, unknown>>;

  constructor(
    private readonly client: FmcClient,
    private readonly options: ConnectionOptions,
  ) {
    this.vars = {
      fmc_domain_uuid: client.domain?.uuid,
      fmc_domain_name: client.domain?.name,
      fmc_server_version: client.serverVersion ?? null,
    };
  }

  async run(action: Action, purpose: ActionPurpose): Promise<ActionResult> {
    const name = this.client.target.name;
    if (action.kind !== 'api') throw new FiremendError('E_COMMAND', `${name}: an FMC (httpapi) host runs api actions only, not ${action.kind}`);
    const shown = `${action.method} ${action.path}`;
    if (this.options.readOnly && purpose !== 'check') {
      throw new FiremendError('E_READ_ONLY', `${name}: refused in read-only mode: a fix (${shown}) is never sent; nothing was sent`);
    }
    if (this.options.readOnly && action.method !== 'GET') {
      throw new FiremendError('E_READ_ONLY', `${name}: refused in read-only mode: only GET is sent to an FMC in a check, not ${shown}; nothing was sent`);
    }
    const started = Date.now();
    const res = await this.client.request({ method: action.method, path: action.path, ...(action.query ? { query: action.query } : {}), ...(action.body !== undefined ? { body: action.body } : {}), ...(action.timeoutMs !== undefined ? { timeoutMs: action.timeoutMs } : {}) });
    const body = this.client.redactDeep(res.body);
    const result: ActionResult = {
      output: this.client.pretty(res.body),
      facts: { status: res.status, body, ...(res.items ? { items: this.client.redactDeep(res.items) } : {}) },
      durationMs: Date.now() - started,
    };
    if (res.status >= 400) result.deviceError = this.client.redact(`${shown}: ${httpErrorLine(res.status, res.body, res.text)}`);
    return result;
  }

  async close(): Promise<void> {
    this.client.close();
    return Promise.resolve();
  }
}
