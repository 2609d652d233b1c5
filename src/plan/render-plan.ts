// The one renderer of a check plan, for a person: what a real run would send, host by host — each fix's exact
// commands, which fixes reboot for certain and which may (a step only re-checked after an earlier fix, and sent
// only if still failing), what needs a person. Two texts come from it: `firemend show` of a saved plan (where it
// came from, estimates, totals of commands) and the end of a `--check` run (renderCheckPlan, from the run's
// result through the report's step shape). The steps of both are drawn by the same functions below; only the
// wording differs (Wording), and the hosts' head lines and totals.
import type { RunResult } from '../engine/results.js';
import { inHostOrder } from '../report/host-order.js';
import type { Redactor } from '../report/redact.js';
import { snakeHost, type SnakeError } from '../report/result-view.js';
import { createStyle, type Style } from '../report/style.js';
import { hasPendingFix } from './build-plan.js';
import { possibleRebootTimeouts, rebootTimeouts } from './estimate.js';
import { compactIds } from '../report/step-ids.js';
import { formatDuration } from './max-age.js';
import type { PlanFile, PlanHost, PlanStep } from './model.js';
import { NOT_READ_ONLY_REASON } from '../playbook/model.js';

export interface RenderPlanOptions {
  /** The plan file's path, for the title. */
  source: string;
  /** Now, for the plan's age. */
  nowMs: number;
  color?: boolean;
}

export interface CheckPlanOptions {
  /** Secrets may sit in outputs and error messages; the plan is printed, so it is always redacted. */
  redactor: Redactor;
  color?: boolean;
}

/** A step as both plans have it: a saved plan's step, or a run's step in the report's shape. */
type TextStep = Pick<PlanStep, 'id' | 'name' | 'status' | 'reason' | 'after_fix_of' | 'remedy' | 'fix'> & { error?: SnakeError };

function plural(n: number, word: string, many?: string): string {
  if (many !== undefined) return `${n} ${n === 1 ? word : many}`;
  return `${n} ${word}${n === 1 ? '' : /(x|ch|sh|s)$/.test(word) ? 'es' : 's'}`;
}

function short(sha: string): string {
  return sha.slice(0, 12);
}

function isReboot(s: TextStep, c: string): boolean {
  return s.fix?.reboot === true && c === 'reboot';
}

// A pending fix either runs for certain, or only if its check still fails after an earlier fix (after_fix_of):
// shown apart, so a possible reboot never reads as a certain one, and a certain one is never hidden.
const isDirect = (s: TextStep): boolean => s.status === 'pending' && s.after_fix_of === undefined;
const isWaiting = (s: TextStep): boolean => s.status === 'pending' && s.after_fix_of !== undefined;
const baseId = (id: string): string => id.replace(/\[\d+\]$/, '');
const indented = (text: string, indent: string): string[] => text.trimEnd().split('\n').map((l) => `${indent}${l}`);

/** What differs between the saved plan's text and the end of a --check run, step by step. */
interface Wording {
  /** A reboot action's line; `always`: also when the fix lists no `reboot` command. */
  reboot(s: TextStep, st: Style): string;
  rebootAlways: boolean;
  /** The head and reason lines of a step whose fix runs for certain. */
  pending(s: TextStep, st: Style, head: string): string[] | undefined;
  actionRequired(s: TextStep, st: Style, head: string): string[];
  failed(s: TextStep, st: Style, head: string): string[];
  skipped(s: TextStep, st: Style, head: string): string[];
}

const rebootsMark = (s: TextStep, st: Style): string => (s.fix?.reboot ? '  ' + st.bold(st.red('[REBOOTS DEVICE]')) : '');

const SAVED: Wording = {
  reboot: (s, st) => st.red(`⟳ reboot, then wait up to ${s.fix?.reboot_timeout_s ?? '?'}s for the device to come back`),
  rebootAlways: false,
  pending: (s, st, head) => (s.fix ? [`  ${st.cyan('~')} ${head}${rebootsMark(s, st)}`, ...(s.reason ? [`      ${st.dim(`because: ${s.reason}`)}`] : [])] : undefined),
  actionRequired: (s, st, head) => [`  ${st.magenta('!')} ${head}  ${st.magenta('action required: nothing is sent')}`, ...indented(s.remedy ?? '(no remedy text; see the report)', '      ')],
  failed: (s, st, head) => [`  ${st.red('✖')} ${head}  ${st.red(`failed${s.reason ? `: ${s.reason}` : ''}`)}`],
  // A check its author declared not read-only was not run: the plan cannot say what it would find.
  skipped: (s, st, head) => (s.reason?.startsWith(NOT_READ_ONLY_REASON) ? [`  ${st.yellow('?')} ${head}  ${st.yellow(s.reason)}`] : []),
};

const CHECK_RUN: Wording = {
  reboot: (_s, st) => st.red('⟳ reboot, then wait for the device to come back'),
  rebootAlways: true,
  pending: (s, st, head) => [`  ${st.cyan('~')} ${head}${rebootsMark(s, st)}`],
  actionRequired: (s, st, head) => [`  ${st.magenta('!')} ${head}  ${st.magenta('action required')}`, ...indented(s.remedy ?? '(no remedy text given; see the report)', '      ')],
  failed: (s, st, head) => {
    const why = s.error ? `${s.error.code}: ${s.reason ?? s.error.message}` : (s.reason ?? 'failed');
    return [`  ${st.red('✖')} ${head}  ${st.red(`failed [${why.split('\n', 1)[0] ?? ''}]`)}`];
  },
  skipped: () => [],
};

// The fix's actions in order; the reboot action (rendered `reboot`) reads as what it does.
function commandLines(s: TextStep, w: Wording, st: Style, indent: string): string[] {
  const commands = s.fix?.commands ?? [];
  const lines = commands.map((c) => (isReboot(s, c) ? `${indent}${w.reboot(s, st)}` : `${indent}$ ${c}`));
  if (w.rebootAlways && s.fix?.reboot === true && !commands.includes('reboot')) lines.push(`${indent}${w.reboot(s, st)}`);
  return lines;
}

function stepLines(s: TextStep, w: Wording, st: Style): string[] {
  const head = `${s.id}  ${st.dim(s.name)}`;
  switch (s.status) {
    case 'pending': {
      const lines = w.pending(s, st, head);
      return lines ? [...lines, ...commandLines(s, w, st, '      ')] : [];
    }
    case 'action_required':
      return w.actionRequired(s, st, head);
    case 'failed':
      return w.failed(s, st, head);
    case 'skipped':
      return w.skipped(s, st, head);
    default:
      return [];
  }
}

// The steps waiting for one fix: named on one line, then each one with a fix of its own, as conditional.
function waitingLines(root: string, waiting: TextStep[], w: Wording, st: Style): string[] {
  const lines = [`  ${st.yellow('?')} re-checked after ${root}'s fix: ${compactIds(waiting.map((s) => s.id))}`];
  for (const s of waiting.filter((x) => x.fix !== undefined && x.fix.commands.length > 0)) {
    lines.push(`    ${st.yellow('~')} ${s.id}  ${st.dim(s.name)}${s.fix?.reboot ? '  ' + st.bold(st.yellow('[MAY REBOOT]')) : ''}`);
    lines.push(`        if still failing after ${root}'s fix:`, ...commandLines(s, w, st, '        '));
  }
  return lines;
}

// Steps in order, each waiting step under the fix it waits for (after a loop's last item); a fix waited for
// that is not among these steps (another play's step of the same host) still shows its waiting steps.
function playLines(steps: readonly TextStep[], w: Wording, st: Style): string[] {
  const groups = new Map<string, TextStep[]>();
  for (const s of steps.filter(isWaiting)) groups.set(s.after_fix_of as string, [...(groups.get(s.after_fix_of as string) ?? []), s]);
  const lines: string[] = [];
  steps.forEach((s, i) => {
    if (isWaiting(s)) return;
    lines.push(...stepLines(s, w, st));
    const next = steps[i + 1];
    const root = baseId(s.id);
    if (isDirect(s) && (next === undefined || baseId(next.id) !== root) && groups.has(root)) {
      lines.push(...waitingLines(root, groups.get(root) as TextStep[], w, st));
      groups.delete(root);
    }
  });
  for (const [root, ws] of groups) lines.push(...waitingLines(root, ws, w, st));
  return lines;
}

// Hosts needing attention each followed by a blank line, then the quiet ones together, then a blank line.
function hostSections<H>(busy: readonly H[], quiet: readonly H[], block: (h: H) => string[]): string[] {
  const lines = busy.flatMap((h) => [...block(h), '']);
  for (const h of quiet) lines.push(...block(h));
  if (quiet.length > 0) lines.push('');
  return lines;
}

function hostLines(h: PlanHost, st: Style): string[] {
  const title = `${st.bold(h.name)} ${st.dim(`(${h.address})`)}`;
  if (h.plays.length === 0 || h.status === 'unreachable') {
    const why = h.error ? ` [${h.error.code}] ${h.error.message.split('\n', 1)[0] ?? ''}` : h.reason ? `: ${h.reason}` : '';
    return [`${title}  ${st.status(h.status)}${why}; nothing planned, apply will not contact it`];
  }
  const steps = h.plays.flatMap((p) => p.steps);
  const pending = steps.filter((s) => isDirect(s) && s.fix);
  const waiting = steps.filter(isWaiting);
  const commands = pending.reduce((n, s) => n + (s.fix?.commands.filter((c) => !isReboot(s, c)).length ?? 0), 0);
  const reboots = rebootTimeouts(steps);
  const possible = possibleRebootTimeouts(steps);
  const actions = steps.filter((s) => s.status === 'action_required').length;
  const failed = steps.filter((s) => s.status === 'failed').length;
  const facts: string[] = [];
  if (pending.length > 0 || waiting.length > 0) {
    const after = waiting.length > 0 ? `, +${waiting.length} re-checked after ${pending.length === 1 ? 'it' : 'them'}` : '';
    facts.push(`${plural(pending.length, 'fix')} (${plural(commands, 'command')})${after}`);
  }
  if (reboots.length > 0) facts.push(st.red(plural(reboots.length, 'reboot')));
  if (possible.length > 0) facts.push(st.yellow(plural(possible.length, 'possible reboot')));
  if (actions > 0) facts.push(st.magenta(`${actions} action required`));
  if (failed > 0) facts.push(st.red(`${plural(failed, 'step')} failed`));
  if (!hasPendingFix(h)) {
    return [`${title}  ${facts.length > 0 ? facts.join(', ') + '; ' : ''}nothing to send, apply will not contact it`, ...steps.flatMap((s) => stepLines(s, SAVED, st))];
  }
  const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
  const reboot = reboots.length > 0 ? ` + reboot (up to ${sum(reboots)}s)` : '';
  const maybe = possible.length > 0 ? ` + possible reboot (up to ${sum(possible)}s)` : '';
  facts.push(`est. ${formatDuration(h.estimated_duration_ms)}${reboot}${maybe}`);
  const multiPlay = h.plays.length > 1;
  const body = h.plays.flatMap((p) => {
    const lines = playLines(p.steps, SAVED, st);
    return multiPlay && lines.length > 0 ? [`  ${st.dim(`play ${p.index + 1}: ${p.name}`)}`, ...lines] : lines;
  });
  return [`${title}  ${facts.join(', ')}`, ...body];
}

/** The plan as text for a terminal (or a change ticket). */
export function renderPlan(plan: PlanFile, o: RenderPlanOptions): string {
  const st = createStyle(o.color ?? false);
  const age = o.nowMs - Date.parse(plan.created_at);
  const lines: string[] = [
    `${st.bold('Plan')} ${o.source}`,
    `  made      ${plan.created_at} (${age >= 0 ? `${formatDuration(age)} ago` : 'in the future'}) by firemend ${plan.tool.version}`,
    `  playbook  ${plan.playbook.path} ${st.dim(`sha256 ${short(plan.playbook.sha256)}`)}`,
    ...plan.playbook.vars_files.map((f) => `  vars file ${f.path} ${st.dim(`sha256 ${short(f.sha256)}`)}`),
    `  inventory ${plan.inventory.path} ${st.dim(`sha256 ${short(plan.inventory.sha256)}`)}`,
  ];
  if (plan.limit !== undefined) lines.push(`  limit     ${plan.limit}`);
  const extra = Object.entries(plan.extra_vars).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  if (extra.length > 0) lines.push(`  extra vars ${extra.join(' ')}`);
  if (plan.secret_extra_vars.length > 0) lines.push(`  ${st.yellow(`secret extra vars, to give again with -e @FILE at apply: ${plan.secret_extra_vars.join(', ')}`)}`);
  lines.push('');

  // Hosts with something to send first, then those needing a person, then the quiet ones.
  const toChange = plan.hosts.filter(hasPendingFix);
  const rest = plan.hosts.filter((h) => !hasPendingFix(h));
  const attention = rest.filter((h) => h.status !== 'ok' && h.status !== 'skipped');
  lines.push(...hostSections([...toChange, ...attention], rest.filter((h) => !attention.includes(h)), (h) => hostLines(h, st)));

  const t = plan.totals;
  const conditional = t.conditional_fixes ?? 0;
  const possible = t.possible_reboots ?? 0;
  const reboots = [t.reboots > 0 ? st.red(plural(t.reboots, 'reboot')) : undefined, possible > 0 ? st.yellow(plural(possible, 'possible reboot')) : undefined].filter((x) => x !== undefined);
  const totals = [
    t.fixes > 0 ? `${plural(t.fixes, 'fix')} (${plural(t.commands, 'command')}) on ${plural(t.hosts_to_change, 'host')}` : 'no fix to send',
    conditional > 0 ? `${plural(conditional, 'more fix', 'more fixes')} only if still needed after an earlier fix` : undefined,
    reboots.length > 0 ? reboots.join(', ') : 'no reboot',
    t.action_required > 0 ? st.magenta(`${t.action_required} action${t.action_required === 1 ? '' : 's'} required`) : undefined,
    t.unreachable > 0 ? `${plural(t.unreachable, 'host')} unreachable` : undefined,
    t.failed > 0 ? `${plural(t.failed, 'host')} failed` : undefined,
  ].filter((s): s is string => s !== undefined);
  lines.push(`${st.bold('Totals:')} ${plural(t.hosts, 'host')} checked; ${totals.join('; ')}.`);
  if (t.hosts_to_change > 0) {
    lines.push(`Estimated: ${formatDuration(t.estimated_duration_ms)} for the longest host (checks re-run first; reboots excluded; hosts run in parallel up to --forks).`);
    lines.push(`firemend apply contacts only the ${plural(t.hosts_to_change, 'host')} with fixes; a host whose checks moved since the plan is skipped as stale.`);
  }
  return lines.join('\n') + '\n';
}

type CheckHost = ReturnType<typeof snakeHost>;

function checkHostLines(host: CheckHost, st: Style): string[] {
  const direct = host.steps.filter(isDirect);
  const waiting = host.steps.filter(isWaiting);
  const reboots = direct.filter((s) => s.fix?.reboot).length;
  const mayReboot = waiting.filter((s) => s.fix?.reboot).length;
  const actions = host.steps.filter((s) => s.status === 'action_required').length;
  const title = `${st.bold(host.name)} ${st.dim(`(${host.address})`)}`;
  if (host.status === 'unreachable' || (host.error && !host.steps.some((s) => s.status === 'failed'))) {
    const e = host.error;
    return [`${title}  ${st.status(host.status)}${e ? ` [${e.code}] ${e.message.split('\n', 1)[0] ?? ''}` : ''}; not checked, nothing planned`];
  }
  const facts: string[] = [];
  if (direct.length > 0 || waiting.length > 0) {
    const after = waiting.length > 0 ? ` (+${waiting.length} re-checked after ${direct.length === 1 ? 'it' : 'them'})` : '';
    facts.push(`${plural(direct.length, 'fix')} pending${after}`);
  }
  if (reboots > 0) facts.push(st.red(plural(reboots, 'reboot')));
  if (mayReboot > 0) facts.push(st.yellow(plural(mayReboot, 'possible reboot')));
  if (actions > 0) facts.push(st.magenta(`${actions} action required`));
  const failed = host.steps.filter((s) => s.status === 'failed').length;
  if (failed > 0) facts.push(st.red(`${plural(failed, 'step')} failed`));
  if (facts.length === 0) {
    const why = host.status === 'skipped' && host.reason ? `: ${host.reason}` : '';
    return [`${title}  ${st.status(host.status)}${why}; nothing to change`];
  }
  return [`${title}  ${facts.join(', ')}`, ...playLines(host.steps, CHECK_RUN, st)];
}

/** The end-of-`--check` plan as text: per host, pending fixes with exact commands, reboots, remedies. */
export function renderCheckPlan(unsafe: RunResult, options: CheckPlanOptions): string {
  const result = options.redactor.redactDeep(unsafe);
  const st = createStyle(options.color ?? false);
  const lines: string[] = [st.bold('Plan') + st.dim(' (check mode: nothing was changed on any device)'), ''];
  // Hosts with something to do first, in natural name order; quiet hosts after, so the plan reads top-down.
  const hosts = inHostOrder(result.hosts).map(snakeHost);
  const busy = hosts.filter((h) => h.steps.some((s) => s.status === 'pending' || s.status === 'action_required' || s.status === 'failed') || h.status === 'unreachable' || h.error);
  lines.push(...hostSections(busy, hosts.filter((h) => !busy.includes(h)), (h) => checkHostLines(h, st)));

  const all = hosts.flatMap((h) => h.steps);
  const fixes = all.filter(isDirect).length;
  const waiting = all.filter(isWaiting).length;
  const rebootsFor = (h: CheckHost): boolean => h.steps.some((s) => isDirect(s) && s.fix?.reboot);
  const fixHosts = hosts.filter((h) => h.steps.some(isDirect)).length;
  const reboots = hosts.filter(rebootsFor).length;
  // Hosts that reboot only if a waiting step still fails after its earlier fix (and that no certain reboot already counts).
  const mayReboot = hosts.filter((h) => !rebootsFor(h) && h.steps.some((s) => isWaiting(s) && s.fix?.reboot)).length;
  const actions = all.filter((s) => s.status === 'action_required').length;
  const actionHosts = hosts.filter((h) => h.steps.some((s) => s.status === 'action_required')).length;
  const rebootText =
    reboots > 0 ? `${plural(reboots, 'host')} would reboot${mayReboot > 0 ? `, ${mayReboot} more may reboot` : ''}` : mayReboot > 0 ? `no certain reboot, ${plural(mayReboot, 'host')} may reboot` : 'no reboot';
  const totals = [
    fixes > 0 ? `${plural(fixes, 'fix')} would run on ${plural(fixHosts, 'host')}${waiting > 0 ? ` (+${waiting} re-checked after ${fixes === 1 ? 'it' : 'them'})` : ''}` : 'no fix would run',
    rebootText,
    actions > 0 ? `${actions} action${actions === 1 ? '' : 's'} required on ${plural(actionHosts, 'host')}` : undefined,
    result.summary.unreachable > 0 ? `${plural(result.summary.unreachable, 'host')} unreachable` : undefined,
    result.summary.failed > 0 ? `${plural(result.summary.failed, 'host')} failed` : undefined,
  ].filter((s): s is string => s !== undefined);
  // HA pairs: the Standby unit reboots first, the Active one only once its mate is Standby Ready again.
  if (result.haOrder !== undefined && result.haOrder.length > 0) lines.push(st.bold('HA reboot order:'), ...result.haOrder.map((l) => `  ${l}`), '');
  lines.push(`${st.bold('Totals:')} ${totals.join('; ')}.`);
  if (result.interrupted) lines.push(st.yellow('The run was interrupted: hosts not reached are not in this plan.'));
  return lines.join('\n') + '\n';
}
