// The lab FMC's REST API as one function from a request to an answer: rate limit, auth endpoints, token check,
// then the resources. No sockets here (server.ts does HTTPS), so the behaviour is testable as data.
import { timingSafeEqual } from 'node:crypto';
import { pageOf } from './paging.js';
import { fmcError, ok, type FmcResponse } from './responses.js';
import { cloudEventsRecord, cloudRegionRecords, deviceRecord, pairRecord, serverVersionRecord, smartLicenceRecord, type Origin } from './records.js';
import { CLOUD_EVENT_FLAGS, GLOBAL_DOMAIN_UUID, type FmcModel } from './model.js';
import type { RateLimiter } from './rate-limit.js';
import type { TokenPair, TokenStore } from './tokens.js';

/** A request as the server read it. Header names are lower case. */
export interface FmcRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | undefined>;
  body: string;
}

export interface FmcApiOptions {
  model: FmcModel;
  tokens: TokenStore;
  limiter: RateLimiter;
  username: string;
  password: string;
  origin: Origin;
  /** Most items per page (1000 on a real FMC; tests lower it). */
  pageCap: number;
}

const PLATFORM = '/api/fmc_platform/v1';
const CONFIG = `/api/fmc_config/v1/domain/${GLOBAL_DOMAIN_UUID}`;

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The recorded generatetoken/refreshtoken headers (nickrusso42518/postman). */
function tokenHeaders(pair: TokenPair): Record<string, string> {
  return {
    'X-auth-access-token': pair.access,
    'X-auth-refresh-token': pair.refresh,
    USER_UUID: '45b94976-7f30-11ea-bd9b-571a13596ba2',
    DOMAIN_ID: '111',
    DOMAIN_UUID: GLOBAL_DOMAIN_UUID,
    global: GLOBAL_DOMAIN_UUID,
    DOMAINS: JSON.stringify([{ name: 'Global', uuid: GLOBAL_DOMAIN_UUID }]),
  };
}

/** The lab FMC's request handler. */
export class FmcApi {
  constructor(private readonly o: FmcApiOptions) {}

  handle(req: FmcRequest): FmcResponse {
    // 1. The per-FMC request limit (every request counts, login included).
    const admission = this.o.limiter.admit();
    if (!admission.admitted) return fmcError(429, 'Too Many Requests', { 'Retry-After': String(admission.retryAfterSeconds) });
    // 2. Login and refresh.
    if (req.path === `${PLATFORM}/auth/generatetoken`) return req.method === 'POST' ? this.login(req) : notAllowed(req);
    if (req.path === `${PLATFORM}/auth/refreshtoken`) return req.method === 'POST' ? this.refresh(req) : notAllowed(req);
    // 3. Every other request needs a live access token.
    if (!this.o.tokens.use(req.headers['x-auth-access-token'])) return fmcError(401, 'Access token invalid');
    // 4. Resources.
    return this.resource(req);
  }

  private login(req: FmcRequest): FmcResponse {
    const auth = req.headers['authorization'] ?? '';
    const m = /^Basic\s+([A-Za-z0-9+/=]+)$/.exec(auth);
    const decoded = m ? Buffer.from(m[1] as string, 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    const good = colon > 0 && same(decoded.slice(0, colon), this.o.username) && same(decoded.slice(colon + 1), this.o.password);
    if (!good) return fmcError(401, 'User authentication failed.');
    return { status: 204, headers: tokenHeaders(this.o.tokens.login()) };
  }

  private refresh(req: FmcRequest): FmcResponse {
    const result = this.o.tokens.refresh(req.headers['x-auth-access-token'], req.headers['x-auth-refresh-token']);
    if ('description' in result) return fmcError(result.status, result.description);
    return { status: 204, headers: tokenHeaders(result) };
  }

  private resource(req: FmcRequest): FmcResponse {
    const { model, origin } = this.o;
    const url = `${origin}${req.path}`;
    const page = (items: readonly unknown[]): FmcResponse => pageOf(items, { url, query: req.query, pageCap: this.o.pageCap });
    const expanded = req.query.get('expanded') === 'true';
    const get = (answer: () => FmcResponse): FmcResponse => (req.method === 'GET' ? answer() : notAllowed(req));
    const path = req.path.replace(/\/+$/, '');

    if (path === `${PLATFORM}/info/serverversion`) return get(() => page([serverVersionRecord(model)]));
    if (path === `${PLATFORM}/license/smartlicenses`) {
      // Added in FMC 7.2 (fireREST minimum version): an older FMC has no such resource.
      if (!model.hasLicenceApi) return notFound(req);
      return get(() => page([smartLicenceRecord(model)]));
    }
    if (!path.startsWith(`${CONFIG}/`)) {
      if (/^\/api\/fmc_config\/v1\/domain\/[^/]+\//.test(path)) return fmcError(404, 'Invalid domain UUID.');
      return notFound(req);
    }
    const rest = path.slice(CONFIG.length + 1).split('/');
    const [group, kind, id, ...more] = rest;
    if (more.length > 0) return notFound(req);
    const collection = `${group ?? ''}/${kind ?? ''}`;
    switch (collection) {
      case 'integration/cloudeventsconfigs':
        if (id === undefined) return get(() => page([cloudEventsRecord(origin, model, expanded)]));
        if (id !== model.cloudEventsId) return notFound(req);
        if (req.method === 'PUT') return this.putCloudEvents(req, id);
        return get(() => ok(cloudEventsRecord(origin, model, true)));
      case 'integration/cloudregions': {
        if (id === undefined) return get(() => page(cloudRegionRecords(origin, model, expanded)));
        const one = cloudRegionRecords(origin, model, true).find((r) => r['id'] === id);
        return one === undefined ? notFound(req) : get(() => ok(one));
      }
      case 'devices/devicerecords': {
        if (id === undefined) return get(() => page(model.devices.map((d) => deviceRecord(origin, d, expanded))));
        const one = model.devices.find((d) => d.id === id);
        return one === undefined ? notFound(req) : get(() => ok(deviceRecord(origin, one, true)));
      }
      case 'devicehapairs/ftddevicehapairs': {
        if (id === undefined) return get(() => page(model.pairs.map((p) => pairRecord(origin, p, expanded))));
        const one = model.pairs.find((p) => p.id === id);
        return one === undefined ? notFound(req) : get(() => ok(pairRecord(origin, one, true)));
      }
      default:
        return notFound(req);
    }
  }

  /** PUT of the cloud events singleton: `type` and `id` must match; the object takes the flags given (absent: false). */
  private putCloudEvents(req: FmcRequest, id: string): FmcResponse {
    let body: unknown;
    try {
      body = JSON.parse(req.body);
    } catch {
      return fmcError(400, 'Invalid JSON in the request body.');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return fmcError(400, 'Invalid JSON in the request body.');
    const obj = body as Record<string, unknown>;
    if (obj['type'] !== 'CloudEventsConfig') return fmcError(400, `Invalid type '${String(obj['type'])}': expected CloudEventsConfig.`);
    // The sandbox recording's answer to a PUT whose body names another object.
    if (obj['id'] !== id) return fmcError(400, 'Request UUID and data does not match.');
    for (const flag of CLOUD_EVENT_FLAGS) {
      if (flag in obj && typeof obj[flag] !== 'boolean') return fmcError(400, `Invalid value for ${flag}: expected true or false.`);
    }
    // A PUT replaces the object: a flag the body leaves out is off afterwards.
    for (const flag of CLOUD_EVENT_FLAGS) this.o.model.cloudEvents[flag] = obj[flag] === true;
    return ok(cloudEventsRecord(this.o.origin, this.o.model, true));
  }
}

function notFound(req: FmcRequest): FmcResponse {
  return fmcError(404, `The requested resource ${req.path} was not found.`);
}

function notAllowed(req: FmcRequest): FmcResponse {
  return fmcError(405, `Method ${req.method} is not allowed on ${req.path}.`);
}
