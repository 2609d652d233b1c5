// The stop-early policy in one place: max_fail_percentage per batch, a closing maintenance window.
// Interruption is not a stop-early: it is tracked by the AbortSignal and reported as `interrupted`.
import type { HostResult } from './results.js';

/** Host statuses that count against max_fail_percentage (as in Ansible: failures and unreachable hosts). */
const COUNTS_AS_FAILED: ReadonlySet<string> = new Set(['failed', 'unreachable']);

export class FailureTracker {
  private reason: string | undefined;

  /** Why the rollout stopped, once it has. */
  get stopReason(): string | undefined {
    return this.reason;
  }

  get stopped(): boolean {
    return this.reason !== undefined;
  }

  /** Stop the rollout: no new host starts. The first reason wins. */
  stop(reason: string): void {
    this.reason ??= reason;
  }

  /** Judge a finished batch; returns true when it crossed `maxFailPercentage` (strictly more failed than allowed). */
  recordBatch(play: string, batch: number, results: readonly HostResult[], maxFailPercentage: number | undefined): boolean {
    if (maxFailPercentage === undefined || results.length === 0) return false;
    const failed = results.filter((r) => COUNTS_AS_FAILED.has(r.status)).length;
    const pct = (failed / results.length) * 100;
    if (pct <= maxFailPercentage) return false;
    this.stop(
      `max_fail_percentage ${maxFailPercentage}% crossed in play '${play}' batch ${batch}: ${failed} of ${results.length} hosts failed (${formatPct(pct)}%)`,
    );
    return true;
  }
}

function formatPct(p: number): string {
  return Number.isInteger(p) ? String(p) : p.toFixed(1);
}
