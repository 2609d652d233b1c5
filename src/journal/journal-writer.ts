// Appends one run's journal: a JSON line per record, each written before the run goes on. The record of a fix
// about to be sent, and the run's start and end, are fsync'd before returning; the others are written at once
// (they survive a crash of firemend; a power loss may lose those written since the last fsync).
import { closeSync, fsync, fsyncSync, mkdirSync, openSync, write, writeSync } from 'node:fs';
import { join } from 'node:path';
import { eventHandled, type RunEvent } from '../engine/events.js';
import type { FixJournal, JournaledAction } from '../engine/fix-journal.js';
import type { ErrorInfo } from '../engine/results.js';
import { FiremendError } from '../errors.js';
import type { Redactor } from '../report/redact.js';
import { defined } from '../report/result-view.js';
import type { JournalRecord, RunStartRecord } from './records.js';

/** The journal file of a run id in a journal folder. */
function journalPath(dir: string, runId: string): string {
  return join(dir, `${runId}.jsonl`);
}

/** A run id that sorts by start time: `20261130T230244123Z-4242` (UTC start, then the pid). */
export function newRunId(startedAt: Date, pid: number): string {
  return `${startedAt.toISOString().replace(/[-:.]/g, '')}-${pid}`;
}

/** One run's journal, open for appending. Every string passes through the run's redactor. */
export class RunJournal implements FixJournal {
  private fd: number | undefined;

  private constructor(
    readonly path: string,
    private readonly redactor: Redactor,
    fd: number,
  ) {
    this.fd = fd;
  }

  /** Create the journal (its folder too, private to the user) and make its start record durable. */
  static create(dir: string, start: Omit<RunStartRecord, 'type'>, redactor: Redactor): RunJournal {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const path = journalPath(dir, start.run_id);
    // O_APPEND: records written concurrently by several hosts each land whole at the end.
    const journal = new RunJournal(path, redactor, openSync(path, 'ax', 0o600));
    journal.append({ type: 'run_start', ...start }, true);
    return journal;
  }

  /** Append one record; `durable`: fsync before returning. Throws E_JOURNAL_WRITE; a closed journal ignores it. */
  append(record: JournalRecord, durable: boolean): void {
    if (this.fd === undefined) return;
    try {
      writeSync(this.fd, this.line(record));
      if (durable) fsyncSync(this.fd);
    } catch (err) {
      throw this.writeError(err);
    }
  }

  /**
   * The record of an action about to be sent, written and fsync'd before the promise resolves (so before the
   * caller's await returns and the action leaves). Off the event loop: an fsync takes milliseconds, and the
   * other hosts' sessions go on meanwhile.
   */
  sending(action: JournaledAction): Promise<void> {
    const fd = this.fd;
    if (fd === undefined) return Promise.resolve();
    const text = this.line({ type: 'fix_sending', at: now(), host: action.host, step: action.stepId, kind: action.kind, command: action.command });
    return new Promise((resolve, reject) => {
      write(fd, text, (err) => {
        if (err) return reject(this.writeError(err));
        fsync(fd, (err2) => (err2 ? reject(this.writeError(err2)) : resolve()));
      });
    });
  }

  private line(record: JournalRecord): string {
    return JSON.stringify(this.redactor.redactDeep(record)) + '\n';
  }

  private writeError(err: unknown): FiremendError {
    return new FiremendError('E_JOURNAL_WRITE', `the run journal ${this.path} could not be written: ${err instanceof Error ? err.message : String(err)}`);
  }

  finished(action: JournaledAction, outcome: { ok: true } | { ok: false; error: ErrorInfo }): Promise<void> {
    const base = { type: 'fix_outcome' as const, at: now(), host: action.host, step: action.stepId, kind: action.kind, command: action.command };
    this.appendQuietly(outcome.ok ? { ...base, ok: true } : { ...base, ok: false, error: outcome.error }, false);
    return Promise.resolve();
  }

  /** The run's events that matter after a crash: steps that sent a fix or failed, each host's outcome, the end. */
  onEvent(ev: RunEvent): void {
    switch (ev.type) {
      case 'step_finished': {
        const r = ev.result;
        if (r.fix?.sent !== true && r.status !== 'failed') return;
        this.appendQuietly(defined({ type: 'step' as const, at: ev.at, host: ev.host, step: r.id, status: r.status, error: r.error }), false);
        return;
      }
      case 'host_finished': {
        const r = ev.result;
        this.appendQuietly(defined({ type: 'host_end' as const, at: ev.at, host: r.name, status: r.status, error: r.error, reason: r.reason }), false);
        return;
      }
      case 'run_finished':
        this.end(ev.exitCode, ev.result.interrupted, ev.result.summary);
        return;
      case 'run_started':
      case 'batch_started':
      case 'host_started':
      case 'step_started':
      case 'step_progress':
      case 'warning':
      case 'rollout_stopped':
        return;
      default:
        eventHandled(ev);
    }
  }

  /** The end record (durable), then close. Idempotent: only the first end counts. */
  end(exitCode: number, interrupted: boolean, summary?: JournalRecordSummary): void {
    if (this.fd === undefined) return;
    this.appendQuietly(defined({ type: 'run_end' as const, at: now(), exit_code: exitCode, interrupted, summary }), true);
    try {
      closeSync(this.fd);
    } catch {
      // closing can only fail on an fd already gone
    }
    this.fd = undefined;
  }

  // Records after a fix was sent must not turn a device's result into an exception: a journal that stopped
  // accepting writes shows as a run without its end (`crashed`), which is the truth about what it knows.
  private appendQuietly(record: JournalRecord, durable: boolean): void {
    try {
      this.append(record, durable);
    } catch {
      // see above
    }
  }
}

type JournalRecordSummary = NonNullable<Extract<JournalRecord, { type: 'run_end' }>['summary']>;

function now(): string {
  return new Date().toISOString();
}
