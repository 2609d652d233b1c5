// An in-test `httpapi`-like connection kind for engine and validate tests of `api:` actions: an FMC-shaped REST
// store with one CloudEventsConfig object, every request logged with its purpose, the read-only guard of
// ConnectionOptions enforced as the contract says (in check mode only GET, only for checks), and the
// connection's vars (fmc_domain_uuid) supplied on open.
import { FiremendError } from '../../src/errors.js';
import type { Action, ActionPurpose, ActionResult, Connection, ConnectionKind, ConnectionOptions, HttpMethod, ResolvedTarget } from '../../src/connections/connection.js';

export const DOMAIN = 'e276abec-e0f2-11e3-8169-6d9ed49b625f';
const CLOUD_EVENTS = `/api/fmc_config/v1/domain/${DOMAIN}/integration/cloudeventsconfigs`;

export interface ApiRequest {
  host: string;
  method: HttpMethod;
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  purpose: ActionPurpose;
}

export class FakeApiKind implements ConnectionKind {
  readonly name = 'httpapi';
  readonly platforms = ['fmc'] as const;
  readonly actions = ['api'] as const;
  readonly vars = ['fmc_domain_uuid'] as const;
  readonly requests: ApiRequest[] = [];
  readonly optionsByHost = new Map<string, ConnectionOptions>();
  config: Record<string, unknown> = { id: 'c0ffee00-0000-4000-8000-000000000001', type: 'CloudEventsConfig', sendIntrusionEvents: false, sendFileEvents: true, sendConnectionEvents: false };

  resolveTarget(vars: Record<string, unknown>): ResolvedTarget {
    const name = String(vars['inventory_hostname']);
    return { name, address: String(vars['ansible_host'] ?? name), secrets: [] };
  }

  async open(target: ResolvedTarget, options: ConnectionOptions): Promise<Connection> {
    this.optionsByHost.set(target.name, options);
    return {
      vars: { fmc_domain_uuid: DOMAIN },
      run: async (action: Action, purpose: ActionPurpose): Promise<ActionResult> => this.request(target.name, action, purpose, options),
      close: async () => undefined,
    };
  }

  private async request(host: string, action: Action, purpose: ActionPurpose, options: ConnectionOptions): Promise<ActionResult> {
    if (action.kind !== 'api') throw new FiremendError('E_INPUT', `${host}: an httpapi connection cannot send '${action.kind}' actions; nothing was sent`);
    if (options.readOnly && (purpose !== 'check' || action.method !== 'GET')) {
      throw new FiremendError('E_READ_ONLY', `${host}: refused ${action.method} ${action.path} in check mode (nothing was sent)`);
    }
    this.requests.push({ host, method: action.method, path: action.path, purpose, ...(action.query ? { query: action.query } : {}), ...(action.body !== undefined ? { body: action.body } : {}) });
    const reply = (status: number, body: unknown, items?: unknown[]): ActionResult => ({
      output: JSON.stringify(body, null, 2),
      facts: { status, body, ...(items ? { items } : {}) },
      durationMs: 1,
      ...(status >= 400 ? { deviceError: `HTTP ${status}` } : {}),
    });
    if (action.method === 'GET' && action.path === CLOUD_EVENTS) return reply(200, { items: [this.config], paging: { count: 1 } }, [this.config]);
    if (action.method === 'PUT' && action.path === `${CLOUD_EVENTS}/${String(this.config['id'])}`) {
      this.config = action.body as Record<string, unknown>;
      return reply(200, this.config);
    }
    return reply(404, { error: { messages: [{ description: 'not found' }] } });
  }
}
