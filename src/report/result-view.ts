// The one camelCase → snake_case mapping of results. The engine makes one step shape (StepResult, camelCase);
// the files written for programs (the JSON report, the saved plan) are snake_case views of it, derived here by
// one table per nested object. Each table lists its object's keys in the order the files show them, and
// `satisfies Record<keyof …>`: a new result field that is neither mapped (its snake_case name) nor excluded
// (null) fails to compile here, instead of going missing from an output.
import type { ErrorInfo, HostResult, StepResult } from '../engine/results.js';

type Check = NonNullable<StepResult['check']>;
type Fix = NonNullable<StepResult['fix']>;
type Verify = NonNullable<StepResult['verify']>;

/** Each key of T: its snake_case name, or null when no file carries it. */
type KeyTable<T> = Record<keyof T, string | null>;

const STEP_KEYS = {
  id: 'id',
  name: 'name',
  status: 'status',
  durationMs: 'duration_ms',
  reason: 'reason',
  ignored: 'ignored',
  afterFixOf: 'after_fix_of',
  item: 'item',
  check: 'check',
  fix: 'fix',
  verify: 'verify',
  remedy: 'remedy',
  error: 'error',
} as const satisfies KeyTable<StepResult>;

const CHECK_KEYS = {
  command: 'command',
  passed: 'passed',
  output: 'output',
  exitStatus: 'exit_status',
  fingerprint: 'fingerprint',
  durationMs: 'duration_ms',
} as const satisfies KeyTable<Check>;

const FIX_KEYS = { commands: 'commands', sent: 'sent', reboot: 'reboot', rebootTimeoutS: 'reboot_timeout_s' } as const satisfies KeyTable<Fix>;
const VERIFY_KEYS = { passed: 'passed', output: 'output' } as const satisfies KeyTable<Verify>;
const ERROR_KEYS = { code: 'code', message: 'message' } as const satisfies KeyTable<ErrorInfo>;

const HOST_KEYS = {
  name: 'name',
  address: 'address',
  status: 'status',
  durationMs: 'duration_ms',
  steps: 'steps',
  error: 'error',
  reason: 'reason',
} as const satisfies KeyTable<HostResult>;

/** T with each key renamed by its table (optional stays optional); keys mapped to null are left out. */
type Renamed<T, M extends KeyTable<T>> = { [K in keyof T as M[K] extends string ? M[K] : never]: T[K] };

export type SnakeError = Renamed<ErrorInfo, typeof ERROR_KEYS>;
export type SnakeCheck = Renamed<Check, typeof CHECK_KEYS>;
export type SnakeFix = Renamed<Fix, typeof FIX_KEYS>;
export type SnakeVerify = Renamed<Verify, typeof VERIFY_KEYS>;
/** A step as the JSON report has it (schemas/report.schema.json). */
export type SnakeStep = Omit<Renamed<StepResult, typeof STEP_KEYS>, 'ignored' | 'check' | 'fix' | 'verify' | 'error'> & {
  ignored?: true;
  check?: SnakeCheck;
  fix?: SnakeFix;
  verify?: SnakeVerify;
  error?: SnakeError;
};
/** A host as the JSON report has it. */
export type SnakeHost = Omit<Renamed<HostResult, typeof HOST_KEYS>, 'steps' | 'error'> & { steps: SnakeStep[]; error?: SnakeError };

/** The object renamed by its table, in the table's order; undefined values and excluded keys are left out. */
function rename(value: object, keys: Record<string, string | null>): Record<string, unknown> {
  const from = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [camel, snake] of Object.entries(keys)) {
    const v = from[camel];
    if (snake !== null && v !== undefined) out[snake] = v;
  }
  return out;
}

/** Keys whose value may be undefined become optional and are left out when undefined; the order is kept. */
export type Defined<T> = { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & { [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined> };

/** The object without its undefined values (a view picks what it shows, and absent stays absent). */
export function defined<T extends object>(value: T): Defined<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Defined<T>;
}

// Durations are whole milliseconds in the files, never negative (a clock step backwards must not break a schema).
function wholeMs(n: number): number {
  return Math.max(0, Math.round(n));
}

const renameError = (e: ErrorInfo | undefined): SnakeError | undefined => (e ? (rename(e, ERROR_KEYS) as SnakeError) : undefined);

/** The snake_case view of a step. `after_fix_of` only while pending (a stale apply's skipped pre-check results may carry the check pass's value). */
export function snakeStep(s: StepResult): SnakeStep {
  const check = s.check ? rename({ ...s.check, durationMs: s.check.durationMs === undefined ? undefined : wholeMs(s.check.durationMs) }, CHECK_KEYS) : undefined;
  return rename(
    {
      ...s,
      durationMs: wholeMs(s.durationMs),
      ignored: s.ignored === true ? true : undefined,
      afterFixOf: s.status === 'pending' ? s.afterFixOf : undefined,
      check,
      fix: s.fix ? rename({ ...s.fix, commands: [...s.fix.commands] }, FIX_KEYS) : undefined,
      verify: s.verify ? rename(s.verify, VERIFY_KEYS) : undefined,
      error: renameError(s.error),
    },
    STEP_KEYS,
  ) as SnakeStep;
}

/** The snake_case view of a host and its steps. */
export function snakeHost(h: HostResult): SnakeHost {
  return rename({ ...h, durationMs: wholeMs(h.durationMs), steps: h.steps.map(snakeStep), error: renameError(h.error) }, HOST_KEYS) as SnakeHost;
}

const CAMEL_OF_STEP: Record<string, string> = Object.fromEntries(Object.entries(STEP_KEYS).map(([camel, snake]) => [snake, camel]));

/**
 * A snake_case step (a report's or a saved plan's, as the HTML page has it) under the result's top-level names,
 * by the same table: for code written against StepResult, such as the root causes. Nested objects are kept
 * as they are (what that code reads of them has one name in both).
 */
export function camelStep<V extends Pick<SnakeStep, 'id' | 'name' | 'status'>>(v: V): Pick<StepResult, 'id' | 'name' | 'status'> & Partial<Omit<StepResult, 'check' | 'verify'>> {
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [CAMEL_OF_STEP[k] ?? k, x])) as Pick<StepResult, 'id' | 'name' | 'status'>;
}

/**
 * A step without the device's outputs (check output emptied, verify output dropped): what `--output json` repeats
 * in host_finished and run_finished, where each output was already sent once in its step_finished line.
 */
export function withoutOutputs(step: StepResult): StepResult {
  const { check, verify, ...rest } = step;
  const emptied = (c: Check): Check => {
    const { output: _output, ...kept } = c;
    return { ...kept, output: '' };
  };
  return { ...rest, ...(check ? { check: emptied(check) } : {}), ...(verify ? { verify: { passed: verify.passed } } : {}) };
}
