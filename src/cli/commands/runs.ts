// `firemend runs` and `firemend runs show ID|last [--json]`: the run journals, newest first; for one run, per
// device what was sent, what finished, what may be half done, and the device's last known state.
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { deviceViews, type DeviceView, type SentAction } from '../../journal/device-view.js';
import { findRunIn, listRuns, type RunInfo } from '../../journal/journal-store.js';
import { journalDir, journalWriterAlive } from '../run-journal.js';

/** Register `runs` and `runs show`. */
export function registerRuns(program: Command): void {
  const runs = program
    .command('runs')
    .description('list recent runs from the run journal: id, start, mode, playbook, hosts, state, exit code')
    .option('--json', 'one JSON object per run')
    .option('-n, --number <n>', 'how many runs to list', '20')
    .action((flags: { json?: boolean; number: string }) => {
      const n = Number(flags.number);
      if (!Number.isInteger(n) || n < 1) throw new UsageError(`--number must be a whole number of at least 1, got '${flags.number}'`);
      const list = listRuns(journalDir(), journalWriterAlive, n);
      process.stdout.write(flags.json === true ? list.map((r) => JSON.stringify(runLine(r)) + '\n').join('') : listText(list));
    });
  runs
    .command('show')
    .description('per device: what was sent, what finished, what may be half done, and the last known state')
    .argument('<run>', "a run id (or a unique start of one), or 'last'")
    .option('--json', 'the run as one JSON object')
    .action((ref: string, own: { json?: boolean }, cmd: Command) => {
      // `--json` after `show` may be taken by `runs` itself (it has the same option): either place counts.
      const flags = { json: own.json === true || (cmd.parent?.opts() as { json?: boolean } | undefined)?.json === true };
      let found: { run?: RunInfo; runs: number };
      try {
        found = findRunIn(journalDir(), ref, journalWriterAlive);
      } catch (err) {
        throw new UsageError(err instanceof Error ? err.message : String(err));
      }
      const { run } = found;
      if (run === undefined) throw new UsageError(found.runs === 0 ? `no run journal in ${journalDir()}` : `no run '${ref}' in ${journalDir()} (see firemend runs)`);
      const devices = deviceViews(run.records, run.start?.hosts ?? []);
      process.stdout.write(flags.json === true ? JSON.stringify({ ...runLine(run), devices }, null, 2) + '\n' : showText(run, devices));
    });
}

// A run as the list shows it.
function runLine(r: RunInfo): Record<string, unknown> {
  return {
    id: r.id,
    started_at: r.start?.at ?? null,
    mode: r.start?.mode ?? null,
    playbook: r.start?.playbook ?? null,
    inventory: r.start?.inventory ?? null,
    hosts: r.start?.hosts.length ?? null,
    state: r.state,
    exit_code: r.end?.exit_code ?? null,
    user: r.start?.user ?? null,
    pid: r.start?.pid ?? null,
    journal: r.path,
  };
}

function listText(list: readonly RunInfo[]): string {
  if (list.length === 0) return `no runs recorded yet (journals live in ${journalDir()})\n`;
  const rows = [['ID', 'STARTED', 'MODE', 'STATE', 'EXIT', 'HOSTS', 'PLAYBOOK']];
  for (const r of list) {
    rows.push([r.id, r.start?.at ?? '?', r.start?.mode ?? '?', r.state, r.end ? String(r.end.exit_code) : '-', r.start ? String(r.start.hosts.length) : '?', r.start?.playbook ?? '?']);
  }
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length))) ?? [];
  return rows.map((row) => row.map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ')).join('\n') + '\n';
}

const STATE_TEXT: Record<RunInfo['state'], string> = {
  running: 'running (its process is still alive)',
  completed: 'completed',
  interrupted: 'interrupted (SIGINT/SIGTERM)',
  crashed: 'crashed (its process is gone without an end record)',
};

function actionLine(a: SentAction): string {
  const what = a.kind === 'reboot' ? 'reboot' : a.command;
  if (a.outcome === undefined) return `  ? ${a.step}  ${what}  [sent ${a.sent_at}, no outcome: may be half done]`;
  if (a.outcome.ok) return `  ✔ ${a.step}  ${what}  [${a.kind === 'reboot' ? 'came back' : 'done'} ${a.outcome.at}]`;
  return `  ✖ ${a.step}  ${what}  [failed ${a.outcome.at}: ${a.outcome.error ? `${a.outcome.error.code}: ${a.outcome.error.message}` : 'error'}]`;
}

function showText(run: RunInfo, devices: readonly DeviceView[]): string {
  const s = run.start;
  const lines = [
    `run ${run.id}: ${STATE_TEXT[run.state]}${run.end ? `, exit code ${run.end.exit_code}` : ''}`,
    s ? `  ${s.mode} of ${s.playbook} on ${s.inventory}, started ${s.at} by ${s.user} (pid ${s.pid} on ${s.hostname})` : '  (the journal has no readable start record)',
    `  journal: ${run.path}`,
    '',
  ];
  for (const d of devices) {
    lines.push(`${d.name}  ${d.last_known}`);
    lines.push(...d.sent.map(actionLine));
    for (const st of d.steps) lines.push(`  = ${st.step}  ${st.status}${st.error ? ` [${st.error.code}: ${st.error.message}]` : ''}`);
  }
  return lines.join('\n') + '\n';
}
