// The single place errors and outcomes become an exit code (the codes themselves: src/exit-codes.ts).
import { FiremendError, InputError, LockError, PlanError, TemplateError, UsageError } from '../errors.js';
import type { Summary } from '../engine/results.js';
import { EXIT, EXIT_PRECEDENCE } from '../exit-codes.js';

export { EXIT, EXIT_PRECEDENCE } from '../exit-codes.js';

/** Exit code for an error that ended the command before or instead of a run. */
export function exitCodeForError(err: unknown): number {
  if (err instanceof LockError) return EXIT.LOCKED;
  if (err instanceof InputError || err instanceof UsageError || err instanceof PlanError || err instanceof TemplateError) return EXIT.INPUT;
  if (err instanceof FiremendError && err.code === 'E_INTERRUPTED') return EXIT.INTERRUPTED;
  return EXIT.INPUT;
}

/** A run's exit code once its output files are written: 74 when one was not, unless a code before 74 applies. */
export function exitCodeAfterOutputs(runExitCode: number, unwritten: number): number {
  if (unwritten === 0) return runExitCode;
  const rank = (c: number): number => (EXIT_PRECEDENCE as readonly number[]).indexOf(c);
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
