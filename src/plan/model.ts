// A saved plan (`run --check --plan-out`): what the dry-run saw and would send, per host and play, with the
// digests that let `apply` refuse a plan whose inputs, devices or own bytes changed since. Snake_case on disk,
// like the report; validated by schemas/plan.schema.json.
import type { HostStatus } from '../engine/results.js';
import type { SnakeCheck, SnakeFix, SnakeStep } from '../report/result-view.js';
import type { ErrorCode } from '../errors.js';

export const PLAN_VERSION = 1;

/** A file the plan was made from, with the sha256 of its bytes. */
export interface PlanInputFile {
  path: string;
  sha256: string;
}

/** An FMC's device list as a `plugin: fmc` inventory read it for the dry-run (apply refuses when it moved). */
export interface PlanDeviceList {
  source: string;
  fmc: string;
  devices: number;
  sha256: string;
}

/**
 * The check of one step as the dry-run saw it: the report's check (the one snake_case mapping, result-view.ts)
 * without the output. `fingerprint` digests the normalized output (volatile parts removed).
 */
export type PlanCheck = Pick<SnakeCheck, 'command' | 'passed' | 'fingerprint'> & { duration_ms: number };

/** A step's fix exactly as it would be sent (only on `pending` steps); a reboot action appears as `reboot`. */
export type PlanFix = Pick<SnakeFix, 'commands' | 'reboot' | 'reboot_timeout_s'>;

/**
 * One step result (one per loop item, id suffixed `[i]`) of the dry-run: the report's step cut to what apply
 * needs (build-plan.ts). `reason` is one line: why pending, skipped or failed. `after_fix_of`: pending only
 * because the check failed while this earlier step's fix was pending — apply re-checks the step after that fix
 * and sends this step's `fix` (kept in the plan) only if the check still fails; its fix and reboot are possible,
 * not certain. `error_code`: the check's code when it could not run (no fingerprint then).
 */
export type PlanStep = Pick<SnakeStep, 'id' | 'name' | 'status' | 'reason' | 'after_fix_of' | 'remedy'> & {
  check?: PlanCheck;
  fix?: PlanFix;
  error_code?: ErrorCode;
};

/** One play's steps on one host. `index` is the play's position in the playbook. */
export interface PlanPlay {
  index: number;
  name: string;
  steps: PlanStep[];
}

/** One host of the dry-run. Apply contacts only hosts with at least one `pending` step. */
export interface PlanHost {
  name: string;
  address: string;
  status: HostStatus;
  error?: { code: ErrorCode; message: string };
  reason?: string;
  plays: PlanPlay[];
  /** What applying this host should take: see estimate.ts for how it is reckoned. */
  estimated_duration_ms: number;
}

export interface PlanTotals {
  hosts: number;
  /** Hosts with at least one pending fix: the only hosts `apply` contacts. */
  hosts_to_change: number;
  /** Fixes that run for certain (pending steps not waiting for an earlier fix), their commands and reboots. */
  fixes: number;
  commands: number;
  reboots: number;
  /** Fixes of steps waiting for an earlier fix: sent only if their check still fails after it. Absent in older plans. */
  conditional_fixes?: number;
  /** Of those, the ones that reboot: reboots that may happen. Absent in older plans. */
  possible_reboots?: number;
  action_required: number;
  unreachable: number;
  failed: number;
  /** The longest host estimate (hosts run in parallel up to --forks). */
  estimated_duration_ms: number;
}

/** The plan without its own digest: what the digest covers. */
export interface PlanBody {
  version: typeof PLAN_VERSION;
  tool: { name: 'firemend'; version: string };
  created_at: string;
  playbook: PlanInputFile & { vars_files: PlanInputFile[] };
  inventory: PlanInputFile & { fmc_device_lists?: PlanDeviceList[] };
  limit?: string;
  /** The run's extra vars; secret ones are "<redacted>" and listed in `secret_extra_vars`. */
  extra_vars: Record<string, unknown>;
  /** Extra vars whose values were secret: `apply` needs them again with -e. */
  secret_extra_vars: string[];
  hosts: PlanHost[];
  totals: PlanTotals;
}

/** The plan file: the body and the sha256 of its canonical JSON (a hand edit makes them disagree). */
export interface PlanFile extends PlanBody {
  sha256: string;
  /** HMAC-SHA256 of the same canonical JSON with the plan key, when the plan was signed (plan/sign.ts). */
  hmac_sha256?: string;
}
