// The JSON report of a run (`--report FILE.json`, schemas/report.schema.json): a snake_case view of the RunResult,
// redacted, written atomically so a reader never sees half a report.
import type { HostResult, RunResult, StepResult, Summary } from '../engine/results.js';
import type { Redactor } from './redact.js';
import { prettyJsonChunks } from './pretty-json.js';
import { writeFileAtomic } from './atomic-write.js';
import { causeRecords, causesOf, type CauseRecord } from './causes.js';

export interface ReportError {
  code: string;
  message: string;
}

export interface ReportStep {
  id: string;
  name: string;
  status: StepResult['status'];
  reason?: string;
  ignored?: true;
  /** Check mode: pending only because it failed while this earlier step's fix was pending; re-checked after it. */
  after_fix_of?: string;
  item?: unknown;
  check?: { command: string; passed: boolean; output: string; exit_status?: number; fingerprint?: string; duration_ms?: number };
  fix?: { commands: string[]; sent: boolean; reboot: boolean; reboot_timeout_s?: number };
  verify?: { passed: boolean; output?: string };
  remedy?: string;
  error?: ReportError;
  duration_ms: number;
}

export interface ReportHost {
  name: string;
  address: string;
  status: HostResult['status'];
  duration_ms: number;
  error?: ReportError;
  reason?: string;
  steps: ReportStep[];
}

export interface Report {
  version: 1;
  tool: { name: 'firemend'; version: string };
  playbook: string;
  inventory: string;
  mode: RunResult['mode'];
  started_at: string;
  finished_at: string;
  interrupted: boolean;
  stopped_early?: string;
  exit_code: number;
  summary: Summary;
  /** The root causes (src/report/causes.ts), largest first. */
  causes: ReportCause[];
  hosts: ReportHost[];
}

export type ReportCause = CauseRecord;

export interface BuildReportOptions {
  exitCode: number;
  toolVersion: string;
  /** Every secret of the run (passwords …); any occurrence in device output or messages becomes `<redacted>`. */
  redactor?: Redactor;
}

/** The report object for a finished (or interrupted) run. */
export function buildReport(result: RunResult, o: BuildReportOptions): Report {
  const report: Report = {
    version: 1,
    tool: { name: 'firemend', version: o.toolVersion },
    playbook: result.playbook,
    inventory: result.inventory,
    mode: result.mode,
    started_at: result.startedAt,
    finished_at: result.finishedAt,
    interrupted: result.interrupted,
    ...(result.stoppedEarly !== undefined ? { stopped_early: result.stoppedEarly } : {}),
    exit_code: o.exitCode,
    summary: { ...result.summary },
    causes: causeRecords(causesOf(result)),
    hosts: result.hosts.map(hostView),
  };
  return o.redactor ? o.redactor.redactDeep(report) : report;
}

/** Write the report as pretty JSON, atomically (whole or not at all). */
export function writeReport(path: string, report: Report): void {
  writeFileAtomic(path, prettyJsonChunks(report));
}

function hostView(h: HostResult): ReportHost {
  const v: ReportHost = { name: h.name, address: h.address, status: h.status, duration_ms: ms(h.durationMs), steps: h.steps.map(stepView) };
  if (h.error) v.error = { code: h.error.code, message: h.error.message };
  if (h.reason !== undefined) v.reason = h.reason;
  return v;
}

function stepView(s: StepResult): ReportStep {
  const v: ReportStep = { id: s.id, name: s.name, status: s.status, duration_ms: ms(s.durationMs) };
  if (s.reason !== undefined) v.reason = s.reason;
  if (s.ignored === true) v.ignored = true;
  // Only a pending step is still waiting (a stale apply's skipped pre-check results may carry the check pass's value).
  if (s.afterFixOf !== undefined && s.status === 'pending') v.after_fix_of = s.afterFixOf;
  if (s.item !== undefined) v.item = s.item;
  if (s.check) {
    const c = s.check;
    v.check = { command: c.command, passed: c.passed, output: c.output };
    if (c.exitStatus !== undefined) v.check.exit_status = c.exitStatus;
    if (c.fingerprint !== undefined) v.check.fingerprint = c.fingerprint;
    if (c.durationMs !== undefined) v.check.duration_ms = ms(c.durationMs);
  }
  if (s.fix) {
    v.fix = { commands: [...s.fix.commands], sent: s.fix.sent, reboot: s.fix.reboot };
    if (s.fix.rebootTimeoutS !== undefined) v.fix.reboot_timeout_s = s.fix.rebootTimeoutS;
  }
  if (s.verify) v.verify = s.verify.output !== undefined ? { passed: s.verify.passed, output: s.verify.output } : { passed: s.verify.passed };
  if (s.remedy !== undefined) v.remedy = s.remedy;
  if (s.error) v.error = { code: s.error.code, message: s.error.message };
  return v;
}

// Durations are whole milliseconds in the report, never negative (a clock step backwards must not break the schema).
function ms(n: number): number {
  return Math.max(0, Math.round(n));
}
