// Exit codes of CONTRACT.md, and the single place errors and outcomes become one.
import { FiremendError, InputError, LockError, PlanError, TemplateError, UsageError } from '../errors.js';
import type { Summary } from '../engine/results.js';

export const EXIT = {
  OK: 0,
  INPUT: 1,
  FAILED: 2,
  CHANGES_PENDING: 3,
  UNREACHABLE: 4,
  STOPPED_EARLY: 8,
  /** The run ended, but a file it was asked to write (--report, --junit, --plan-out, evidence …) was not written. */
  OUTPUT_NOT_WRITTEN: 74,
  LOCKED: 75,
  INTERRUPTED: 130,
} as const;

/** Exit code for an error that ended the command before or instead of a run. */
export function exitCodeForError(err: unknown): number {
  if (err instanceof LockError) return EXIT.LOCKED;
  if (err instanceof InputError || err instanceof UsageError || err instanceof PlanError || err instanceof TemplateError) return EXIT.INPUT;
  if (err instanceof FiremendError && err.code === 'E_INTERRUPTED') return EXIT.INTERRUPTED;
  return EXIT.INPUT;
}

/** The order in which exit codes win when several apply (README "Exit codes"). */
export const EXIT_PRECEDENCE: readonly number[] = [EXIT.INTERRUPTED, EXIT.LOCKED, EXIT.INPUT, EXIT.OUTPUT_NOT_WRITTEN, EXIT.STOPPED_EARLY, EXIT.FAILED, EXIT.UNREACHABLE, EXIT.CHANGES_PENDING, EXIT.OK];

/** A run's exit code once its output files are written: 74 when one was not, unless a code before 74 applies. */
export function exitCodeAfterOutputs(runExitCode: number, unwritten: number): number {
  if (unwritten === 0) return runExitCode;
  const rank = (c: number): number => EXIT_PRECEDENCE.indexOf(c);
  return rank(runExitCode) < rank(EXIT.OUTPUT_NOT_WRITTEN) ? runExitCode : EXIT.OUTPUT_NOT_WRITTEN;
}

/** Exit code of a finished run; when several apply the first in 130, 75, 1, 74, 8, 2, 4, 3, 0 wins. */
export function exitCodeForRun(r: {
  interrupted: boolean;
  stoppedEarly: boolean;
  summary: Summary;
  check: boolean;
  detailedExitcode: boolean;
}): number {
  if (r.interrupted) return EXIT.INTERRUPTED;
  if (r.stoppedEarly) return EXIT.STOPPED_EARLY;
  if (r.summary.failed > 0 || r.summary.action_required > 0) return EXIT.FAILED;
  if (r.summary.unreachable > 0) return EXIT.UNREACHABLE;
  if (r.check && r.detailedExitcode && r.summary.pending > 0) return EXIT.CHANGES_PENDING;
  return EXIT.OK;
}
