// Reporters subscribe to the run's events and never drive it. The mux fans events out to all of them,
// redacts every event once on the way in, and isolates a reporter that throws: it is disabled with one
// warning and the run goes on (a broken JUnit writer must not stop a rollout half-way). The same isolation
// covers the side channel into a reporter (the SSH transcript), the files written from the whole result after
// the run, and those written at once on a second signal. Every output of a run is one of these reporters,
// made by the one registry (registry.ts).
import type { RunEvent } from '../engine/events.js';
import type { RunResult } from '../engine/results.js';
import type { Redactor } from './redact.js';

/** The whole result, for outputs written from it, with the exit code the run ends with if nothing more fails. */
export interface RunEnd {
  result: RunResult;
  exitCode: number;
}

/** Something that turns run events into an output (terminal, JSON lines, files). */
export interface Reporter {
  /** A short name for warnings ("tty", "json", "evidence" …). */
  readonly name: string;
  /** What it writes, for "could not write …" and the run's list of outputs not written ("JUnit out.xml"). */
  readonly writes?: string;
  onEvent(event: RunEvent): void;
  /** Write what onEvent buffered (line-buffer.ts); the mux calls it once per event-loop turn and before finish. */
  flush?(): void;
  /** After the run, before the closing display: write the file(s) made from the whole result. Throws when it cannot. */
  writeFiles?(end: RunEnd): void;
  /** A second signal: write at once, synchronously, from what the events told so far (the process exits next). */
  writeNow?(end: RunEnd): void;
  /** Called once after the last event: flush, close files, print closing text. */
  finish(): Promise<void>;
}

export interface ReporterMuxOptions {
  redactor: Redactor;
  /** Where the one-time "reporter disabled" warning goes (the CLI writes it to stderr). */
  onWarning: (message: string) => void;
}

function describeError(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Fans events out to several reporters, redacted, isolating failures. */
export class ReporterMux implements Reporter {
  readonly name = 'mux';
  private readonly active: Reporter[];
  private readonly disabled = new Set<Reporter>();
  private readonly missing: string[] = [];
  private finished = false;
  private flushScheduled = false;

  constructor(
    reporters: readonly Reporter[],
    private readonly options: ReporterMuxOptions,
  ) {
    this.active = [...reporters];
  }

  /** Deliver one event, redacted, to every reporter still enabled. */
  onEvent(event: RunEvent): void {
    if (this.finished) return;
    const safe = this.options.redactor.redactDeep(event);
    for (const r of this.active) {
      if (this.disabled.has(r)) continue;
      try {
        r.onEvent(safe);
      } catch (err) {
        this.disable(r, err);
      }
    }
    this.scheduleFlush();
  }

  /**
   * Write what every enabled reporter buffered, synchronously, each failure isolated. Also the CLI's last word
   * when the process exits (a crash, a second signal): nothing already emitted is left in a buffer.
   */
  flush(): void {
    for (const r of this.active) {
      if (this.disabled.has(r) || !r.flush) continue;
      try {
        r.flush();
      } catch (err) {
        this.disable(r, err);
      }
    }
  }

  // One flush per turn of the event loop, after every event of that turn.
  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  /** Finish every enabled reporter in order (their closing output stays in a stable order); never throws. */
  async finish(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    this.flush();
    for (const r of this.active) {
      if (this.disabled.has(r)) continue;
      try {
        await r.finish();
      } catch (err) {
        this.disable(r, err);
      }
    }
  }

  /**
   * A side channel into a reporter (the SSH transcript into the evidence writer) behind the same isolation as
   * its events: when `fn` throws, the reporter is disabled with the one warning and the caller (a device
   * session) never sees the error; once disabled, calls are dropped.
   */
  guard<A extends unknown[]>(r: Reporter, fn: (...args: A) => void): (...args: A) => void {
    return (...args: A): void => {
      if (this.disabled.has(r)) return;
      try {
        fn(...args);
      } catch (err) {
        this.disable(r, err);
      }
    };
  }

  /**
   * After the run: every enabled reporter that writes files from the whole result, in order, each told the exit
   * code the run ends with given the outputs not written so far (the report carries it). One that fails is
   * disabled and named in `notWritten`, with a warning; never throws.
   */
  writeResultFiles(result: RunResult, exitCodeFor: (notWritten: number) => number): void {
    for (const r of this.active) {
      if (this.disabled.has(r) || !r.writeFiles) continue;
      try {
        r.writeFiles({ result, exitCode: exitCodeFor(this.missing.length) });
      } catch (err) {
        this.disabled.add(r);
        this.writeOutputFailed(r.writes ?? r.name, err);
      }
    }
  }

  /** A second signal: every enabled reporter that can writes its files now; each says on the warning channel whether it did. */
  writeFilesNow(result: RunResult, exitCode: number): void {
    for (const r of this.active) {
      if (this.disabled.has(r) || !r.writeNow) continue;
      try {
        r.writeNow({ result, exitCode });
        this.options.onWarning(`${r.writes ?? r.name} written (interrupted)`);
      } catch (err) {
        this.writeOutputFailed(r.writes ?? r.name, err);
      }
    }
  }

  /** An output the command writes itself (a plan) under the same rule: a failure is said and listed, never thrown. */
  writeOutput(what: string, write: () => void): void {
    try {
      write();
    } catch (err) {
      this.writeOutputFailed(what, err);
    }
  }

  /** The outputs not written, or written incomplete (a reporter disabled while the run went on), in order. */
  get notWritten(): string[] {
    return [...this.missing];
  }

  /** Whether a reporter was disabled after a failure. */
  isDisabled(r: Reporter): boolean {
    return this.disabled.has(r);
  }

  /** Names of the reporters that failed and were disabled. */
  get disabledReporters(): string[] {
    return [...this.disabled].map((r) => r.name);
  }

  private writeOutputFailed(what: string, err: unknown): void {
    this.missing.push(what);
    this.options.onWarning(this.options.redactor.redact(`could not write ${what}: ${describeError(err)}`));
  }

  private disable(r: Reporter, err: unknown): void {
    this.disabled.add(r);
    if (r.writes !== undefined) this.missing.push(`${r.writes} (incomplete)`);
    this.options.onWarning(this.options.redactor.redact(`reporter "${r.name}" failed and was disabled: ${describeError(err)}; the run goes on`));
  }
}
