// What a saved plan lets the engine do on one host in one play (`firemend apply`). The engine asks; the
// plan (src/plan/) answers. Nothing is sent to a host before `judge` has seen every one of its re-run checks.
import type { StepResult } from './results.js';

export interface PlanGate {
  /**
   * Judge a read-only re-run of the play's checks on the host, made before anything is sent.
   * Returns why the host must be left alone (`stale: <step>`), or undefined to go on.
   */
  judge(precheck: readonly StepResult[]): string | undefined;
  /**
   * Whether the fix of this step (result id, `[i]` for loop items) may be sent, given its commands as rendered
   * now, the fingerprint of the check that just failed, and whether a fix was already sent to this host in this
   * run (its own fixes move later checks' output). Undefined: send it; otherwise the reason it is not sent.
   */
  refuseFix(stepId: string, commands: readonly string[], fingerprint: string | undefined, afterOwnFix: boolean): string | undefined;
}
