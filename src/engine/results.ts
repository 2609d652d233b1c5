// Outcomes as data: what happened to each step and host. The report, recap, JUnit and plans are views of these.
import type { ErrorCode } from '../errors.js';

export type StepStatus = 'ok' | 'changed' | 'pending' | 'action_required' | 'failed' | 'skipped';
export type HostStatus = StepStatus | 'unreachable';

/** Worst first: a host's status is the worst of its steps (CONTRACT.md). */
export const STATUS_ORDER: readonly HostStatus[] = [
  'unreachable',
  'failed',
  'action_required',
  'pending',
  'changed',
  'ok',
  'skipped',
];

/** The worse of two statuses. */
export function worseStatus(a: HostStatus, b: HostStatus): HostStatus {
  return STATUS_ORDER.indexOf(a) <= STATUS_ORDER.indexOf(b) ? a : b;
}

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
}

export interface StepResult {
  id: string;
  name: string;
  status: StepStatus;
  /** Why skipped / why failed, in one line. */
  reason?: string;
  /**
   * Check mode only: this step is `pending` because its check failed while an earlier step's fix was still
   * pending, so that fix may cure it. The id of the step whose fix will run first (followed through steps that
   * are themselves waiting, to the first fix that would run for certain). A real run re-checks this step after
   * that fix, and sends its own fix (if it has one) only when the check still fails.
   */
  afterFixOf?: string;
  /** The loop item, for steps with `loop` (one result per item, id suffixed `[i]`). */
  item?: unknown;
  check?: { command: string; passed: boolean; output: string; exitStatus?: number; fingerprint?: string; durationMs?: number };
  /** `commands` are exactly as rendered for this host (a reboot action appears as `reboot`). */
  fix?: { commands: string[]; sent: boolean; reboot: boolean; rebootTimeoutS?: number };
  verify?: { passed: boolean; output?: string };
  remedy?: string;
  error?: ErrorInfo;
  /** A failure under the step's ignore_errors: it does not stop the host or make it fail. */
  ignored?: boolean;
  durationMs: number;
}

export interface HostResult {
  name: string;
  address: string;
  status: HostStatus;
  durationMs: number;
  error?: ErrorInfo;
  /** Why the host was skipped as a whole (rollout stopped, stale plan step, interrupted …). */
  reason?: string;
  steps: StepResult[];
}

export interface Summary {
  hosts: number;
  ok: number;
  changed: number;
  pending: number;
  action_required: number;
  failed: number;
  unreachable: number;
  skipped: number;
}

export type RunMode = 'check' | 'apply';

export interface RunResult {
  playbook: string;
  inventory: string;
  mode: RunMode;
  startedAt: string;
  finishedAt: string;
  interrupted: boolean;
  /** Set when the rollout stopped early (max_fail_percentage crossed, window closed). */
  stoppedEarly?: string;
  /** HA pairs whose units reboot (or would): in which order, one sentence per pair. */
  haOrder?: string[];
  hosts: HostResult[];
  summary: Summary;
}

/** Count hosts per status. */
export function summarize(hosts: readonly Pick<HostResult, 'status'>[]): Summary {
  const s: Summary = { hosts: hosts.length, ok: 0, changed: 0, pending: 0, action_required: 0, failed: 0, unreachable: 0, skipped: 0 };
  for (const h of hosts) s[h.status] += 1;
  return s;
}
