// `--output json`: one JSON object per line per event on the given stream, for programs and log shippers.
import type { Writable } from 'node:stream';
import type { RunEvent } from '../engine/events.js';
import type { Redactor } from './redact.js';
import type { Reporter } from './reporter.js';

export interface JsonReporterOptions {
  output: Writable;
  /** Applied to each serialized line as a second guard (the mux already redacts events). */
  redactor?: Redactor;
}

/** A reporter writing one JSON event per line. */
export function createJsonReporter(options: JsonReporterOptions): Reporter {
  const { output, redactor } = options;
  return {
    name: 'json',
    onEvent(event: RunEvent): void {
      const line = JSON.stringify(event);
      output.write((redactor ? redactor.redact(line) : line) + '\n');
    },
    // Resolve once what was written has left our buffer, so the CLI does not exit on a half-written line.
    finish(): Promise<void> {
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
