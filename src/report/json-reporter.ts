// `--output json`: one JSON object per line per event on the given stream, for programs and log shippers.
import type { Writable } from 'node:stream';
import type { RunEvent, RunEventType } from '../engine/events.js';
import type { HostResult } from '../engine/results.js';
import type { Redactor } from './redact.js';
import type { Reporter } from './reporter.js';
import { LineBuffer } from './line-buffer.js';
import { withoutOutputs } from './result-view.js';

export interface JsonReporterOptions {
  output: Writable;
  /** Applied to each serialized line as a second guard (the mux already redacts events). */
  redactor?: Redactor;
}

/** A reporter writing one JSON event per line. */
export function createJsonReporter(options: JsonReporterOptions): Reporter {
  const { output, redactor } = options;
  const lines = new LineBuffer(output);
  return {
    name: 'json',
    onEvent(event: RunEvent): void {
      const line = JSON.stringify(slim(event));
      lines.add((redactor ? redactor.redact(line) : line) + '\n');
    },
    flush(): void {
      lines.flush();
    },
    // Resolve once what was written has left our buffer, so the CLI does not exit on a half-written line.
    finish(): Promise<void> {
      lines.flush();
      if (!output.writableNeedDrain) return Promise.resolve();
      return new Promise((resolve) => {
        const done = (): void => {
          output.off('drain', done);
          output.off('error', done);
          output.off('close', done);
          resolve();
        };
        output.once('drain', done);
        output.once('error', done);
        output.once('close', done);
      });
    },
  };
}

// Each device output travels once in the stream, in its step_finished line: host_finished and run_finished
// repeat the results without the check/verify outputs (the JSON report keeps everything). At 1,000 devices
// this cuts the stream from ~58 MB to ~20 MB.
// One entry per event kind (a mapped table, as zx's log formatters): a kind missing here does not compile.
const keep = (e: RunEvent): RunEvent => e;
const SLIM: { [K in RunEventType]: (e: Extract<RunEvent, { type: K }>) => RunEvent } = {
  run_started: keep,
  batch_started: keep,
  host_started: keep,
  step_started: keep,
  step_progress: keep,
  step_finished: keep,
  host_finished: (e) => ({ ...e, result: slimHost(e.result) }),
  warning: keep,
  rollout_stopped: keep,
  run_finished: (e) => ({ ...e, result: { ...e.result, hosts: e.result.hosts.map(slimHost) } }),
};

function slim(event: RunEvent): RunEvent {
  // TypeScript cannot correlate event.type with the entry's parameter; the table's type guarantees they match.
  return (SLIM[event.type] as (e: RunEvent) => RunEvent)(event);
}

function slimHost(host: HostResult): HostResult {
  return { ...host, steps: host.steps.map(withoutOutputs) };
}
