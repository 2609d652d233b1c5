// The FMC's request limit (terraform-provider-fmc bulk_resources guide, FMC-API.md §1e): 120 requests per minute
// per FMC (300 from 7.4.1, so configurable), answered with HTTP 429 and Retry-After. A sliding one-minute window
// of admitted requests; a refused request does not count. The `fmc-rate-limit` fault adds bursts of 429 at a
// steady rhythm (after every few admitted requests, the next ones are refused with Retry-After: 1), so a client's
// 429 handling runs in every playbook, not only in floods.

export interface RateLimitOptions {
  now: () => number;
  perMinute: number;
  /** fmc-rate-limit: after `every` admitted requests, refuse the next `length`; undefined: no bursts. */
  bursts?: { every: number; length: number };
}

/** Admit a request, or the seconds the client must wait (the Retry-After value). */
export type Admission = { admitted: true } | { admitted: false; retryAfterSeconds: number; reason: 'limit' | 'burst' };

/** One FMC's limiter. */
export class RateLimiter {
  private readonly window: number[] = [];
  private sinceBurst = 0;
  private burstLeft = 0;
  /** Requests refused so far (tests assert bursts happened). */
  refused = 0;

  constructor(private readonly options: RateLimitOptions) {}

  admit(): Admission {
    const now = this.options.now();
    while (this.window.length > 0 && (this.window[0] as number) <= now - 60_000) this.window.shift();
    const bursts = this.options.bursts;
    if (bursts !== undefined && this.burstLeft === 0 && this.sinceBurst >= bursts.every) {
      this.burstLeft = bursts.length;
      this.sinceBurst = 0;
    }
    if (this.burstLeft > 0) {
      this.burstLeft--;
      this.refused++;
      return { admitted: false, retryAfterSeconds: 1, reason: 'burst' };
    }
    if (this.window.length >= this.options.perMinute) {
      this.refused++;
      const wait = (this.window[0] as number) + 60_000 - now;
      return { admitted: false, retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)), reason: 'limit' };
    }
    this.window.push(now);
    this.sinceBurst++;
    return { admitted: true };
  }
}
