// How long applying a host should take, from what its checks took in the dry-run. Apply first re-runs every
// check (the staleness test); when something is still to fix it runs the steps again with their fixes and a
// verifying check each. A fix command is reckoned as long as its step's check (both are one CLI round trip);
// a step waiting for an earlier fix is reckoned as if its fix runs (an estimate should not promise less than
// apply may take); reboots are not in the estimate, they are listed with their timeout instead.
import type { PlanStep } from './model.js';

/** Estimated milliseconds to apply one host's steps (reboots excluded). */
export function estimateHostMs(steps: readonly PlanStep[]): number {
  const checks = steps.reduce((sum, s) => sum + (s.check?.duration_ms ?? 0), 0);
  const pending = steps.filter((s) => s.status === 'pending');
  if (pending.length === 0) return checks;
  const fixes = pending.reduce((sum, s) => {
    const round = Math.max(s.check?.duration_ms ?? 0, 1);
    const commands = (s.fix?.commands ?? []).filter((c) => !(s.fix?.reboot === true && c === 'reboot')).length;
    return sum + commands * round + (s.check ? round : 0);
  }, 0);
  return checks * 2 + fixes;
}

/** The reboot timeouts (seconds) of a host's pending steps whose fix runs for certain. */
export function rebootTimeouts(steps: readonly PlanStep[]): number[] {
  return steps.filter((s) => s.status === 'pending' && s.after_fix_of === undefined && s.fix?.reboot === true).map((s) => s.fix?.reboot_timeout_s ?? 0);
}

/** The reboot timeouts (seconds) of a host's steps waiting for an earlier fix: reboots only if still failing after it. */
export function possibleRebootTimeouts(steps: readonly PlanStep[]): number[] {
  return steps.filter((s) => s.status === 'pending' && s.after_fix_of !== undefined && s.fix?.reboot === true).map((s) => s.fix?.reboot_timeout_s ?? 0);
}
