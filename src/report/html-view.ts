// What the HTML report shows, as plain data: built from the JSON report of a run (already redacted) or from a saved
// plan, so the page can never show more than those files do. Pure; html-report.ts renders it.
import { summarize, type HostStatus, type Summary } from '../engine/results.js';
import { EXIT_MEANINGS } from '../exit-codes.js';
import type { PlanFile } from '../plan/model.js';
import { causeRecords, causesOf } from './causes.js';
import { inHostOrder } from './host-order.js';
import type { Report, ReportCause, ReportStep } from './report-json.js';
import { camelStep, defined, type SnakeCheck, type SnakeFix } from './result-view.js';

/** A step as the page shows it: a cut of the report's step (a saved plan's steps fill the same fields). */
export type HtmlStep = Pick<ReportStep, 'id' | 'name' | 'status' | 'item' | 'reason' | 'after_fix_of' | 'verify' | 'remedy' | 'error'> & {
  check?: Pick<SnakeCheck, 'command' | 'passed' | 'duration_ms'> & { output?: string };
  fix?: Pick<SnakeFix, 'commands' | 'sent' | 'reboot'>;
  duration_ms?: number;
};

export interface HtmlHost {
  name: string;
  address: string;
  status: HostStatus;
  groups: string[];
  duration_ms?: number;
  error?: { code: string; message: string };
  reason?: string;
  /** Indexes into HtmlView.causes of the causes this host shares. */
  causes: number[];
  steps: HtmlStep[];
}

export interface HtmlView {
  kind: 'run' | 'plan';
  mode: 'check' | 'apply';
  playbook: string;
  inventory: string;
  tool_version: string;
  started_at: string;
  finished_at?: string;
  exit_code?: number;
  exit_meaning?: string;
  interrupted?: boolean;
  stopped_early?: string;
  summary: Summary;
  causes: ReportCause[];
  /** The matrix's columns: step ids without their loop suffix, in playbook order. */
  columns: { id: string; name: string }[];
  hosts: HtmlHost[];
}

const baseId = (id: string): string => id.replace(/\[\d+\]$/, '');

function columnsOf(hosts: readonly { steps: readonly { id: string; name: string }[] }[]): HtmlView['columns'] {
  const seen = new Map<string, string>();
  for (const h of hosts) for (const s of h.steps) if (!seen.has(baseId(s.id))) seen.set(baseId(s.id), s.name);
  return [...seen].map(([id, name]) => ({ id, name }));
}

function withCauses<H extends Omit<HtmlHost, 'causes'>>(hosts: H[], causes: readonly ReportCause[]): (H & { causes: number[] })[] {
  return inHostOrder(hosts).map((h) => ({ ...h, causes: causes.flatMap((c, i) => (c.hosts.includes(h.name) ? [i] : [])) }));
}

/** The page's data for a run, from its (redacted) JSON report; `groupsOf` names each host's inventory groups. */
export function htmlViewOfReport(report: Report, groupsOf: (host: string) => string[] = () => []): HtmlView {
  const hosts = report.hosts.map((h) => ({
    name: h.name,
    address: h.address,
    status: h.status,
    groups: groupsOf(h.name),
    duration_ms: h.duration_ms,
    ...defined({ error: h.error, reason: h.reason }),
    steps: h.steps,
  }));
  return {
    kind: 'run',
    mode: report.mode,
    playbook: report.playbook,
    inventory: report.inventory,
    tool_version: report.tool.version,
    started_at: report.started_at,
    finished_at: report.finished_at,
    exit_code: report.exit_code,
    exit_meaning: EXIT_MEANINGS[report.exit_code] ?? 'unknown exit code',
    interrupted: report.interrupted,
    ...(report.stopped_early !== undefined ? { stopped_early: report.stopped_early } : {}),
    summary: report.summary,
    causes: report.causes,
    columns: columnsOf(hosts),
    hosts: withCauses(hosts, report.causes),
  };
}

/** The page's data for a saved plan: what apply would send, per host; causes computed as for a run. */
export function htmlViewOfPlan(plan: PlanFile): HtmlView {
  const hosts = plan.hosts.map((h) => ({
    name: h.name,
    address: h.address,
    status: h.status,
    groups: [] as string[],
    duration_ms: h.estimated_duration_ms,
    ...defined({ error: h.error, reason: h.reason }),
    steps: h.plays.flatMap((p) =>
      p.steps.map(
        (s): HtmlStep =>
          defined({
            id: s.id,
            name: s.name,
            status: s.status,
            reason: s.reason,
            after_fix_of: s.after_fix_of,
            check: s.check ? { command: s.check.command, passed: s.check.passed, duration_ms: s.check.duration_ms } : undefined,
            fix: s.fix ? { commands: s.fix.commands, sent: false, reboot: s.fix.reboot } : undefined,
            remedy: s.remedy,
            error: s.error_code !== undefined ? { code: s.error_code, message: s.reason ?? s.error_code } : undefined,
          }),
      ),
    ),
  }));
  const causes = causeRecords(causesOf({ hosts: hosts.map((h) => ({ ...h, steps: h.steps.map(camelStep) })) }));
  return {
    kind: 'plan',
    mode: 'check',
    playbook: plan.playbook.path,
    inventory: plan.inventory.path,
    tool_version: plan.tool.version,
    started_at: plan.created_at,
    summary: summarize(plan.hosts),
    causes,
    columns: columnsOf(hosts),
    hosts: withCauses(hosts, causes),
  };
}
