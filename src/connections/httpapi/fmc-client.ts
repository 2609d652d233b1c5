// One logged-in client of one FMC: every request through the FMC's shared limiter (rate, 10 reads, 1 write),
// HTTP 429 waited out as the FMC asks, a 401 answered by renewing the token once, collections read page by page
// and joined. Tokens and the password are redacted in everything it reports.
import type { Agent } from 'node:https';
import { TransportError } from '../../errors.js';
import { createRedactor, type Redactor } from '../../report/redact.js';
import { FmcAuth, GENERATE_TOKEN_PATH, REFRESH_TOKEN_PATH } from './fmc-auth.js';
import { parseDomainsHeader, selectDomain, type FmcDomain } from './domain.js';
import { sendHttp, type HttpEndpoint, type HttpResponse } from './http.js';
import { isCollectionPage, MAX_PAGE_SIZE, nextPagePath, pagedQuery, pageItems, withQuery } from './paging.js';
import { limiterFor, systemClock, type Clock, type FmcLimiter } from './rate-limit.js';
import type { FmcTarget } from './target.js';
import { createTlsAgent } from './tls.js';

/** Retries of one request the FMC answered 429, and the wait when it gives no Retry-After (FMCAnsible, fmcapi). */
const MAX_429_RETRIES = 5;
const DEFAULT_RETRY_AFTER_MS = 30_000;
/** The longest Retry-After honoured as given; a longer one is cut to this. */
const MAX_RETRY_AFTER_MS = 5 * 60_000;
/** No collection is read past this many pages (a loop guard far above any FMC). */
const MAX_PAGES = 10_000;

const SERVER_VERSION_PATH = '/api/fmc_platform/v1/info/serverversion';

/** How a client reports and how long it waits. */
export interface FmcClientOptions {
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  onTranscript?: (direction: 'sent' | 'received', text: string) => void;
  onProgress?: (message: string) => void;
  onWarning?: (message: string) => void;
  /** Page size asked for (default 1000, the FMC's maximum). */
  pageSize?: number;
  clock?: Clock;
  /** The limiter to use (default: the process-wide one of this FMC). */
  limiter?: FmcLimiter;
}

/** One request as a step gives it. */
export interface FmcRequest {
  method: string;
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  timeoutMs?: number;
}

/** One answer: the status, the parsed body (every page joined for a collection), and the items when paged. */
export interface FmcResponse {
  status: number;
  body: unknown;
  text: string;
  items?: unknown[];
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Retry-After as milliseconds: seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | string[] | undefined, now: number): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined || v.trim() === '') return undefined;
  if (/^\d+$/.test(v.trim())) return Number(v.trim()) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

// A path may carry its own query (`…/devicerecords?expanded=true`): split it into the query map.
function splitPath(path: string, query: Record<string, string> | undefined): { path: string; query: Record<string, string> } {
  const at = path.indexOf('?');
  if (at < 0) return { path, query: { ...(query ?? {}) } };
  const own = Object.fromEntries(new URLSearchParams(path.slice(at + 1)));
  return { path: path.slice(0, at), query: { ...own, ...(query ?? {}) } };
}

/** A logged-in FMC client. */
export class FmcClient {
  readonly auth: FmcAuth;
  private readonly limiter: FmcLimiter;
  private readonly clock: Clock;
  private readonly tokens = new Set<string>();
  private redactor: Redactor;
  private endpoint: HttpEndpoint | undefined;
  domain: FmcDomain | undefined;
  serverVersion: string | undefined;

  private constructor(
    readonly target: FmcTarget,
    private readonly options: FmcClientOptions,
  ) {
    this.clock = options.clock ?? systemClock;
    this.limiter = options.limiter ?? limiterFor(`${target.host}:${target.port}`, target.rateLimitPerMinute, this.clock);
    this.redactor = createRedactor(target.secrets);
    this.auth = new FmcAuth(target, (path, headers) => this.exchange('POST', path, headers, undefined, options.connectTimeoutMs), this.clock);
    this.auth.onToken = (t) => this.addSecret(t);
  }

  /** Connect, log in, choose the domain and read the FMC's version. Throws a TransportError (unreachable codes) or E_USAGE for an unknown domain. */
  static async open(target: FmcTarget, options: FmcClientOptions): Promise<FmcClient> {
    const client = new FmcClient(target, options);
    const agent: Agent = await createTlsAgent(target, options.onWarning);
    client.endpoint = { name: target.name, host: target.host, port: target.port, agent };
    try {
      await client.auth.login();
      client.domain = selectDomain(parseDomainsHeader(client.auth.info.domainsHeader), target.domain, client.auth.info.domainUuid, `${target.name} (${target.address})`);
      client.serverVersion = await client.readServerVersion();
    } catch (err) {
      agent.destroy();
      throw err;
    }
    return client;
  }

  /** Redact the password, the Basic credentials and every token this client has seen. */
  redact(text: string): string {
    return this.redactor.redact(text);
  }

  redactDeep<T>(value: T): T {
    return this.redactor.redactDeep(value);
  }

  /** Close the client's sockets. Never throws. */
  close(): void {
    this.endpoint?.agent.destroy();
  }

  /** Send one request; a GET of a collection reads every page. A 4xx/5xx is an answer, not an exception. */
  async request(req: FmcRequest): Promise<FmcResponse> {
    const { path, query } = splitPath(req.path, req.query);
    const timeoutMs = req.timeoutMs ?? this.options.requestTimeoutMs;
    const bodyText = req.body === undefined ? undefined : JSON.stringify(req.body);
    if (req.method !== 'GET') return this.authed(req.method, withQuery(path, query), bodyText, timeoutMs);
    const paged = pagedQuery(query, this.options.pageSize ?? MAX_PAGE_SIZE);
    const first = await this.authed('GET', withQuery(path, paged.query), undefined, timeoutMs);
    if (first.status >= 300 || !isCollectionPage(first.body)) return first;
    const items = [...pageItems(first.body)];
    const seen = new Set<string>([withQuery(path, paged.query)]);
    let page = first;
    for (let n = 1; paged.follow && n < MAX_PAGES; n += 1) {
      const next = nextPagePath(page.body, path);
      if (next === undefined || seen.has(next)) break;
      seen.add(next);
      page = await this.authed('GET', next, undefined, timeoutMs);
      if (page.status >= 300) return page;
      items.push(...pageItems(page.body));
    }
    const joined = { ...(first.body as Record<string, unknown>), items };
    return { status: first.status, body: joined, text: first.text, items };
  }

  private addSecret(secret: string): void {
    if (this.tokens.has(secret)) return;
    this.tokens.add(secret);
    this.redactor = createRedactor([...this.target.secrets, ...this.tokens]);
  }

  private async readServerVersion(): Promise<string | undefined> {
    const res = await this.request({ method: 'GET', path: SERVER_VERSION_PATH });
    if (res.status !== 200) return undefined;
    const first = res.items?.[0] ?? pageItems(res.body)[0];
    const v = typeof first === 'object' && first !== null ? (first as { serverVersion?: unknown }).serverVersion : undefined;
    return typeof v === 'string' ? v : undefined;
  }

  // One request with the access token; a 401 renews the token once and sends again.
  private async authed(method: string, pathAndQuery: string, body: string | undefined, timeoutMs: number): Promise<FmcResponse> {
    for (let attempt = 0; ; attempt += 1) {
      const { headers, generation } = await this.auth.headers();
      const res = await this.exchange(method, pathAndQuery, { ...headers, Accept: 'application/json', ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) }, body, timeoutMs);
      if (res.status === 401 && attempt === 0) {
        this.options.onProgress?.(`${this.target.name}: the FMC refused the access token (HTTP 401); renewing it and sending again`);
        await this.auth.unauthorized(generation);
        continue;
      }
      const parsed = parseJson(res.text);
      return { status: res.status, body: parsed, text: res.text };
    }
  }

  // One exchange through the limiter: a concurrency slot, a token of the rate, 429 waited out and resent.
  private async exchange(method: string, pathAndQuery: string, headers: Record<string, string>, body: string | undefined, timeoutMs: number): Promise<HttpResponse> {
    const endpoint = this.endpoint;
    if (!endpoint) throw new TransportError('E_DISCONNECTED', `${this.target.name}: the FMC client is not open`, { host: this.target.name });
    const isAuth = pathAndQuery === GENERATE_TOKEN_PATH || pathAndQuery === REFRESH_TOKEN_PATH;
    const release = await this.limiter.slot(isAuth ? 'GET' : method);
    let resent = false;
    try {
      for (let retry = 0; ; retry += 1) {
        await this.limiter.take((ms, why) => this.options.onProgress?.(`${this.target.name}: waiting ${Math.ceil(ms / 1000)} s: ${why}`));
        this.transcript('sent', `${method} ${pathAndQuery}${body !== undefined ? `\n${this.pretty(parseJson(body))}` : ''}`);
        let res: HttpResponse;
        try {
          res = await sendHttp(endpoint, { method, path: pathAndQuery, headers: { ...headers, ...(body !== undefined ? { 'Content-Length': String(Buffer.byteLength(body)) } : {}) }, body, timeoutMs });
        } catch (err) {
          // A kept-alive socket the FMC closed meanwhile: a GET (never a write) is sent once more on a new one.
          if (method !== 'GET' || resent || !(err instanceof TransportError) || err.code !== 'E_DISCONNECTED') throw err;
          resent = true;
          this.options.onProgress?.(`${this.target.name}: the connection to the FMC was closed (${this.redact(err.message)}); sending the GET again`);
          retry -= 1;
          continue;
        }
        this.transcript('received', `HTTP ${res.status}${isAuth ? (res.status < 300 ? ' (tokens received)' : '') : ''}${res.text.trim() !== '' ? `\n${this.pretty(parseJson(res.text))}` : ''}`);
        if (res.status !== 429 || retry >= MAX_429_RETRIES) return res;
        const wait = Math.min(retryAfterMs(res.headers['retry-after'], this.clock.now()) ?? DEFAULT_RETRY_AFTER_MS, MAX_RETRY_AFTER_MS);
        this.options.onProgress?.(`${this.target.name}: the FMC answered HTTP 429 (too many requests); waiting ${Math.ceil(wait / 1000)} s before retry ${retry + 1}/${MAX_429_RETRIES}`);
        this.limiter.pause(wait);
      }
    } finally {
      release();
    }
  }

  /** A body as the reports show it: pretty JSON, secrets redacted. */
  pretty(value: unknown): string {
    const shown = this.redactDeep(value);
    return this.redact(typeof shown === 'string' ? shown : JSON.stringify(shown, null, 2));
  }

  private transcript(direction: 'sent' | 'received', text: string): void {
    this.options.onTranscript?.(direction, this.redact(text));
  }
}
