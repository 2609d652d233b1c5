// `firemend show`: a saved plan for a person — where it came from, per host what will be sent (exact
// commands), what is only re-checked after an earlier fix (and sent only if still failing), which fixes reboot
// for certain and which may, what needs a person, how long it should take; then totals.
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

function plural(n: number, word: string, many?: string): string {
  if (many !== undefined) return `${n} ${n === 1 ? word : many}`;
  return `${n} ${word}${n === 1 ? '' : /(x|ch|sh|s)$/.test(word) ? 'es' : 's'}`;
}

function short(sha: string): string {
  return sha.slice(0, 12);
}

function isReboot(s: PlanStep, c: string): boolean {
  return s.fix?.reboot === true && c === 'reboot';
}

// A pending fix either runs for certain, or only if its check still fails after an earlier fix (after_fix_of):
// shown apart, so a possible reboot never reads as a certain one, and a certain one is never hidden.
const isDirect = (s: PlanStep): boolean => s.status === 'pending' && s.after_fix_of === undefined;
const isWaiting = (s: PlanStep): boolean => s.status === 'pending' && s.after_fix_of !== undefined;
const baseId = (id: string): string => id.replace(/\[\d+\]$/, '');

function commandLines(s: PlanStep, st: Style, indent: string): string[] {
  return (s.fix?.commands ?? []).map((c) =>
    isReboot(s, c) ? `${indent}${st.red(`⟳ reboot, then wait up to ${s.fix?.reboot_timeout_s ?? '?'}s for the device to come back`)}` : `${indent}$ ${c}`,
  );
}

function stepLines(s: PlanStep, st: Style): string[] {
  const head = `${s.id}  ${st.dim(s.name)}`;
  if (s.status === 'pending' && s.fix) {
    const lines = [`  ${st.cyan('~')} ${head}${s.fix.reboot ? '  ' + st.bold(st.red('[REBOOTS DEVICE]')) : ''}`];
    if (s.reason) lines.push(`      ${st.dim(`because: ${s.reason}`)}`);
    return [...lines, ...commandLines(s, st, '      ')];
  }
  if (s.status === 'action_required') {
    const remedy = (s.remedy ?? '(no remedy text; see the report)').trimEnd().split('\n').map((l) => `      ${l}`);
    return [`  ${st.magenta('!')} ${head}  ${st.magenta('action required: nothing is sent')}`, ...remedy];
  }
  if (s.status === 'failed') return [`  ${st.red('✖')} ${head}  ${st.red(`failed${s.reason ? `: ${s.reason}` : ''}`)}`];
  // A check its author declared not read-only was not run: the plan cannot say what it would find.
  if (s.status === 'skipped' && s.reason?.startsWith(NOT_READ_ONLY_REASON)) return [`  ${st.yellow('?')} ${head}  ${st.yellow(s.reason)}`];
  return [];
}

// The steps waiting for one fix: named on one line, then each one with a fix of its own, as conditional.
function waitingLines(root: string, waiting: PlanStep[], st: Style): string[] {
  const lines = [`  ${st.yellow('?')} re-checked after ${root}'s fix: ${compactIds(waiting.map((s) => s.id))}`];
  for (const s of waiting.filter((w) => w.fix !== undefined && w.fix.commands.length > 0)) {
    lines.push(`    ${st.yellow('~')} ${s.id}  ${st.dim(s.name)}${s.fix?.reboot ? '  ' + st.bold(st.yellow('[MAY REBOOT]')) : ''}`);
    lines.push(`        if still failing after ${root}'s fix:`, ...commandLines(s, st, '        '));
  }
  return lines;
}

// One play's steps in order, each waiting step under the fix it waits for (after a loop's last item).
function playLines(steps: readonly PlanStep[], st: Style): string[] {
  const groups = new Map<string, PlanStep[]>();
  for (const s of steps.filter(isWaiting)) groups.set(s.after_fix_of as string, [...(groups.get(s.after_fix_of as string) ?? []), s]);
  const lines: string[] = [];
  steps.forEach((s, i) => {
    if (isWaiting(s)) return;
    lines.push(...stepLines(s, st));
    const next = steps[i + 1];
    const root = baseId(s.id);
    if (isDirect(s) && (next === undefined || baseId(next.id) !== root) && groups.has(root)) {
      lines.push(...waitingLines(root, groups.get(root) as PlanStep[], st));
      groups.delete(root);
    }
  });
  for (const [root, ws] of groups) lines.push(...waitingLines(root, ws, st));
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
    return [`${title}  ${facts.length > 0 ? facts.join(', ') + '; ' : ''}nothing to send, apply will not contact it`, ...steps.flatMap((s) => stepLines(s, st))];
  }
  const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
  const reboot = reboots.length > 0 ? ` + reboot (up to ${sum(reboots)}s)` : '';
  const maybe = possible.length > 0 ? ` + possible reboot (up to ${sum(possible)}s)` : '';
  facts.push(`est. ${formatDuration(h.estimated_duration_ms)}${reboot}${maybe}`);
  const multiPlay = h.plays.length > 1;
  const body = h.plays.flatMap((p) => {
    const lines = playLines(p.steps, st);
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
  const quiet = rest.filter((h) => !attention.includes(h));
  for (const h of [...toChange, ...attention]) lines.push(...hostLines(h, st), '');
  for (const h of quiet) lines.push(...hostLines(h, st));
  if (quiet.length > 0) lines.push('');

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
