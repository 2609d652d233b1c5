// A small FMC REST API for unit tests of the httpapi client: real HTTPS on 127.0.0.1 with a test certificate,
// the FMC's token rules (Basic login → 204 with tokens and DOMAINS, refresh at most 3 times, a token that
// stops working after N uses), paged collections with `paging.next` links, 429 bursts, and an audit of every
// request with the most reads and writes it saw in flight at once. Not the lab (src/lab/fmc): only what the
// client's tests need, with hooks to answer a request with a recorded response instead.
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const GLOBAL_UUID = 'e276abec-e0f2-11e3-8169-6d9ed49b625f';

/** An answer a hook gives instead of the server's own. */
export interface CannedAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export interface AuditEntry {
  method: string;
  path: string;
  status: number;
  body?: string;
}

export interface TestFmcOptions {
  user: string;
  password: string;
  domains: { name: string; uuid: string }[];
  /** Collections served under `/api/fmc_config/v1/domain/{uuid}/…`, by the path after the domain. */
  collections: Record<string, unknown[]>;
  /** The largest `limit` the server honours (the FMC's is 1000; tests use small pages). */
  pageCap: number;
  /** An access token is refused (401 "Access token invalid") after this many uses; 0 = never. */
  tokenUses: number;
  /** Answer 429 to this many API requests in a row, every `burstEvery` requests; 0 = never. */
  burst429: number;
  burstEvery: number;
  /** The Retry-After of a 429 (seconds as text), or null to send none. */
  retryAfter: string | null;
  /** A hook answering before the server: a recorded response, or undefined to go on. */
  answer?: (method: string, path: string, headers: IncomingMessage['headers'], body: string) => CannedAnswer | undefined;
  /** Close the connection without an answer to this many API requests (a dropped keep-alive socket). */
  drop: number;
  /** Called with each request before it is answered; the answer waits for the promise (concurrency tests). */
  hold?: (method: string, path: string) => Promise<void>;
}

export interface TestFmc {
  port: number;
  options: TestFmcOptions;
  audit: AuditEntry[];
  counts: { logins: number; refreshes: number; failedLogins: number; served429: number };
  maxInFlight: { reads: number; writes: number };
  /** Wear out every access token now (each can still be refreshed). */
  expireAllTokens(): void;
  /** Forget every token (as a restart of the FMC would): only a new login helps. */
  forgetAllTokens(): void;
  close(): Promise<void>;
}

interface Token {
  refresh: string;
  uses: number;
  refreshCount: number;
  /** Worn out: refused for requests, still good for its refresh (as a token past its 30 minutes). */
  expired: boolean;
}

function errorBody(description: string): string {
  return JSON.stringify({ error: { category: 'FRAMEWORK', messages: [{ description }], severity: 'ERROR' } }, null, 4);
}

/** Start the server on 127.0.0.1 and a free port. */
export async function startTestFmc(tls: { key: Buffer; cert: Buffer }, opts: Partial<TestFmcOptions> = {}): Promise<TestFmc> {
  const options: TestFmcOptions = {
    user: 'apiuser',
    password: 'fmc-test-password',
    domains: [{ name: 'Global', uuid: GLOBAL_UUID }],
    collections: {},
    pageCap: 1000,
    tokenUses: 0,
    burst429: 0,
    burstEvery: 0,
    retryAfter: '0',
    drop: 0,
    ...opts,
  };
  const tokens = new Map<string, Token>();
  const audit: AuditEntry[] = [];
  const counts = { logins: 0, refreshes: 0, failedLogins: 0, served429: 0 };
  const inFlight = { reads: 0, writes: 0 };
  const maxInFlight = { reads: 0, writes: 0 };
  let serial = 0;
  let apiRequests = 0;
  const newToken = (): string => {
    serial += 1;
    return `${serial.toString(16).padStart(8, '0')}-0000-4000-8000-${(serial * 7919).toString(16).padStart(12, '0')}`;
  };
  const issue = (refreshCount: number): Record<string, string> => {
    const access = newToken();
    const refresh = newToken();
    tokens.set(access, { refresh, uses: 0, refreshCount, expired: false });
    return {
      'X-auth-access-token': access,
      'X-auth-refresh-token': refresh,
      DOMAIN_UUID: options.domains[0]?.uuid ?? GLOBAL_UUID,
      DOMAINS: JSON.stringify(options.domains),
    };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, body: string): Promise<void> => {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'https://fmc.example.invalid');
    const reply = (a: CannedAnswer): void => {
      audit.push({ method, path: `${url.pathname}${url.search}`, status: a.status, ...(body !== '' ? { body } : {}) });
      res.writeHead(a.status, { ...(a.body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...(a.headers ?? {}) });
      res.end(a.body);
    };
    const isWrite = method !== 'GET' && !url.pathname.startsWith('/api/fmc_platform/v1/auth/');
    const key = isWrite ? 'writes' : 'reads';
    inFlight[key] += 1;
    maxInFlight[key] = Math.max(maxInFlight[key], inFlight[key]);
    try {
      if (options.hold) await options.hold(method, url.pathname);
      const canned = options.answer?.(method, url.pathname, req.headers, body);
      if (canned) return reply(canned);
      if (url.pathname === '/api/fmc_platform/v1/auth/generatetoken' && method === 'POST') {
        const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
        const [u, ...p] = Buffer.from(basic ?? '', 'base64').toString('utf8').split(':');
        if (u !== options.user || p.join(':') !== options.password) {
          counts.failedLogins += 1;
          return reply({ status: 401, body: errorBody('User authentication failed.') });
        }
        counts.logins += 1;
        return reply({ status: 204, headers: issue(0) });
      }
      if (url.pathname === '/api/fmc_platform/v1/auth/refreshtoken' && method === 'POST') {
        const refresh = req.headers['x-auth-refresh-token'];
        const access = req.headers['x-auth-access-token'];
        if (typeof refresh !== 'string') return reply({ status: 400, body: errorBody('No refresh token found') });
        const t = typeof access === 'string' ? tokens.get(access) : undefined;
        if (!t || t.refresh !== refresh || t.refreshCount >= 3) return reply({ status: 401, body: errorBody('Invalid refresh token') });
        tokens.delete(access as string);
        counts.refreshes += 1;
        return reply({ status: 204, headers: issue(t.refreshCount + 1) });
      }
      apiRequests += 1;
      if (options.drop > 0) {
        options.drop -= 1;
        audit.push({ method, path: `${url.pathname}${url.search}`, status: 0 });
        req.socket.destroy();
        return;
      }
      if (options.burst429 > 0 && options.burstEvery > 0 && (apiRequests - 1) % options.burstEvery < options.burst429) {
        counts.served429 += 1;
        return reply({ status: 429, headers: options.retryAfter !== null ? { 'Retry-After': options.retryAfter } : {}, body: errorBody('Too Many Requests') });
      }
      const access = req.headers['x-auth-access-token'];
      const t = typeof access === 'string' ? tokens.get(access) : undefined;
      if (!t || t.expired) return reply({ status: 401, body: errorBody('Access token invalid') });
      t.uses += 1;
      if (options.tokenUses > 0 && t.uses > options.tokenUses) {
        t.expired = true;
        return reply({ status: 401, body: errorBody('Access token invalid') });
      }
      if (url.pathname === '/api/fmc_platform/v1/info/serverversion') {
        return reply({ status: 200, body: JSON.stringify({ items: [{ serverVersion: '7.2.4 (build 123)' }], paging: { offset: 0, limit: 25, count: 1, pages: 1 } }) });
      }
      const m = /^\/api\/fmc_config\/v1\/domain\/([^/]+)\/(.+)$/.exec(url.pathname);
      if (m && !options.domains.some((d) => d.uuid === m[1])) return reply({ status: 404, body: errorBody('Invalid domain') });
      const coll = m ? options.collections[m[2] as string] : undefined;
      if (coll && method === 'GET') {
        const limit = Math.min(Number(url.searchParams.get('limit') ?? '25'), options.pageCap);
        const offset = Number(url.searchParams.get('offset') ?? '0');
        const items = coll.slice(offset, offset + limit);
        const paging: Record<string, unknown> = { offset, limit, count: coll.length, pages: Math.ceil(coll.length / limit) };
        if (offset + limit < coll.length) {
          const next = new URL(url.toString());
          next.searchParams.set('offset', String(offset + limit));
          next.searchParams.set('limit', String(limit));
          paging.next = [next.toString()];
        }
        const page = coll.length === 0 ? { links: {}, paging: { offset: 0, limit: 0, count: 0, pages: 0 } } : { links: { self: url.toString() }, items, paging };
        return reply({ status: 200, body: JSON.stringify(page) });
      }
      if (method === 'PUT' || method === 'POST') return reply({ status: 200, body: body === '' ? '{}' : body });
      return reply({ status: 404, body: errorBody('Not found') });
    } finally {
      inFlight[key] -= 1;
    }
  };

  const server: Server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      handle(req, res, Buffer.concat(chunks).toString('utf8')).catch((err: unknown) => {
        res.writeHead(500);
        res.end(String(err));
      });
    });
  });
  // A client that gives up on our certificate must not fail the test process.
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    options,
    audit,
    counts,
    maxInFlight,
    expireAllTokens: () => {
      for (const t of tokens.values()) t.expired = true;
    },
    forgetAllTokens: () => tokens.clear(),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
