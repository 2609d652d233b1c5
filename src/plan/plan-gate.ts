// The plan's answers to the engine while applying (src/engine/plan-gate.ts): is this host stale, and may
// this fix be sent. A host is stale when a check that fails now passed at plan time, or failed differently
// then (its fingerprint, the normalized output, moved). A check that passes now is never stale, whether or not
// it ran at plan time: that step is simply ok and its fix is not sent. A check the plan holds no result for
// (not run then) says nothing about a move; if its fix is needed, the fix is refused as not in the plan.
import type { PlanGate } from '../engine/plan-gate.js';
import type { StepResult } from '../engine/results.js';
import type { Redactor } from '../report/redact.js';
import type { ErrorCode } from '../errors.js';
import type { PlanStep } from './model.js';

/** Check errors that say nothing about the device's state (the session broke, the playbook is wrong): never stale, the apply pass reports them. */
const NOT_STATE: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'E_DISCONNECTED',
  'E_PROMPT_TIMEOUT',
  'E_COMMAND_TIMEOUT',
  'E_MODE',
  'E_MODE_UNAVAILABLE',
  'E_SUDO_AUTH',
  'E_COMMAND_LIMIT',
  'E_JOURNAL_WRITE',
  'E_INTERNAL',
  'E_TEMPLATE',
  'E_NO_PARSER',
  'E_READ_ONLY',
  'E_REBOOT_TIMEOUT',
  'E_REBOOT_NOT_DOWN',
]);

const FAILING = new Set(['pending', 'action_required', 'failed']);

function fingerprintOf(check: { fingerprint?: string } | undefined, errorCode: string | undefined): string | undefined {
  return check?.fingerprint ?? (errorCode !== undefined ? `error:${errorCode}` : undefined);
}

/** The first step of a re-check whose failure the plan did not see, or undefined when the host is as planned. */
export function staleStep(planned: readonly PlanStep[], precheck: readonly StepResult[]): string | undefined {
  const byId = new Map(planned.map((s) => [s.id, s]));
  for (const r of precheck) {
    if (!FAILING.has(r.status)) continue;
    if (r.error && NOT_STATE.has(r.error.code)) continue;
    const p = byId.get(r.id);
    if (p === undefined || p.status === 'skipped') continue;
    if (!FAILING.has(p.status)) return r.id;
    if (fingerprintOf(r.check, r.error?.code) !== fingerprintOf(p.check, p.error_code)) return r.id;
  }
  return undefined;
}

/** A PlanGate over one host's planned steps in one play. `redactor` is the run's: planned commands were saved redacted. */
export function createPlanGate(planned: readonly PlanStep[], redactor: Redactor): PlanGate {
  const byId = new Map(planned.map((s) => [s.id, s]));
  return {
    judge(precheck) {
      const id = staleStep(planned, precheck);
      return id === undefined ? undefined : `stale: ${id}`;
    },
    refuseFix(stepId, commands, fingerprint, afterOwnFix) {
      const p = byId.get(stepId);
      if (p === undefined || p.status !== 'pending' || p.fix === undefined) return `stale: ${stepId} (its fix is not in the plan)`;
      const now = commands.map((c) => redactor.redact(c));
      if (now.length !== p.fix.commands.length || now.some((c, i) => c !== p.fix?.commands[i])) {
        return `stale: ${stepId} (the fix renders differently from the plan)`;
      }
      // Once this run changed the host, later checks see our own work; before that, the state must be as planned.
      if (!afterOwnFix && fingerprint !== p.check?.fingerprint) return `stale: ${stepId} (its check output moved since the re-check)`;
      return undefined;
    },
  };
}
