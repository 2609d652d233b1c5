import { describe, expect, it } from 'vitest';
import { burstFor, FmcLimiter, limiterFor, Semaphore, type Clock } from '../../../../src/connections/httpapi/rate-limit.js';

// Virtual time: a sleep moves the clock and returns at once, so minutes of waiting take no real time.
function virtualClock(start = 1_000_000): Clock & { slept: number[] } {
  let t = start;
  const slept: number[] = [];
  return {
    slept,
    now: () => t,
    sleep: (ms) => {
      slept.push(ms);
      t += ms;
      return Promise.resolve();
    },
  };
}

// The most requests in any window of `windowMs` over the given send times.
function maxInWindow(times: number[], windowMs: number): number {
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < times.length; hi += 1) {
    while ((times[hi] as number) - (times[lo] as number) >= windowMs) lo += 1;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

async function sendTimes(limiter: FmcLimiter, clock: Clock, n: number): Promise<number[]> {
  const times: number[] = [];
  // Taken concurrently, as parallel hosts would.
  await Promise.all(
    Array.from({ length: n }, async () => {
      await limiter.take();
      times.push(clock.now());
    }),
  );
  return times.sort((a, b) => a - b);
}

describe('the FMC rate limit', () => {
  it('never lets more than 120 requests into any minute by default', async () => {
    const clock = virtualClock();
    const times = await sendTimes(new FmcLimiter(120, clock), clock, 500);
    expect(times).toHaveLength(500);
    expect(maxInWindow(times, 60_000)).toBeLessThanOrEqual(120);
    // …and keeps close to the allowed rate: 500 requests need a little over 4 minutes, not much more.
    expect((times[499] as number) - (times[0] as number)).toBeLessThan(5 * 60_000);
  });

  it('takes 300 a minute when configured (FMC 7.4.1 and later)', async () => {
    const clock = virtualClock();
    const times = await sendTimes(new FmcLimiter(300, clock), clock, 900);
    expect(maxInWindow(times, 60_000)).toBeLessThanOrEqual(300);
    expect(maxInWindow(times, 60_000)).toBeGreaterThan(120);
  });

  it('lets a short burst through at once', async () => {
    const clock = virtualClock();
    const limiter = new FmcLimiter(120, clock);
    await sendTimes(limiter, clock, burstFor(120));
    expect(clock.slept).toEqual([]);
    await limiter.take();
    expect(clock.slept.length).toBeGreaterThan(0);
  });

  it('holds every request of the FMC during a 429 pause and says why', async () => {
    const clock = virtualClock();
    const limiter = new FmcLimiter(120, clock);
    const waits: string[] = [];
    const start = clock.now();
    limiter.pause(30_000);
    await limiter.take((ms, why) => waits.push(`${ms} ${why}`));
    expect(clock.now() - start).toBeGreaterThanOrEqual(30_000);
    expect(waits).toEqual(['30000 the FMC asked to slow down (HTTP 429)']);
  });

  it('is one limiter per FMC in the process, at the lowest rate asked for', () => {
    const a = limiterFor('fmc-test-shared:443', 300);
    const b = limiterFor('fmc-test-shared:443', 120);
    expect(b).toBe(a);
    expect(a.ratePerMinute).toBe(120);
    expect(limiterFor('fmc-test-shared:443', 300).ratePerMinute).toBe(120);
    expect(limiterFor('fmc-test-other:443', 300)).not.toBe(a);
  });
});

describe('concurrency slots', () => {
  it('gives out at most 10 read slots and 1 write slot, in order', async () => {
    const limiter = new FmcLimiter(120);
    const reads = await Promise.all(Array.from({ length: 10 }, () => limiter.slot('GET')));
    expect(limiter.reads.inUse).toBe(10);
    let eleventh = false;
    const waiting = limiter.slot('GET').then((r) => {
      eleventh = true;
      return r;
    });
    const write = await limiter.slot('PUT');
    let secondWrite = false;
    const waitingWrite = limiter.slot('POST').then((r) => {
      secondWrite = true;
      return r;
    });
    await Promise.resolve();
    expect([eleventh, secondWrite]).toEqual([false, false]);
    reads[0]?.();
    write();
    (await waiting)();
    (await waitingWrite)();
    expect([eleventh, secondWrite]).toEqual([true, true]);
    for (const r of reads.slice(1)) r();
    expect(limiter.reads.inUse).toBe(0);
    expect(limiter.writes.inUse).toBe(0);
  });

  it('ignores a second release', async () => {
    const s = new Semaphore(1);
    const r = await s.acquire();
    r();
    r();
    expect(s.inUse).toBe(0);
  });
});
