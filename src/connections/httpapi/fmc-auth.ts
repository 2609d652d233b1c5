// The FMC's token life cycle (Cisco doc 215918; FMC-API.md §1e): log in with Basic auth to
// `POST /api/fmc_platform/v1/auth/generatetoken` → 204 with X-auth-access-token, X-auth-refresh-token,
// DOMAIN_UUID and DOMAINS; a token lives 30 minutes and can be refreshed 3 times with
// `POST /api/fmc_platform/v1/auth/refreshtoken` (both tokens as headers), after which only a new login helps.
// Tokens are renewed before they expire, and once more whenever the FMC answers 401; concurrent requests that
// all saw the same 401 share one renewal.
import { TransportError } from '../../errors.js';
import { fmcErrorDescription } from './fmc-error.js';
import type { HttpResponse } from './http.js';
import type { Clock } from './rate-limit.js';
import type { FmcTarget } from './target.js';

export const GENERATE_TOKEN_PATH = '/api/fmc_platform/v1/auth/generatetoken';
export const REFRESH_TOKEN_PATH = '/api/fmc_platform/v1/auth/refreshtoken';
/** Refreshes allowed per login (FMC REST API quick start guide; fmcapi MAX_REFRESHES, fireREST). */
export const MAX_REFRESHES = 3;
/** A token's life, and the age at which we renew it before use (fmcapi refreshes at 95%). */
export const TOKEN_LIFETIME_MS = 30 * 60_000;
const RENEW_AT_MS = Math.floor(TOKEN_LIFETIME_MS * 0.9);

/** How the auth sends its two POSTs (through the FMC's limiter, like every request). */
export type AuthSend = (path: string, headers: Record<string, string>) => Promise<HttpResponse>;

/** What a login told us besides the tokens. */
export interface LoginInfo {
  domainUuid?: string;
  domainsHeader?: string;
}

function header(res: HttpResponse, name: string): string | undefined {
  const v = res.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The tokens of one connection, renewed as the FMC's rules allow. */
export class FmcAuth {
  private access: string | undefined;
  private refreshToken: string | undefined;
  private refreshes = 0;
  private issuedAt = 0;
  private renewing: Promise<void> | undefined;
  /** Bumped on every new access token: a request that saw 401 with an older token just retries. */
  generation = 0;
  /** Logins and refreshes so far (for tests and progress). */
  readonly counts = { logins: 0, refreshes: 0 };
  info: LoginInfo = {};
  /** Called with every token received, so the connection can redact it. */
  onToken: (token: string) => void = () => undefined;

  constructor(
    private readonly target: FmcTarget,
    private readonly send: AuthSend,
    private readonly clock: Clock,
  ) {}

  /** The headers that authenticate a request, renewing first when the token is near its end. */
  async headers(): Promise<{ headers: Record<string, string>; generation: number }> {
    if (this.access === undefined) await this.renewOnce(this.generation);
    else if (this.clock.now() - this.issuedAt >= RENEW_AT_MS) await this.renewOnce(this.generation);
    return { headers: { 'X-auth-access-token': this.access as string }, generation: this.generation };
  }

  /** The FMC refused a token of `generation` (401): renew it unless someone already did. */
  async unauthorized(generation: number): Promise<void> {
    await this.renewOnce(generation);
  }

  /** Log in with the password (the first time, or when refreshing is no longer possible). */
  async login(): Promise<void> {
    const basic = Buffer.from(`${this.target.user}:${this.target.password}`, 'utf8').toString('base64');
    this.onToken(basic);
    const res = await this.send(GENERATE_TOKEN_PATH, { Authorization: `Basic ${basic}` });
    this.counts.logins += 1;
    if (res.status === 401 || res.status === 403) {
      const said = fmcErrorDescription(parseBody(res.text)) ?? `HTTP ${res.status}`;
      throw new TransportError('E_AUTH', `${this.where()}: the FMC refused the login of user ${this.target.user}: ${said}`, { host: this.target.name });
    }
    if (res.status < 200 || res.status >= 300) {
      const said = fmcErrorDescription(parseBody(res.text)) ?? (res.text.trim().slice(0, 200) || 'no body');
      throw new TransportError('E_AUTH', `${this.where()}: login answered HTTP ${res.status}: ${said} (is the REST API enabled under System > Configuration > REST API Preferences?)`, { host: this.target.name });
    }
    this.accept(res, 'login');
    this.refreshes = 0;
    const domainUuid = header(res, 'DOMAIN_UUID');
    const domainsHeader = header(res, 'DOMAINS');
    this.info = { ...(domainUuid !== undefined ? { domainUuid } : {}), ...(domainsHeader !== undefined ? { domainsHeader } : {}) };
  }

  private where(): string {
    return `${this.target.name} (${this.target.address})`;
  }

  // Store the tokens of a 2xx answer; an answer without an access token is a failed login.
  private accept(res: HttpResponse, what: string): void {
    const access = header(res, 'X-auth-access-token');
    if (access === undefined || access === '') {
      throw new TransportError('E_AUTH', `${this.where()}: the FMC's ${what} answer (HTTP ${res.status}) carried no X-auth-access-token`, { host: this.target.name });
    }
    const refresh = header(res, 'X-auth-refresh-token');
    this.onToken(access);
    if (refresh !== undefined) this.onToken(refresh);
    this.access = access;
    this.refreshToken = refresh;
    this.issuedAt = this.clock.now();
    this.generation += 1;
  }

  private renewOnce(generation: number): Promise<void> {
    if (generation !== this.generation) return this.renewing ?? Promise.resolve();
    if (!this.renewing) {
      this.renewing = this.renew().finally(() => {
        this.renewing = undefined;
      });
    }
    return this.renewing;
  }

  // Refresh while refreshes are left and the FMC takes the refresh token; otherwise log in again.
  private async renew(): Promise<void> {
    if (this.access !== undefined && this.refreshToken !== undefined && this.refreshes < MAX_REFRESHES) {
      const res = await this.send(REFRESH_TOKEN_PATH, { 'X-auth-access-token': this.access, 'X-auth-refresh-token': this.refreshToken });
      if (res.status >= 200 && res.status < 300 && header(res, 'X-auth-access-token')) {
        this.refreshes += 1;
        this.counts.refreshes += 1;
        this.accept(res, 'refresh');
        return;
      }
      // 400 "No refresh token found", 401 "Invalid refresh token" (postman recordings): log in again.
    }
    await this.login();
  }
}
