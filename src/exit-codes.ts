// The exit codes of CONTRACT.md in one table: code, meaning, and (by row order) which wins when several apply.
// Everything that lists exit codes derives from it: the CLI's EXIT constants and precedence, the HTML report's
// meanings; a unit test holds the README's table and the report schema's enum to it. Neutral ground (no
// cli/ or report/ import), so both can use it.

/** One row per exit code, in precedence order: when several apply, the first row wins. */
export const EXIT_TABLE = [
  { name: 'INTERRUPTED', code: 130, meaning: 'interrupted by SIGINT/SIGTERM: in-flight steps ended safely' },
  { name: 'LOCKED', code: 75, meaning: 'another run holds the lock: nothing was contacted' },
  { name: 'INPUT', code: 1, meaning: 'bad arguments or invalid playbook/inventory/plan: nothing was contacted' },
  {
    name: 'OUTPUT_NOT_WRITTEN',
    code: 74,
    meaning: 'the run ended, but an output (report, JUnit, evidence, plan) could not be written',
  },
  { name: 'STOPPED_EARLY', code: 8, meaning: 'the rollout stopped early (max_fail_percentage crossed, or --window closed)' },
  { name: 'FAILED', code: 2, meaning: 'at least one host failed or needs action' },
  { name: 'UNREACHABLE', code: 4, meaning: 'at least one host unreachable, none failed' },
  { name: 'CHANGES_PENDING', code: 3, meaning: 'check mode with --detailed-exitcode: changes are pending, nothing failed' },
  { name: 'OK', code: 0, meaning: 'every selected host ended ok, changed, pending or skipped' },
] as const;

type ExitRow = (typeof EXIT_TABLE)[number];

/** An exit code firemend can end with. */
export type ExitCode = ExitRow['code'];

/** The exit codes by name (EXIT.FAILED === 2 …). */
export const EXIT = Object.fromEntries(EXIT_TABLE.map((r) => [r.name, r.code])) as {
  readonly [R in ExitRow as R['name']]: R['code'];
};

/** The order in which exit codes win when several apply (README "Exit codes"). */
export const EXIT_PRECEDENCE: readonly ExitCode[] = EXIT_TABLE.map((r) => r.code);

/** What each exit code means, in one line. */
export const EXIT_MEANINGS: Readonly<Record<number, string>> = Object.fromEntries(EXIT_TABLE.map((r) => [r.code, r.meaning]));
