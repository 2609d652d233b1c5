// The readable end of a `--check` run: what a real run would do, host by host — each pending fix's exact
// commands, which fixes reboot the device, the steps only re-checked after an earlier fix (with the fix they send
// if still failing, and whether that may reboot), and the manual remedy of each action_required step.
import type { HostResult, RunResult, StepResult } from '../engine/results.js';
import type { Redactor } from './redact.js';
import { createStyle, type Style } from './style.js';
import { compactIds } from './step-ids.js';
import { inHostOrder } from './host-order.js';

export interface CheckPlanOptions {
  /** Secrets may sit in outputs and error messages; the plan is printed, so it is always redacted. */
  redactor: Redactor;
  color?: boolean;
}

function indentLines(text: string, prefix: string): string {
  return text
    .trimEnd()
    .split('\n')
    .map((l) => prefix + l)
    .join('\n');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : /(s|x|ch|sh)$/.test(word) ? 'es' : 's'}`;
}

// A pending fix either runs for certain, or only if its check still fails after an earlier fix (afterFixOf):
// the plan keeps the two apart, so a possible reboot never reads as a certain one, and a certain one is never hidden.
const isDirect = (s: StepResult): boolean => s.status === 'pending' && s.afterFixOf === undefined;
const isWaiting = (s: StepResult): boolean => s.status === 'pending' && s.afterFixOf !== undefined;
const baseId = (id: string): string => id.replace(/\[\d+\]$/, '');

// The fix's actions in order; the reboot action (rendered `reboot`) reads as what it does.
function fixLines(step: StepResult, st: Style, indent: string): string[] {
  const reboot = `${indent}${st.red('⟳ reboot, then wait for the device to come back')}`;
  const commands = step.fix?.commands ?? [];
  const lines = commands.map((c) => (step.fix?.reboot === true && c === 'reboot' ? reboot : `${indent}$ ${c}`));
  if (step.fix?.reboot === true && !commands.includes('reboot')) lines.push(reboot);
  return lines;
}

function stepLines(step: StepResult, st: Style): string[] {
  const head = `${step.id}  ${st.dim(step.name)}`;
  switch (step.status) {
    case 'pending':
      return [`  ${st.cyan('~')} ${head}${step.fix?.reboot ? '  ' + st.bold(st.red('[REBOOTS DEVICE]')) : ''}`, ...fixLines(step, st, '      ')];
    case 'action_required':
      return [`  ${st.magenta('!')} ${head}  ${st.magenta('action required')}`, indentLines(step.remedy ?? '(no remedy text given; see the report)', '      ')];
    case 'failed': {
      const why = step.error ? `${step.error.code}: ${step.reason ?? step.error.message}` : (step.reason ?? 'failed');
      return [`  ${st.red('✖')} ${head}  ${st.red(`failed [${why.split('\n', 1)[0] ?? ''}]`)}`];
    }
    default:
      return [];
  }
}

// The steps waiting for one fix: named on one line, then each one that has a fix of its own, as conditional.
function waitingLines(root: string, waiting: StepResult[], st: Style): string[] {
  const lines = [`  ${st.yellow('?')} re-checked after ${root}'s fix: ${compactIds(waiting.map((s) => s.id))}`];
  for (const s of waiting.filter((w) => w.fix !== undefined && w.fix.commands.length > 0)) {
    lines.push(`    ${st.yellow('~')} ${s.id}  ${st.dim(s.name)}${s.fix?.reboot ? '  ' + st.bold(st.yellow('[MAY REBOOT]')) : ''}`);
    lines.push(`        if still failing after ${root}'s fix:`, ...fixLines(s, st, '        '));
  }
  return lines;
}

function hostBlock(host: HostResult, st: Style): string[] {
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

  // Waiting steps are grouped under the fix they wait for, right after that fix (after a loop's last item).
  const groups = new Map<string, StepResult[]>();
  for (const s of waiting) groups.set(s.afterFixOf as string, [...(groups.get(s.afterFixOf as string) ?? []), s]);
  const lines = [`${title}  ${facts.join(', ')}`];
  host.steps.forEach((s, i) => {
    if (isWaiting(s)) return;
    lines.push(...stepLines(s, st));
    const next = host.steps[i + 1];
    const root = baseId(s.id);
    if (isDirect(s) && (next === undefined || baseId(next.id) !== root) && groups.has(root)) {
      lines.push(...waitingLines(root, groups.get(root) as StepResult[], st));
      groups.delete(root);
    }
  });
  // A fix waited for that is not among this host's steps (another play's step of the same host): still shown.
  for (const [root, ws] of groups) lines.push(...waitingLines(root, ws, st));
  return lines;
}

/** The end-of-`--check` plan as text: per host, pending fixes with exact commands, reboots, remedies. */
export function renderCheckPlan(unsafe: RunResult, options: CheckPlanOptions): string {
  const result = options.redactor.redactDeep(unsafe);
  const st = createStyle(options.color ?? false);
  const lines: string[] = [st.bold('Plan') + st.dim(' (check mode: nothing was changed on any device)'), ''];
  // Hosts with something to do first, in natural name order; quiet hosts after, so the plan reads top-down.
  const ordered = inHostOrder(result.hosts);
  const busy = ordered.filter((h) => h.steps.some((s) => s.status === 'pending' || s.status === 'action_required' || s.status === 'failed') || h.status === 'unreachable' || h.error);
  const quiet = ordered.filter((h) => !busy.includes(h));
  for (const h of busy) lines.push(...hostBlock(h, st), '');
  for (const h of quiet) lines.push(...hostBlock(h, st));
  if (quiet.length > 0) lines.push('');

  const all = result.hosts.flatMap((h) => h.steps);
  const fixes = all.filter(isDirect).length;
  const waiting = all.filter(isWaiting).length;
  const fixHosts = result.hosts.filter((h) => h.steps.some(isDirect)).length;
  const reboots = result.hosts.filter((h) => h.steps.some((s) => isDirect(s) && s.fix?.reboot)).length;
  // Hosts that reboot only if a waiting step still fails after its earlier fix (and that no certain reboot already counts).
  const mayReboot = result.hosts.filter((h) => !h.steps.some((s) => isDirect(s) && s.fix?.reboot) && h.steps.some((s) => isWaiting(s) && s.fix?.reboot)).length;
  const actions = all.filter((s) => s.status === 'action_required').length;
  const actionHosts = result.hosts.filter((h) => h.steps.some((s) => s.status === 'action_required')).length;
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
