// Reporters subscribe to the run's events and never drive it. The mux fans events out to all of them,
// redacts every event once on the way in, and isolates a reporter that throws: it is disabled with one
// warning and the run goes on (a broken JUnit writer must not stop a rollout half-way).
import type { RunEvent } from '../engine/events.js';
import type { Redactor } from './redact.js';

/** Something that turns run events into an output (terminal, JSON lines, files). */
export interface Reporter {
  /** A short name for warnings ("tty", "json", "evidence" …). */
  readonly name: string;
  onEvent(event: RunEvent): void;
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
  private finished = false;

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
  }

  /** Finish every enabled reporter in order (their closing output stays in a stable order); never throws. */
  async finish(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
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

  /** Whether a reporter was disabled after a failure. */
  isDisabled(r: Reporter): boolean {
    return this.disabled.has(r);
  }

  /** Names of the reporters that failed and were disabled. */
  get disabledReporters(): string[] {
    return [...this.disabled].map((r) => r.name);
  }

  private disable(r: Reporter, err: unknown): void {
    this.disabled.add(r);
    this.options.onWarning(this.options.redactor.redact(`reporter "${r.name}" failed and was disabled: ${describeError(err)}; the run goes on`));
  }
}
