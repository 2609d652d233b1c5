// The lab FMC's HTTPS endpoint: node:https on 127.0.0.1 (TLS 1.2 and later) with the certificate of its own lab
// CA, every request handed to FmcApi and written to the audit (method, path, status; a PUT/POST body except the
// auth ones, which carry none worth keeping), the same files --audit-dir gets for the devices.
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { issueFmcCertificates } from './certificates.js';
import { FmcApi } from './routes.js';
import { FmcModel, type ManagedDevice, type ManagedPair } from './model.js';
import type { FmcFault } from '../faults.js';
import { RateLimiter } from './rate-limit.js';
import { TokenStore } from './tokens.js';
import type { Region } from '../device/cloud.js';

/** The device name the FMC's audit lines carry (its file is `fmc.jsonl`). */
export const FMC_AUDIT_NAME = 'fmc';

/** One request the lab FMC answered. */
export interface FmcAuditEntry {
  time: string;
  device: string;
  method: string;
  path: string;
  /** The query string without `?`, '' when none. */
  query: string;
  status: number;
  /** The JSON body of a PUT/POST other than auth, as received. */
  body?: unknown;
}

export interface FmcServerOptions {
  devices: readonly ManagedDevice[];
  pairs: readonly ManagedPair[];
  faults: readonly FmcFault[];
  region: Region;
  username: string;
  password: string;
  /** Most items per page; default 1000. */
  pageSize?: number;
  /** Requests per minute before 429; default 120. */
  rateLimitPerMinute?: number;
  /** fmc-token-expiry: requests an access token serves; default 3. */
  tokenUses?: number;
  onAudit?: (entry: FmcAuditEntry) => void;
  now?: () => number;
}

/** A running lab FMC. */
export interface LabFmc {
  readonly port: number;
  readonly caPem: string;
  readonly model: FmcModel;
  readonly tokens: TokenStore;
  readonly limiter: RateLimiter;
  /** Every request so far, oldest first. */
  readonly audit: readonly FmcAuditEntry[];
  stop(): Promise<void>;
}

const MAX_BODY = 2_048_000;

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function headerMap(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

/** Start the lab FMC on 127.0.0.1 (a free port); resolves once it listens. */
export async function startFmc(options: FmcServerOptions): Promise<LabFmc> {
  const now = options.now ?? Date.now;
  const certs = await issueFmcCertificates();
  const model = new FmcModel({ devices: options.devices, pairs: options.pairs, faults: options.faults, region: options.region });
  const tokens = new TokenStore({ now, ...(options.faults.includes('fmc-token-expiry') ? { usesPerToken: options.tokenUses ?? 3 } : {}) });
  const limiter = new RateLimiter({
    now,
    perMinute: options.rateLimitPerMinute ?? 120,
    ...(options.faults.includes('fmc-rate-limit') ? { bursts: { every: 4, length: 2 } } : {}),
  });
  const audit: FmcAuditEntry[] = [];
  // The handler needs the origin (https://127.0.0.1:PORT), known once the server listens.
  const handler: { api?: FmcApi } = {};

  const record = (entry: FmcAuditEntry): void => {
    audit.push(entry);
    options.onAudit?.(entry);
  };

  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const text = await readBody(req);
    const answer =
      text === undefined
        ? { status: 413, body: { error: { category: 'FRAMEWORK', messages: [{ description: 'Payload too large.' }], severity: 'ERROR' } } }
        : (handler.api as FmcApi).handle({ method, path: url.pathname, query: url.searchParams, headers: headerMap(req), body: text });
    const auth = url.pathname.startsWith('/api/fmc_platform/v1/auth/');
    let body: unknown;
    if ((method === 'PUT' || method === 'POST') && !auth && text !== undefined && text !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    record({
      time: new Date(now()).toISOString(),
      device: FMC_AUDIT_NAME,
      method,
      path: url.pathname,
      query: url.search.replace(/^\?/, ''),
      status: answer.status,
      ...(body !== undefined ? { body } : {}),
    });
    const payload = answer.body === undefined ? undefined : JSON.stringify(answer.body, null, 4);
    res.writeHead(answer.status, {
      ...(answer.headers ?? {}),
      ...(payload !== undefined ? { 'Content-Type': 'application/json' } : {}),
      'Cache-Control': 'no-cache, no-store, must-revalidate, max-age=0',
    });
    res.end(payload);
  };

  const server: Server = createServer({ key: certs.keyPem, cert: certs.certPem, minVersion: 'TLSv1.2' }, (req, res) => {
    serve(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  handler.api = new FmcApi({
    model,
    tokens,
    limiter,
    username: options.username,
    password: options.password,
    origin: `https://127.0.0.1:${port}`,
    pageCap: options.pageSize ?? 1000,
  });
  let stopped = false;
  return {
    port,
    caPem: certs.caPem,
    model,
    tokens,
    limiter,
    audit,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
