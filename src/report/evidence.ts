// `--evidence DIR`: what a change ticket needs. Per host: the check output before and after each fix, the
// commands sent, timings, and a redacted transcript of the session; plus SUMMARY.md for the whole run.
// Files are written as events arrive (synchronously, small appends), so an interrupted run loses nothing.
//
// DIR is used as given when it does not exist or is empty; a folder that already holds something (an earlier
// run) gets this run's evidence in a new subfolder DIR/run-<UTC time>, so nothing is appended to old files.
// Each host's folder name is unique in the run: names that map to the same safe name (`a/b`, `a_b`) or to
// `SUMMARY.md` get a suffix (`a_b-2`); SUMMARY.md's host table names each host's folder.
//
// Layout:
//   DIR/SUMMARY.md                         at finish (also after an interrupt: marked incomplete)
//   DIR/<host>/transcript.log              raw session traffic, redacted, with a marker at each direction change
//   DIR/<host>/steps.json                  every finished step: status, timings, commands, outputs
//   DIR/<host>/host.json                   the host's outcome, once it is known
//   DIR/<host>/steps/NN-<id>/before.txt    the check output (what the device said before any fix)
//   DIR/<host>/steps/NN-<id>/commands.txt  the fix commands (sent, or that would be sent in --check)
//   DIR/<host>/steps/NN-<id>/after.txt     the verification output after the fix
import { appendFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventHandled, type RunEvent } from '../engine/events.js';
import { summarize, type HostResult, type RunResult, type StepResult } from '../engine/results.js';
import { writeFileAtomic } from './atomic-write.js';
import type { RedactingStream, Redactor } from './redact.js';
import type { Reporter, RunEnd } from './reporter.js';
import { causesMarkdown, causesOf } from './causes.js';
import { defined } from './result-view.js';

export type TranscriptDirection = 'sent' | 'received';

/** A step as steps.json has it: the result's own fields (camelCase, as the engine made them) and when it ran. */
type StepRecord = Pick<StepResult, 'id' | 'name' | 'status' | 'durationMs' | 'reason' | 'error' | 'check' | 'fix' | 'verify' | 'remedy'> & {
  index: number;
  startedAt?: string;
  finishedAt: string;
};

interface HostState {
  dir: string;
  steps: StepRecord[];
  stepStarted: Map<string, string>;
  transcript?: { direction: TranscriptDirection; stream: RedactingStream };
  /** Whether transcript.log so far ends a line (a direction marker must start on its own line). */
  atLineStart: boolean;
  result?: HostResult;
}

/** A file-system-safe folder name for a host (inventory names may hold `/` or `:`). */
export function safeName(name: string): string {
  const s = name.replace(/[^A-Za-z0-9._-]/g, '_');
  return s === '' || s === '.' || s === '..' ? `_${s}` : s;
}

/** Reserved in the evidence folder: no host folder may take these names (compared case-insensitively). */
const RESERVED = new Set(['summary.md']);

/**
 * Each host's folder name, unique in the run and never a reserved name: the safe name, or the safe name with
 * `-2`, `-3` … when an earlier host already has it. Case-insensitive, so the layout survives on macOS too.
 */
export function assignFolderNames(hosts: Iterable<string>, taken: Map<string, string> = new Map()): Map<string, string> {
  const used = new Set([...RESERVED, ...[...taken.values()].map((n) => n.toLowerCase())]);
  for (const host of hosts) {
    if (taken.has(host)) continue;
    const base = safeName(host);
    let name = base;
    for (let i = 2; used.has(name.toLowerCase()); i += 1) name = `${base}-${i}`;
    used.add(name.toLowerCase());
    taken.set(host, name);
  }
  return taken;
}

/** The folder a run's evidence goes to: `requested` when missing or empty, else a new `run-<UTC time>` subfolder. */
export function evidenceRunDir(requested: string, now: Date = new Date()): string {
  if (!existsSync(requested) || readdirSync(requested).length === 0) return requested;
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  let dir = join(requested, `run-${stamp}`);
  for (let i = 2; existsSync(dir); i += 1) dir = join(requested, `run-${stamp}-${i}`);
  return dir;
}

export interface EvidenceOptions {
  /** The clock, for transcript markers; injectable for tests. */
  now?: () => Date;
}

/** Writes the evidence folder of a run from its events and session transcripts. */
export class EvidenceWriter implements Reporter {
  readonly name = 'evidence';
  private readonly hosts = new Map<string, HostState>();
  private readonly folders = new Map<string, string>();
  private run?: { playbook: string; inventory: string; mode: string; startedAt: string };
  private finalResult?: RunResult;
  private exitCode?: number;
  private readonly warnings: string[] = [];
  private readonly now: () => Date;

  constructor(
    readonly dir: string,
    private readonly redactor: Redactor,
    options: EvidenceOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    mkdirSync(dir, { recursive: true });
  }

  /** For the run's list of outputs not written. */
  get writes(): string {
    return `evidence ${this.dir}`;
  }

  /** A second signal: SUMMARY.md from the result the report and JUnit are written from (finishFrom). */
  writeNow(end: RunEnd): void {
    this.finishFrom(end.result, end.exitCode);
  }

  /** The SessionOptions.onTranscript callback for one host's sessions. */
  transcriptFor(host: string): (direction: TranscriptDirection, text: string) => void {
    return (direction, text) => this.appendTranscript(host, direction, text);
  }

  onEvent(e: RunEvent): void {
    switch (e.type) {
      case 'run_started':
        this.run = { playbook: e.playbook, inventory: e.inventory, mode: e.mode, startedAt: e.at };
        // Folder names fixed in inventory order, not in the order hosts happen to start.
        assignFolderNames(e.hosts, this.folders);
        return;
      case 'batch_started':
      case 'step_progress':
        return;
      case 'host_started':
        this.host(e.host);
        return;
      case 'step_started':
        this.host(e.host).stepStarted.set(e.stepId, e.at);
        return;
      case 'step_finished':
        this.recordStep(e.host, e.result, e.at);
        return;
      case 'host_finished':
        this.recordHost(e.result);
        return;
      case 'warning':
        this.warnings.push(e.host ? `${e.host}: ${e.message}` : e.message);
        return;
      case 'rollout_stopped':
        this.warnings.push(`rollout stopped: ${e.reason}`);
        return;
      case 'run_finished':
        this.finalResult = e.result;
        this.exitCode = e.exitCode;
        return;
      default:
        eventHandled(e);
    }
  }

  /** Flush the transcripts and write SUMMARY.md (marked incomplete when no run_finished arrived). */
  finish(): Promise<void> {
    this.writeSummary(this.finalResult ?? this.partialRun(), this.exitCode);
    return Promise.resolve();
  }

  /**
   * A hard stop (a second signal): write SUMMARY.md from the result the report and JUnit are written from, so the
   * three agree on every host, including one cut off in the middle of a fix. Synchronous; marked incomplete.
   */
  finishFrom(result: RunResult, exitCode: number): void {
    this.writeSummary(result, exitCode);
  }

  private writeSummary(run: RunResult, exitCode: number | undefined): void {
    for (const [, h] of this.hosts) this.flushTranscript(h);
    const text = renderEvidenceSummary({ run, complete: this.finalResult !== undefined, exitCode, warnings: this.warnings, hostDir: (name) => this.folderOf(name) });
    writeFileAtomic(join(this.dir, 'SUMMARY.md'), this.redactor.redact(text));
  }

  private folderOf(name: string): string {
    return assignFolderNames([name], this.folders).get(name) as string;
  }

  private host(name: string): HostState {
    let h = this.hosts.get(name);
    if (!h) {
      h = { dir: join(this.dir, this.folderOf(name)), steps: [], stepStarted: new Map(), atLineStart: true };
      mkdirSync(h.dir, { recursive: true });
      this.hosts.set(name, h);
    }
    return h;
  }

  private appendTranscript(hostName: string, direction: TranscriptDirection, text: string): void {
    const h = this.host(hostName);
    if (h.transcript?.direction !== direction) {
      // One stream per run of a direction: a secret split across two reads of the same direction is caught;
      // the transport never splits one write across a change of direction.
      this.flushTranscript(h);
      h.transcript = { direction, stream: this.redactor.stream() };
      this.writeTranscript(h, `${h.atLineStart ? '' : '\n'}--- ${direction} ${this.now().toISOString()} ---\n`);
    }
    this.writeTranscript(h, h.transcript.stream.push(text));
  }

  private flushTranscript(h: HostState): void {
    if (!h.transcript) return;
    this.writeTranscript(h, h.transcript.stream.flush());
    h.transcript = undefined;
  }

  private writeTranscript(h: HostState, text: string): void {
    if (text === '') return;
    appendFileSync(join(h.dir, 'transcript.log'), text);
    h.atLineStart = text.endsWith('\n');
  }

  private recordStep(hostName: string, unsafe: StepResult, at: string): void {
    const h = this.host(hostName);
    const step = this.redactor.redactDeep(unsafe);
    const record: StepRecord = defined({
      index: h.steps.length + 1,
      id: step.id,
      name: step.name,
      status: step.status,
      finishedAt: at,
      durationMs: step.durationMs,
      startedAt: h.stepStarted.get(step.id),
      reason: step.reason,
      error: step.error,
      check: step.check,
      fix: step.fix,
      verify: step.verify,
      remedy: step.remedy,
    });
    h.steps.push(record);

    const stepDir = join(h.dir, 'steps', `${String(record.index).padStart(2, '0')}-${safeName(step.id)}`);
    mkdirSync(stepDir, { recursive: true });
    if (step.check) writeFileSync(join(stepDir, 'before.txt'), `$ ${step.check.command}\n${step.check.output}`);
    if (step.fix && step.fix.commands.length + (step.fix.reboot ? 1 : 0) > 0) {
      const head = step.fix.sent ? '# sent' : '# not sent (check mode, or stopped before the fix)';
      writeFileSync(join(stepDir, 'commands.txt'), [head, ...step.fix.commands, ...(step.fix.reboot ? ['# reboot'] : [])].join('\n') + '\n');
    }
    if (step.verify?.output !== undefined) {
      writeFileSync(join(stepDir, 'after.txt'), `$ ${step.check?.command ?? ''}\n${step.verify.output}`);
    }
    writeFileAtomic(join(h.dir, 'steps.json'), JSON.stringify(h.steps, null, 2) + '\n');
  }

  private recordHost(unsafe: HostResult): void {
    const h = this.host(unsafe.name);
    const result = this.redactor.redactDeep(unsafe);
    h.result = result;
    this.flushTranscript(h);
    const { steps: _steps, ...rest } = result;
    writeFileAtomic(join(h.dir, 'host.json'), JSON.stringify(rest, null, 2) + '\n');
  }

  // Without run_finished (a hard stop), the summary is built from what reached us.
  private partialRun(): RunResult {
    const hosts = [...this.hosts.entries()].map(
      ([name, h]): HostResult =>
        h.result ?? {
          name,
          address: '',
          status: 'skipped',
          durationMs: 0,
          reason: 'not finished when the run stopped',
          steps: h.steps.map((s) => ({ ...s })),
        },
    );
    return {
      playbook: this.run?.playbook ?? '',
      inventory: this.run?.inventory ?? '',
      mode: this.run?.mode === 'check' ? 'check' : 'apply',
      startedAt: this.run?.startedAt ?? '',
      finishedAt: this.now().toISOString(),
      interrupted: true,
      hosts,
      summary: summarize(hosts),
    };
  }
}

const mdCell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const fence = (s: string): string => {
  const ticks = /```/.test(s) ? '~~~~' : '```';
  return `${ticks}\n${s.trimEnd()}\n${ticks}`;
};

/** The Markdown summary of a run for a change ticket. Pure: the caller redacts. */
export function renderEvidenceSummary(input: {
  run: RunResult;
  complete: boolean;
  exitCode?: number | undefined;
  warnings?: string[];
  hostDir?: (host: string) => string;
}): string {
  const { run, complete } = input;
  const s = run.summary;
  const lines: string[] = [];
  lines.push(`# firemend ${run.mode === 'check' ? 'dry-run (check)' : 'change'} evidence`, '');
  lines.push(`- Playbook: \`${run.playbook}\``, `- Inventory: \`${run.inventory}\``, `- Mode: ${run.mode}`);
  lines.push(`- Started: ${run.startedAt}`, `- Finished: ${run.finishedAt}`);
  if (input.exitCode !== undefined) lines.push(`- Exit code: ${input.exitCode}`);
  if (run.interrupted) lines.push('- **Interrupted**: in-flight steps were let finish; hosts not reached are listed as skipped.');
  if (!complete) lines.push('- **Incomplete**: the run stopped before its end; this summary holds what was recorded.');
  if (run.stoppedEarly) lines.push(`- **Rollout stopped early**: ${run.stoppedEarly}`);
  lines.push('');
  lines.push('## Outcome', '');
  lines.push('| hosts | ok | changed | pending | action required | failed | unreachable | skipped |', '|---|---|---|---|---|---|---|---|');
  lines.push(`| ${s.hosts} | ${s.ok} | ${s.changed} | ${s.pending} | ${s.action_required} | ${s.failed} | ${s.unreachable} | ${s.skipped} |`, '');
  lines.push(...causesMarkdown(causesOf(run)));
  lines.push('| host | address | status | duration | steps changed / pending | error |', '|---|---|---|---|---|---|');
  for (const h of run.hosts) {
    const touched = h.steps.filter((x) => x.status === 'changed' || x.status === 'pending').map((x) => x.id);
    const err = h.error ? `${h.error.code}: ${h.error.message}` : (h.reason ?? '');
    lines.push(`| ${mdCell(h.name)} | ${mdCell(h.address)} | ${h.status} | ${(h.durationMs / 1000).toFixed(1)} s | ${mdCell(touched.join(', '))} | ${mdCell(err)} |`);
  }
  lines.push('');

  const section = (title: string, pick: (x: StepResult) => boolean, body: (h: HostResult, x: StepResult) => string[]): void => {
    const items = run.hosts.flatMap((h) => h.steps.filter(pick).map((x) => [h, x] as const));
    if (items.length === 0) return;
    lines.push(`## ${title}`, '');
    for (const [h, x] of items) {
      lines.push(`### ${h.name} — ${x.id}: ${x.name}`, '', ...body(h, x), '');
      if (input.hostDir) lines.push(`Evidence: \`${input.hostDir(h.name)}/\``, '');
    }
  };
  section(
    run.mode === 'check' ? 'Changes that would be made' : 'Changes made',
    (x) => x.status === 'changed' || x.status === 'pending',
    (_h, x) => [
      x.fix?.sent ? 'Commands sent:' : 'Commands that would be sent:',
      '',
      fence([...(x.fix?.commands ?? []), ...(x.fix?.reboot ? ['# reboot'] : [])].join('\n')),
      ...(x.check ? ['', `Before (\`${x.check.command}\`):`, '', fence(x.check.output)] : []),
      ...(x.verify?.output !== undefined ? ['', 'After (verification):', '', fence(x.verify.output)] : []),
    ],
  );
  section(
    'Action required',
    (x) => x.status === 'action_required',
    (_h, x) => [x.remedy ?? '(no remedy given)', ...(x.check ? ['', `Check \`${x.check.command}\` said:`, '', fence(x.check.output)] : [])],
  );
  const failure = (_h: HostResult, x: StepResult): string[] => [`${x.error ? `\`${x.error.code}\`: ` : ''}${x.reason ?? x.error?.message ?? 'failed'}`];
  section('Failures', (x) => x.status === 'failed' && x.ignored !== true, failure);
  // ignore_errors: failed all the same, but the host went on and did not fail because of it.
  section('Failures ignored (ignore_errors)', (x) => x.status === 'failed' && x.ignored === true, failure);
  const unreachable = run.hosts.filter((h) => h.status === 'unreachable');
  if (unreachable.length > 0) {
    lines.push('## Unreachable', '');
    for (const h of unreachable) lines.push(`- ${h.name} (${h.address}): ${h.error ? `\`${h.error.code}\` ${h.error.message}` : 'unreachable'}`);
    lines.push('');
  }
  if (input.warnings && input.warnings.length > 0) {
    lines.push('## Warnings', '', ...input.warnings.map((w) => `- ${w}`), '');
  }
  return lines.join('\n');
}
