// Turn a finished dry-run into a plan: inputs with their digests, the extra vars (secrets redacted), and per
// host and play every step as it was seen, with the exact commands of each pending fix.
import { resolve } from 'node:path';
import type { HostResult, RunResult, StepResult } from '../engine/results.js';
import type { Inventory } from '../inventory/model.js';
import type { Playbook } from '../playbook/model.js';
import type { Redactor } from '../report/redact.js';
import { defined, snakeHost, snakeStep } from '../report/result-view.js';
import { planDigest } from './digest.js';
import { estimateHostMs } from './estimate.js';
import { PLAN_VERSION, type PlanBody, type PlanFile, type PlanHost, type PlanPlay, type PlanStep, type PlanTotals } from './model.js';
import type { PlayRecorder } from './play-recorder.js';

export interface BuildPlanInputs {
  /** The result of a `--check` run. */
  result: RunResult;
  /** The same run's events, split per host and play. */
  plays: PlayRecorder;
  playbook: Playbook;
  inventory: Inventory;
  limit?: string;
  extraVars: Record<string, unknown>;
  /** Built from every secret of the run, including secret extra vars. */
  redactor: Redactor;
  toolVersion: string;
  /** Creation time (injectable for tests). */
  now?: () => Date;
}

/** Build the plan of a dry-run, digest included. Throws when the run was not a dry-run. */
export function buildPlan(i: BuildPlanInputs): PlanFile {
  if (i.result.mode !== 'check') throw new Error('a plan is made from a --check run only');
  const extra = i.redactor.redactDeep(i.extraVars);
  const secretNames = Object.keys(i.extraVars).filter((k) => JSON.stringify(extra[k]) !== JSON.stringify(i.extraVars[k]));
  const hosts = i.result.hosts.map((h) => planHost(h, i));
  const body: PlanBody = {
    version: PLAN_VERSION,
    tool: { name: 'firemend', version: i.toolVersion },
    created_at: (i.now ?? (() => new Date()))().toISOString(),
    playbook: {
      path: resolve(i.playbook.path),
      sha256: i.playbook.sha256,
      vars_files: uniqueFiles(i.playbook.plays.flatMap((p) => p.varsFiles ?? [])),
    },
    inventory: {
      path: resolve(i.inventory.path),
      sha256: i.inventory.sha256,
      ...(i.inventory.remote ? { fmc_device_lists: i.inventory.remote.map((r) => ({ source: resolve(r.source), fmc: r.fmc, devices: r.devices, sha256: r.sha256 })) } : {}),
    },
    ...(i.limit !== undefined ? { limit: i.limit } : {}),
    extra_vars: extra,
    secret_extra_vars: secretNames,
    hosts,
    totals: totalsOf(hosts),
  };
  return { ...body, sha256: planDigest(body) };
}

function uniqueFiles(files: { path: string; sha256: string }[]): { path: string; sha256: string }[] {
  const seen = new Map<string, string>();
  for (const f of files) seen.set(resolve(f.path), f.sha256);
  return [...seen].map(([path, sha256]) => ({ path, sha256 }));
}

function planHost(h: HostResult, i: BuildPlanInputs): PlanHost {
  const runs = i.plays.playsOf(h.name);
  // A host that never started a play (rollout stopped, interrupted) has no per-play runs: nothing is planned.
  const plays: PlanPlay[] = runs.map((r) => ({
    index: r.playIndex,
    name: i.playbook.plays[r.playIndex]?.name ?? '',
    steps: r.result.steps.map(planStep),
  }));
  const v = snakeHost({ ...h, steps: [] });
  const host: PlanHost = defined({
    name: v.name,
    address: v.address,
    status: v.status,
    plays,
    estimated_duration_ms: estimateHostMs(plays.flatMap((p) => p.steps)),
    error: v.error,
    reason: v.reason,
  });
  return i.redactor.redactDeep(host);
}

// The plan's step is the report's step (the one snake_case mapping) cut to what apply needs: no outputs, the
// reason's first line, the fix only while pending, the error's code.
function planStep(s: StepResult): PlanStep {
  const v = snakeStep(s);
  return defined({
    id: v.id,
    name: v.name,
    status: v.status,
    reason: v.reason === undefined ? undefined : (v.reason.split('\n', 1)[0] ?? ''),
    after_fix_of: v.after_fix_of,
    check: v.check ? defined({ command: v.check.command, passed: v.check.passed, duration_ms: v.check.duration_ms ?? 0, fingerprint: v.check.fingerprint }) : undefined,
    fix: v.status === 'pending' && v.fix ? defined({ commands: v.fix.commands, reboot: v.fix.reboot, reboot_timeout_s: v.fix.reboot_timeout_s }) : undefined,
    remedy: v.remedy,
    error_code: v.error?.code,
  });
}

function totalsOf(hosts: PlanHost[]): PlanTotals {
  const steps = hosts.flatMap((h) => h.plays.flatMap((p) => p.steps));
  // A waiting step's fix is sent only if its check still fails after the earlier fix: counted apart.
  const pending = steps.filter((s) => s.status === 'pending' && s.after_fix_of === undefined);
  const waiting = steps.filter((s) => s.status === 'pending' && s.after_fix_of !== undefined && s.fix !== undefined);
  return {
    hosts: hosts.length,
    hosts_to_change: hosts.filter(hasPendingFix).length,
    fixes: pending.filter((s) => s.fix).length,
    commands: pending.reduce((n, s) => n + (s.fix?.commands.filter((c) => !(s.fix?.reboot === true && c === 'reboot')).length ?? 0), 0),
    reboots: pending.filter((s) => s.fix?.reboot === true).length,
    conditional_fixes: waiting.length,
    possible_reboots: waiting.filter((s) => s.fix?.reboot === true).length,
    action_required: steps.filter((s) => s.status === 'action_required').length,
    unreachable: hosts.filter((h) => h.status === 'unreachable').length,
    failed: hosts.filter((h) => h.status === 'failed').length,
    estimated_duration_ms: hosts.filter(hasPendingFix).reduce((m, h) => Math.max(m, h.estimated_duration_ms), 0),
  };
}

/** Whether apply has anything to send to this host: a pending step with a fix. */
export function hasPendingFix(h: PlanHost): boolean {
  return h.plays.some((p) => p.steps.some((s) => s.status === 'pending' && s.fix !== undefined));
}
