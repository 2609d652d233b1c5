// The readable end of a `--check` run: what a real run would do, host by host — each pending fix's exact
// commands, which fixes reboot the device, and the manual remedy of each action_required step.
import type { HostResult, RunResult, StepResult } from '../engine/results.js';
import type { Redactor } from './redact.js';
import { createStyle, type Style } from './style.js';

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

function stepLines(step: StepResult, st: Style): string[] {
  const head = `${step.id}  ${st.dim(step.name)}`;
  switch (step.status) {
    case 'pending': {
      const lines = [`  ${st.cyan('~')} ${head}${step.fix?.reboot ? '  ' + st.bold(st.red('[REBOOTS DEVICE]')) : ''}`];
      for (const c of step.fix?.commands ?? []) lines.push(`      $ ${c}`);
      if (step.fix?.reboot) lines.push(`      ${st.red('⟳ reboot, then wait for the device to come back')}`);
      return lines;
    }
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

function hostBlock(host: HostResult, st: Style): string[] {
  const pending = host.steps.filter((s) => s.status === 'pending');
  const reboots = pending.filter((s) => s.fix?.reboot).length;
  const actions = host.steps.filter((s) => s.status === 'action_required').length;
  const title = `${st.bold(host.name)} ${st.dim(`(${host.address})`)}`;
  if (host.status === 'unreachable' || (host.error && !host.steps.some((s) => s.status === 'failed'))) {
    const e = host.error;
    return [`${title}  ${st.status(host.status)}${e ? ` [${e.code}] ${e.message.split('\n', 1)[0] ?? ''}` : ''}; not checked, nothing planned`];
  }
  const facts: string[] = [];
  if (pending.length > 0) facts.push(plural(pending.length, 'fix') + ' pending');
  if (reboots > 0) facts.push(st.red(plural(reboots, 'reboot')));
  if (actions > 0) facts.push(st.magenta(`${actions} action required`));
  const failed = host.steps.filter((s) => s.status === 'failed').length;
  if (failed > 0) facts.push(st.red(`${plural(failed, 'step')} failed`));
  if (facts.length === 0) {
    const why = host.status === 'skipped' && host.reason ? `: ${host.reason}` : '';
    return [`${title}  ${st.status(host.status)}${why}; nothing to change`];
  }
  return [`${title}  ${facts.join(', ')}`, ...host.steps.flatMap((s) => stepLines(s, st))];
}

/** The end-of-`--check` plan as text: per host, pending fixes with exact commands, reboots, remedies. */
export function renderCheckPlan(unsafe: RunResult, options: CheckPlanOptions): string {
  const result = options.redactor.redactDeep(unsafe);
  const st = createStyle(options.color ?? false);
  const lines: string[] = [st.bold('Plan') + st.dim(' (check mode: nothing was changed on any device)'), ''];
  // Hosts with something to do first, in run order; quiet hosts after, so the plan reads top-down.
  const busy = result.hosts.filter((h) => h.steps.some((s) => s.status === 'pending' || s.status === 'action_required' || s.status === 'failed') || h.status === 'unreachable' || h.error);
  const quiet = result.hosts.filter((h) => !busy.includes(h));
  for (const h of busy) lines.push(...hostBlock(h, st), '');
  for (const h of quiet) lines.push(...hostBlock(h, st));
  if (quiet.length > 0) lines.push('');

  const all = result.hosts.flatMap((h) => h.steps);
  const fixes = all.filter((s) => s.status === 'pending');
  const fixHosts = result.hosts.filter((h) => h.steps.some((s) => s.status === 'pending')).length;
  const reboots = result.hosts.filter((h) => h.steps.some((s) => s.status === 'pending' && s.fix?.reboot)).length;
  const actions = all.filter((s) => s.status === 'action_required').length;
  const actionHosts = result.hosts.filter((h) => h.steps.some((s) => s.status === 'action_required')).length;
  const totals = [
    fixes.length > 0 ? `${plural(fixes.length, 'fix')} would run on ${plural(fixHosts, 'host')}` : 'no fix would run',
    reboots > 0 ? `${plural(reboots, 'host')} would reboot` : 'no reboot',
    actions > 0 ? `${actions} action${actions === 1 ? '' : 's'} required on ${plural(actionHosts, 'host')}` : undefined,
    result.summary.unreachable > 0 ? `${plural(result.summary.unreachable, 'host')} unreachable` : undefined,
    result.summary.failed > 0 ? `${plural(result.summary.failed, 'host')} failed` : undefined,
  ].filter((s): s is string => s !== undefined);
  lines.push(`${st.bold('Totals:')} ${totals.join('; ')}.`);
  if (result.interrupted) lines.push(st.yellow('The run was interrupted: hosts not reached are not in this plan.'));
  return lines.join('\n') + '\n';
}
