import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import type { RunEvent } from '../../../src/engine/events.js';
import { createRedactor, REDACTED } from '../../../src/report/redact.js';
import { ReporterMux, type Reporter } from '../../../src/report/reporter.js';
import { createJsonReporter } from '../../../src/report/json-reporter.js';
import { PASSWORD, sampleEvents } from './sample-run.js';

function recorder(name: string): Reporter & { events: RunEvent[]; finished: number } {
  const r = {
    name,
    events: [] as RunEvent[],
    finished: 0,
    onEvent(e: RunEvent) {
      r.events.push(e);
    },
    finish() {
      r.finished += 1;
      return Promise.resolve();
    },
  };
  return r;
}

describe('ReporterMux', () => {
  it('delivers every event to every reporter, redacted', async () => {
    const a = recorder('a');
    const b = recorder('b');
    const mux = new ReporterMux([a, b], { redactor: createRedactor([PASSWORD]), onWarning: () => {} });
    for (const e of sampleEvents()) mux.onEvent(e);
    await mux.finish();
    expect(a.events).toHaveLength(sampleEvents().length);
    expect(b.events).toEqual(a.events);
    expect(JSON.stringify(a.events)).not.toContain(PASSWORD);
    expect(JSON.stringify(a.events)).toContain(REDACTED);
    expect([a.finished, b.finished]).toEqual([1, 1]);
  });

  it('disables a reporter that throws, warns once, and keeps the others going', async () => {
    const good = recorder('good');
    let calls = 0;
    const bad: Reporter = {
      name: 'bad',
      onEvent() {
        calls += 1;
        throw new Error(`disk full writing ${PASSWORD}`);
      },
      finish: () => Promise.reject(new Error('never called')),
    };
    const warnings: string[] = [];
    const mux = new ReporterMux([bad, good], { redactor: createRedactor([PASSWORD]), onWarning: (m) => warnings.push(m) });
    for (const e of sampleEvents()) mux.onEvent(e);
    await mux.finish();
    expect(calls).toBe(1);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('reporter "bad" failed and was disabled');
    expect(warnings[0]).not.toContain(PASSWORD);
    expect(good.events).toHaveLength(sampleEvents().length);
    expect(mux.disabledReporters).toEqual(['bad']);
  });

  it('puts a side channel (the SSH transcript) behind the same isolation: its error never reaches the caller', async () => {
    const writer = recorder('evidence');
    const warnings: string[] = [];
    const mux = new ReporterMux([writer], { redactor: createRedactor([PASSWORD]), onWarning: (m) => warnings.push(m) });
    let writes = 0;
    const transcript = mux.guard(writer, (text: string) => {
      writes += 1;
      throw new Error(`ENOSPC: no space left on device, write '${text}'`);
    });
    expect(() => transcript('show network')).not.toThrow();
    expect(() => transcript('show version')).not.toThrow();
    // Disabled after the first failure: no second attempt, no more events, one warning.
    expect(writes).toBe(1);
    expect(mux.isDisabled(writer)).toBe(true);
    for (const e of sampleEvents()) mux.onEvent(e);
    await mux.finish();
    expect(writer.events).toEqual([]);
    expect(writer.finished).toBe(0);
    expect(warnings).toEqual([expect.stringContaining('reporter "evidence" failed and was disabled: ENOSPC')]);
  });

  it('survives a reporter whose finish rejects', async () => {
    const warnings: string[] = [];
    const after = recorder('after');
    const failing: Reporter = { name: 'junit', onEvent() {}, finish: () => Promise.reject(new Error('EACCES')) };
    const mux = new ReporterMux([failing, after], { redactor: createRedactor([]), onWarning: (m) => warnings.push(m) });
    await expect(mux.finish()).resolves.toBeUndefined();
    expect(warnings[0]).toContain('junit');
    expect(after.finished).toBe(1);
  });

  it('ignores events after finish', async () => {
    const a = recorder('a');
    const mux = new ReporterMux([a], { redactor: createRedactor([]), onWarning: () => {} });
    await mux.finish();
    mux.onEvent({ type: 'warning', at: 'now', message: 'late' });
    expect(a.events).toHaveLength(0);
  });
});

describe('createJsonReporter', () => {
  it('writes one parseable JSON event per line, with secrets redacted', async () => {
    const out = new PassThrough();
    const chunks: string[] = [];
    out.on('data', (c: Buffer) => chunks.push(c.toString()));
    const r = createJsonReporter({ output: out, redactor: createRedactor([PASSWORD]) });
    const events = sampleEvents();
    for (const e of events) r.onEvent(e);
    await r.finish();
    const text = chunks.join('');
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(events.length);
    const parsed = lines.map((l) => JSON.parse(l) as RunEvent);
    expect(parsed.map((e) => e.type)).toEqual(events.map((e) => e.type));
    expect(text).not.toContain(PASSWORD);
  });
  it('carries each device output once: host_finished and run_finished repeat results without outputs', async () => {
    const out = new PassThrough();
    const chunks: string[] = [];
    out.on('data', (c: Buffer) => chunks.push(c.toString()));
    const r = createJsonReporter({ output: out });
    const events = sampleEvents();
    for (const e of events) r.onEvent(e);
    await r.finish();
    const parsed = chunks.join('').trimEnd().split('\n').map((l) => JSON.parse(l) as RunEvent);
    const stepOutputs = parsed.flatMap((e) => (e.type === 'step_finished' && e.result.check ? [e.result.check.output] : []));
    expect(stepOutputs.some((o) => o.length > 0)).toBe(true);
    for (const e of parsed) {
      const hosts = e.type === 'host_finished' ? [e.result] : e.type === 'run_finished' ? e.result.hosts : [];
      for (const h of hosts) {
        for (const s of h.steps) {
          expect(s.check?.output ?? '').toBe('');
          expect(s.verify?.output).toBeUndefined();
        }
      }
    }
    // Statuses, commands and the rest are still there.
    const finished = parsed.filter((e) => e.type === 'host_finished');
    expect(finished.length).toBeGreaterThan(0);
    const original = events.filter((e) => e.type === 'host_finished');
    expect(finished.map((e) => (e.type === 'host_finished' ? e.result.steps.map((s) => [s.id, s.status, s.fix?.commands]) : []))).toEqual(
      original.map((e) => (e.type === 'host_finished' ? e.result.steps.map((s) => [s.id, s.status, s.fix?.commands]) : [])),
    );
    // The events given to the reporter are not changed.
    expect(original.some((e) => e.type === 'host_finished' && e.result.steps.some((s) => (s.check?.output ?? '').length > 0))).toBe(true);
  });
});
