import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { LineBuffer } from '../../../src/report/line-buffer.js';
import { ReporterMux, type Reporter } from '../../../src/report/reporter.js';
import { createRedactor } from '../../../src/report/redact.js';
import { createJsonReporter } from '../../../src/report/json-reporter.js';
import { sampleEvents } from './sample-run.js';

// A real Writable that records each write as it happens (its write callback is called at once).
function sink(): Writable & { writes: string[] } {
  const writes: string[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      writes.push(chunk.toString());
      callback();
    },
  });
  return Object.assign(out, { writes });
}

// The next turn of the event loop (after the mux's setImmediate flush).
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('LineBuffer', () => {
  it('writes nothing until flushed, then everything in order in one write', () => {
    const out = sink();
    const b = new LineBuffer(out);
    b.add('a\n');
    b.add('b\n');
    expect(out.writes).toEqual([]);
    b.flush();
    expect(out.writes).toEqual(['a\nb\n']);
    b.flush();
    expect(out.writes).toHaveLength(1);
  });

  it('writes at once when 64 KB are buffered', () => {
    const out = sink();
    const b = new LineBuffer(out);
    const line = 'x'.repeat(1023) + '\n';
    for (let i = 0; i < 63; i++) b.add(line);
    expect(out.writes).toEqual([]);
    b.add(line);
    expect(out.writes).toEqual([line.repeat(64)]);
  });
});

describe('ReporterMux flushing', () => {
  it('flushes every buffered line once per event-loop turn, one write for a burst of events', async () => {
    const out = sink();
    const mux = new ReporterMux([createJsonReporter({ output: out })], { redactor: createRedactor([]), onWarning: () => {} });
    const events = sampleEvents();
    for (const e of events) mux.onEvent(e);
    expect(out.writes).toEqual([]);
    await nextTurn();
    expect(out.writes).toHaveLength(1);
    expect((out.writes[0] ?? '').trimEnd().split('\n').map((l) => (JSON.parse(l) as { type: string }).type)).toEqual(events.map((e) => e.type));
  });

  it('flush() writes at once, synchronously (the CLI calls it when the process exits)', () => {
    const out = sink();
    const mux = new ReporterMux([createJsonReporter({ output: out })], { redactor: createRedactor([]), onWarning: () => {} });
    mux.onEvent({ type: 'warning', at: 'now', message: 'one' });
    mux.flush();
    expect(out.writes).toHaveLength(1);
    expect(JSON.parse(out.writes[0] ?? '')).toEqual({ type: 'warning', at: 'now', message: 'one' });
  });

  it('disables a reporter whose flush throws, with one warning, and keeps the others', async () => {
    const good = sink();
    const bad: Reporter = {
      name: 'bad',
      onEvent: () => {},
      flush: () => {
        throw new Error('EPIPE');
      },
      finish: () => Promise.resolve(),
    };
    const warnings: string[] = [];
    const mux = new ReporterMux([bad, createJsonReporter({ output: good })], { redactor: createRedactor([]), onWarning: (m) => warnings.push(m) });
    mux.onEvent({ type: 'warning', at: 'now', message: 'one' });
    await nextTurn();
    mux.onEvent({ type: 'warning', at: 'now', message: 'two' });
    await mux.finish();
    expect(warnings).toEqual(['reporter "bad" failed and was disabled: EPIPE; the run goes on']);
    expect(mux.disabledReporters).toEqual(['bad']);
    expect(good.writes.join('').trimEnd().split('\n')).toHaveLength(2);
  });
});
