// `--output line`: one timestamped plain line per event worth a line, for logs and non-TTY runs; the recap and a
// one-line summary (ending in the exit code) at the end.
// The switch is exhaustive over RunEvent: a new event kind does not compile until it is handled here.
import type { Writable } from 'node:stream';
import type { RunEvent } from '../engine/events.js';
import type { RunResult, StepResult } from '../engine/results.js';
import type { Reporter } from './reporter.js';
import { causesOf, formatCauses } from './causes.js';
import { compareHostNames } from './host-order.js';
import { LineBuffer } from './line-buffer.js';
import { formatRecap } from './recap.js';

export interface LineReporterOptions {
  output: Writable;
  /** -v: also the steps that ended `ok`, step starts, and check output of failing steps (a cron log stays short without it). */
  verbose?: boolean;
  /** Prefix every line with its event's time (ISO 8601, UTC), so a log can be read without the terminal. Default true. */
  timestamps?: boolean;
}

/** The first words of every --check output: a person (or a cron mail) must know at once that nothing changes. */
export const CHECK_NOTICE = 'CHECK (dry-run): nothing will be changed on any device';

/** Format one event as zero or more lines (without trailing newline). */
export function formatEventLines(event: RunEvent, verbose = false): string[] {
  switch (event.type) {
    case 'run_started':
      return [`${event.mode === 'check' ? `${CHECK_NOTICE}:` : 'APPLY'} ${event.playbook} on ${event.hosts.length} host(s) from ${event.inventory}`];
    case 'batch_started':
      return [`play '${event.play}' batch ${event.batch}/${event.batches}: ${[...event.hosts].sort(compareHostNames).join(', ')}`];
    case 'host_started':
      return verbose ? [`${event.host} (${event.address}): started`] : [];
    case 'step_started':
      return verbose ? [`${event.host} ${event.stepId}: started`] : [];
    case 'step_progress':
      return [`${event.host} ${event.stepId}: ${event.message}`];
    case 'step_finished':
      return stepLines(event.host, event.result, verbose);
    case 'host_finished': {
      const r = event.result;
      // An ok host is in the recap; a line of its own only with -v (a healthy fleet's cron log stays short).
      if (r.status === 'ok' && !verbose) return [];
      const detail = r.error ? ` [${r.error.code}] ${r.error.message}` : r.reason ? ` (${r.reason})` : '';
      return [`${r.name}: ${r.status.toUpperCase()} in ${(r.durationMs / 1000).toFixed(1)}s${detail}`];
    }
    case 'warning':
      return [`warning:${event.host ? ` ${event.host}:` : ''} ${event.message}`];
    case 'rollout_stopped':
      return [`ROLLOUT STOPPED: ${event.reason}`];
    case 'run_finished':
      return [...(event.result.haOrder ?? []).map((l) => `HA reboot order: ${l}`), ...formatCauses(causesOf(event.result)), ...formatRecap(event.result).trimEnd().split('\n'), summaryLine(event.result, event.exitCode, event.unwritten)];
  }
}

/** The one-line end of a run, for logs and scripts: mode, hosts per status, duration, files not written, exit code (always last). */
function summaryLine(r: RunResult, exitCode: number, unwritten: readonly string[] = []): string {
  const s = r.summary;
  const secs = Math.max(0, (Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000);
  const flags = [...(r.interrupted ? [' INTERRUPTED'] : []), ...(r.stoppedEarly ? [` STOPPED EARLY (${r.stoppedEarly})`] : [])].join('');
  const counts = (['ok', 'changed', 'pending', 'action_required', 'failed', 'unreachable', 'skipped'] as const).map((k) => `${k}=${s[k]}`).join(' ');
  return `DONE ${r.mode}${flags}: ${s.hosts} host(s) ${counts} in ${Number.isFinite(secs) ? secs.toFixed(1) : '?'}s${unwritten.length > 0 ? `; NOT WRITTEN: ${unwritten.join(', ')}` : ''}; exit code ${exitCode}`;
}

function stepLines(host: string, s: StepResult, verbose: boolean): string[] {
  const head = `${host} ${s.id}: ${s.status}`;
  const lines: string[] = [];
  switch (s.status) {
    case 'ok':
      // A passing step is in the report and the JSON lines; in a log it is noise unless asked for (-v).
      if (verbose) lines.push(head);
      break;
    case 'changed':
      lines.push(`${head} (sent: ${s.fix?.commands.join(' ; ') ?? ''})`);
      break;
    case 'pending':
      if (s.afterFixOf !== undefined) {
        // Only re-checked after the earlier fix: its own fix is sent only if the check still fails then.
        const own = s.fix ? `; if still failing, would send: ${s.fix.commands.join(' ; ')}${s.fix.reboot ? ' (may reboot)' : ''}` : '';
        lines.push(`${head} (re-checked after ${s.afterFixOf}'s fix${own})${s.reason ? ` - ${s.reason}` : ''}`);
      } else {
        lines.push(`${head}${s.fix ? ` (would send: ${s.fix.commands.join(' ; ')})` : ''}${s.reason ? ` - ${s.reason}` : ''}`);
      }
      break;
    case 'action_required':
      lines.push(`${head} - ${s.reason ?? ''}`.trimEnd(), `${host} ${s.id}: remedy: ${s.remedy ?? ''}`);
      break;
    case 'failed':
      // ignore_errors: still a failure, said as such, but one that neither stops nor fails the host.
      lines.push(`${head}${s.ignored === true ? ' (ignored)' : ''}${s.error ? ` [${s.error.code}] ${s.error.message}` : ''}`);
      if (s.remedy) lines.push(`${host} ${s.id}: remedy: ${s.remedy}`);
      break;
    case 'skipped':
      lines.push(`${head}${s.reason ? ` (${s.reason})` : ''}`);
      break;
  }
  if (verbose && s.check && !s.check.passed) {
    lines.push(...s.check.output.split('\n').filter((l) => l.trim() !== '').map((l) => `${host} ${s.id}: | ${l}`));
  }
  return lines;
}

/** A reporter writing formatEventLines() to a stream. */
export function createLineReporter(o: LineReporterOptions): Reporter {
  const buffer = new LineBuffer(o.output);
  return {
    name: 'line',
    onEvent(event: RunEvent): void {
      const lines = formatEventLines(event, o.verbose ?? false);
      if (lines.length === 0) return;
      const stamped = o.timestamps === false ? lines : lines.map((l) => `${event.at} ${l}`);
      buffer.add(stamped.join('\n') + '\n');
    },
    flush(): void {
      buffer.flush();
    },
    finish(): Promise<void> {
      buffer.flush();
      return Promise.resolve();
    },
  };
}
