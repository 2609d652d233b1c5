// The FMC's limits, shared by every connection to the same FMC in this process: at most N requests per minute
// (120 by default, 300 from FMC 7.4.1: `fmc_rate_limit_per_minute`), at most 10 concurrent reads and 1 concurrent
// write (terraform-provider-fmc docs/guides/bulk_resources.md; go-fmc client.go). An HTTP 429 pauses the FMC's
// whole queue for its Retry-After.
//
// The rate is a token bucket sized so that no 60-second window ever holds more than N requests: a burst of B
// tokens, refilled at (N − B) per minute, gives at most B + (N − B) = N in any minute.

/** Time as the limiter sees it; tests pass a virtual clock. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** A counting semaphore, FIFO. */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(readonly size: number) {}

  async acquire(): Promise<() => void> {
    if (this.active >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter; `active` stays the same.
      if (next) next();
      else this.active -= 1;
    };
  }

  /** Slots in use now. */
  get inUse(): number {
    return this.active;
  }
}

/** Concurrent reads (GET) and writes (anything else) the FMC accepts. */
const MAX_CONCURRENT_READS = 10;
const MAX_CONCURRENT_WRITES = 1;

/** The burst of a bucket for N requests per minute: a tenth of N, 1 to 10. */
export function burstFor(perMinute: number): number {
  return Math.max(1, Math.min(10, Math.floor(perMinute / 10)));
}

/** One FMC's limits. */
export class FmcLimiter {
  readonly reads = new Semaphore(MAX_CONCURRENT_READS);
  readonly writes = new Semaphore(MAX_CONCURRENT_WRITES);
  private perMinute: number;
  private burst: number;
  private tokens: number;
  private last: number;
  private pausedUntil = 0;
  private chain: Promise<void> = Promise.resolve();

  constructor(perMinute: number, private readonly clock: Clock = systemClock) {
    this.perMinute = perMinute;
    this.burst = burstFor(perMinute);
    this.tokens = this.burst;
    this.last = clock.now();
  }

  /** The configured rate; a second connection asking for less lowers it (the FMC's limit is per FMC). */
  get ratePerMinute(): number {
    return this.perMinute;
  }

  lowerRate(perMinute: number): void {
    if (perMinute >= this.perMinute) return;
    this.perMinute = perMinute;
    this.burst = burstFor(perMinute);
    this.tokens = Math.min(this.tokens, this.burst);
  }

  /** Take a concurrency slot for a read or a write; call the returned function when the answer is in. */
  slot(method: string): Promise<() => void> {
    return (method === 'GET' ? this.reads : this.writes).acquire();
  }

  /** Wait for a token (in arrival order) and for any 429 pause; `onWait` hears waits of a second or more. */
  take(onWait?: (ms: number, why: string) => void): Promise<void> {
    const mine = this.chain.then(() => this.takeOne(onWait));
    this.chain = mine.catch(() => undefined);
    return mine;
  }

  /** The FMC said 429: nobody sends to it before `ms` from now. */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + ms);
  }

  private refill(): void {
    const now = this.clock.now();
    const perMs = (this.perMinute - this.burst) / 60_000;
    // perMinute == burst (tiny rates): refill the whole bucket once a minute.
    const gained = perMs > 0 ? (now - this.last) * perMs : Math.floor((now - this.last) / 60_000) * this.burst;
    if (perMs > 0 || gained > 0) this.last = now;
    this.tokens = Math.min(this.burst, this.tokens + gained);
  }

  private async takeOne(onWait?: (ms: number, why: string) => void): Promise<void> {
    for (;;) {
      const pause = this.pausedUntil - this.clock.now();
      if (pause > 0) {
        if (pause >= 1000) onWait?.(pause, 'the FMC asked to slow down (HTTP 429)');
        await this.clock.sleep(pause);
        continue;
      }
      this.refill();
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      const perMs = (this.perMinute - this.burst) / 60_000;
      const wait = perMs > 0 ? Math.ceil((1 - this.tokens) / perMs) : 60_000 - (this.clock.now() - this.last);
      if (wait >= 1000) onWait?.(wait, `rate limit ${this.perMinute} requests/min`);
      await this.clock.sleep(Math.max(1, wait));
    }
  }
}

const limiters = new Map<string, FmcLimiter>();

/** The process-wide limiter of one FMC (`host:port`), created at the first connection's rate. */
export function limiterFor(key: string, perMinute: number, clock: Clock = systemClock): FmcLimiter {
  let l = limiters.get(key);
  if (!l) {
    l = new FmcLimiter(perMinute, clock);
    limiters.set(key, l);
  } else l.lowerRate(perMinute);
  return l;
}
