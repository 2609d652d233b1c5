// waitForReturn on a virtual clock: the reboot budget is used to its end, never cut short by a backoff step.
import { beforeEach, describe, expect, it, vi } from 'vitest';

// A virtual clock: sleeping advances it, nothing waits in real time.
const clock = vi.hoisted(() => ({ now: 0 }));
vi.mock('node:perf_hooks', () => ({ performance: { now: () => clock.now } }));
vi.mock('node:timers/promises', () => ({
  setTimeout: (ms: number): Promise<void> => {
    clock.now += ms;
    return Promise.resolve();
  },
}));

const { waitForReturn } = await import('../../../../src/connections/ssh/reboot.js');
const { TransportError } = await import('../../../../src/errors.js');

// A device that refuses connections until `backAt` (virtual ms); each attempt costs 5 ms.
function deviceBackAt(backAt: number, attempts: number[]): (c: number, p: number) => Promise<void> {
  return () => {
    attempts.push(clock.now);
    clock.now += 5;
    if (clock.now < backAt) return Promise.reject(new TransportError('E_CONNECT_REFUSED', 'connection refused'));
    return Promise.resolve();
  };
}

const wait = (timeoutMs: number, attempt: (c: number, p: number) => Promise<void>) =>
  waitForReturn({ name: 'ftd-1', deadline: timeoutMs, started: 0, timeoutMs, connectTimeoutMs: 15_000, promptTimeoutMs: 30_000, attempt });

describe('waiting for a rebooted device', () => {
  beforeEach(() => {
    clock.now = 0;
  });

  it('finds a device that comes back late in the budget, after the last full backoff step', async () => {
    // Backoff attempts fall at 0.5, 1.3, 2.6, 4.6, 7.9 and 13.2 s; the next full step would end past 20 s.
    const attempts: number[] = [];
    await expect(wait(20_000, deviceBackAt(15_000, attempts))).resolves.toBeUndefined();
    expect(attempts.at(-1)).toBeGreaterThanOrEqual(15_000);
    expect(attempts.at(-1)).toBeLessThan(20_000);
  });

  it('makes its last attempt shortly before the deadline, then reports the timeout it was given', async () => {
    const attempts: number[] = [];
    const err = await wait(20_000, deviceBackAt(Infinity, attempts)).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'E_REBOOT_TIMEOUT' });
    expect((err as Error).message).toContain('within 20 s');
    expect(attempts.at(-1)).toBeGreaterThanOrEqual(19_000);
    expect(attempts.every((t) => t < 20_000)).toBe(true);
  });

  it('keeps a short budget useful: attempts spread over it instead of one at once', async () => {
    const attempts: number[] = [];
    await expect(wait(1_000, deviceBackAt(Infinity, attempts))).rejects.toMatchObject({ code: 'E_REBOOT_TIMEOUT' });
    expect(attempts).toEqual([500, 900]);
  });
});
