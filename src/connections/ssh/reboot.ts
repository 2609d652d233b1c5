// After a reboot dropped the connection: reconnect with backoff until SSH and the prompt are back, within
// the overall budget. "Never came back" (E_REBOOT_TIMEOUT) is distinct from "never went down"
// (E_REBOOT_NOT_DOWN, raised by the session before this runs). Bad credentials or a changed host key after
// the reboot are not waited out: they are reported as they are.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { TransportError } from '../../errors.js';
import type { TransportErrorCode } from '../../errors.js';

/** Codes that mean "the device is not back yet": keep waiting. */
const NOT_YET: ReadonlySet<TransportErrorCode> = new Set<TransportErrorCode>(['E_CONNECT_REFUSED', 'E_CONNECT_TIMEOUT', 'E_DISCONNECTED', 'E_PROMPT_TIMEOUT', 'E_DNS']);

/** First wait between attempts, its growth and its cap. */
export const BACKOFF = { firstMs: 500, factor: 1.6, maxMs: 10_000 } as const;

/** The delay before attempt n (0-based): exponential, capped. */
export function backoffDelay(attempt: number): number {
  return Math.min(BACKOFF.maxMs, Math.round(BACKOFF.firstMs * BACKOFF.factor ** attempt));
}

/** What waiting for a rebooted device needs. */
export interface ReturnWait {
  name: string;
  /** performance.now() value by which the device must be back. */
  deadline: number;
  started: number;
  timeoutMs: number;
  connectTimeoutMs: number;
  promptTimeoutMs: number;
  /** One full reconnect (TCP, SSH, login, prompt) with the given time limits. */
  attempt: (connectTimeoutMs: number, promptTimeoutMs: number) => Promise<void>;
  onProgress?: (message: string) => void;
}

/** Reconnect with backoff until an attempt succeeds or the deadline passes. */
export async function waitForReturn(w: ReturnWait): Promise<void> {
  let lastError = 'no attempt made';
  // The final attempt starts this long before the deadline, so it has time to log in.
  const finalMarginMs = Math.min(1000, w.timeoutMs / 10);
  for (let n = 0; ; n++) {
    const before = w.deadline - performance.now();
    if (before <= 0) break;
    // A backoff step that would overshoot is shortened into one last attempt near the deadline: giving up at
    // the previous attempt would declare a timeout up to a whole backoff step (10 s) before the budget ends.
    const full = backoffDelay(n);
    const last = full >= before - finalMarginMs;
    await sleep(last ? Math.max(0, before - finalMarginMs) : full);
    const left = w.deadline - performance.now();
    if (left <= 0) break;
    try {
      await w.attempt(Math.max(1, Math.min(w.connectTimeoutMs, left)), Math.max(1, Math.min(w.promptTimeoutMs, left)));
      w.onProgress?.(`${w.name}: back after reboot`);
      return;
    } catch (err) {
      if (!(err instanceof TransportError) || !NOT_YET.has(err.code)) throw err;
      lastError = err.message;
      w.onProgress?.(`${w.name}: not back yet (${err.code}), attempt ${n + 1}`);
    }
    if (last) break;
  }
  throw new TransportError(
    'E_REBOOT_TIMEOUT',
    `${w.name}: the device went down but did not come back within ${Math.round(w.timeoutMs / 1000)} s (last attempt: ${lastError})`,
    { host: w.name },
  );
}
