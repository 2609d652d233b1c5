// The lab FMC's tokens, as FMC-API.md §1e describes the real ones: generatetoken issues an access and a refresh
// token; an access token lives 30 minutes; refreshtoken (both headers) swaps them for new ones at most three
// times, after which only a new login helps. With the `fmc-token-expiry` fault an access token also dies after a
// few requests, so a client's refresh and re-login paths run within one short playbook.
import { randomUUID } from 'node:crypto';

/** Access-token life on a real FMC. */
export const TOKEN_LIFETIME_MS = 30 * 60_000;
/** Refreshes allowed per login. */
export const MAX_REFRESHES = 3;

export interface TokenPair {
  access: string;
  refresh: string;
}

interface Session extends TokenPair {
  issuedAt: number;
  refreshes: number;
  uses: number;
}

/** Why refreshtoken was refused, in the FMC's words (postman recordings). */
export type RefreshRefusal = { status: 400; description: 'No refresh token found' } | { status: 401; description: 'Invalid refresh token' };

export interface TokenStoreOptions {
  now: () => number;
  /** With fmc-token-expiry: requests an access token serves before it is invalid; undefined: no such limit. */
  usesPerToken?: number;
}

/** Issues, refreshes and checks tokens; every login is its own session. */
export class TokenStore {
  private readonly byAccess = new Map<string, Session>();
  private readonly byRefresh = new Map<string, Session>();
  /** Counters for tests and the lab's summary. */
  readonly counts = { logins: 0, refreshes: 0, rejected: 0 };

  constructor(private readonly options: TokenStoreOptions) {}

  /** A new session after a successful Basic login. */
  login(): TokenPair {
    this.counts.logins++;
    return this.issue({ refreshes: 0 });
  }

  /** Swap a session's tokens for new ones, or say why not. */
  refresh(access: string | undefined, refresh: string | undefined): TokenPair | RefreshRefusal {
    if (refresh === undefined || refresh === '') return { status: 400, description: 'No refresh token found' };
    const session = this.byRefresh.get(refresh);
    if (session === undefined || (access !== undefined && access !== session.access) || session.refreshes >= MAX_REFRESHES) {
      this.counts.rejected++;
      return { status: 401, description: 'Invalid refresh token' };
    }
    this.forget(session);
    this.counts.refreshes++;
    return this.issue({ refreshes: session.refreshes + 1 });
  }

  /** Whether an access token may serve this request (counts the use). */
  use(access: string | undefined): boolean {
    const session = access === undefined ? undefined : this.byAccess.get(access);
    const valid =
      session !== undefined &&
      this.options.now() - session.issuedAt < TOKEN_LIFETIME_MS &&
      (this.options.usesPerToken === undefined || session.uses < this.options.usesPerToken);
    if (!valid) {
      this.counts.rejected++;
      return false;
    }
    session.uses++;
    return true;
  }

  private issue(from: { refreshes: number }): TokenPair {
    const session: Session = { access: randomUUID(), refresh: randomUUID(), issuedAt: this.options.now(), refreshes: from.refreshes, uses: 0 };
    this.byAccess.set(session.access, session);
    this.byRefresh.set(session.refresh, session);
    return { access: session.access, refresh: session.refresh };
  }

  private forget(session: Session): void {
    this.byAccess.delete(session.access);
    this.byRefresh.delete(session.refresh);
  }
}
