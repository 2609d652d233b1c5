import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunEvent } from '../../../src/engine/events.js';
import { EvidenceWriter } from '../../../src/report/evidence.js';
import { renderJunit } from '../../../src/report/junit.js';
import { createRedactor } from '../../../src/report/redact.js';
import { buildReport } from '../../../src/report/report-json.js';
import { RunSnapshot } from '../../../src/report/run-snapshot.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'firemend-snapshot-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const at = '2025-01-02T03:04:05.000Z';
// A run cut by a second signal: fw-a finished one fix and is rebooting in its second step; fw-b never started.
const events: RunEvent[] = [
  { type: 'run_started', at, playbook: 'p.yml', inventory: 'i.yml', mode: 'apply', hosts: ['fw-a', 'fw-b'] },
  { type: 'host_started', at, host: 'fw-a', address: '10.0.0.1' },
  { type: 'step_started', at, host: 'fw-a', stepId: 'connector-enabled', stepName: 'Connector enabled' },
  { type: 'step_finished', at, host: 'fw-a', result: { id: 'connector-enabled', name: 'Connector enabled', status: 'changed', fix: { commands: ['pmtool enablebyid SSEConnector'], sent: true, reboot: false }, durationMs: 5 } },
  { type: 'step_started', at, host: 'fw-a', stepId: 'eventhandler-socket', stepName: 'Event handler socket' },
  { type: 'step_progress', at, host: 'fw-a', stepId: 'eventhandler-socket', message: 'rebooting (up to 900s)' },
];

describe('RunSnapshot after a second signal', () => {
  it('keeps the cut host failed with its finished steps and the step in flight as a failed step naming the last progress', () => {
    const snap = new RunSnapshot(() => '10.0.0.2', () => new Date(at));
    for (const e of events) snap.onEvent(e);
    const r = snap.result();
    const a = r.hosts.find((h) => h.name === 'fw-a');
    expect(a).toMatchObject({ status: 'failed', error: { code: 'E_INTERRUPTED' } });
    expect(a?.steps.map((s) => [s.id, s.status])).toEqual([
      ['connector-enabled', 'changed'],
      ['eventhandler-socket', 'failed'],
    ]);
    expect(a?.steps[1]?.error).toMatchObject({ code: 'E_INTERRUPTED', message: expect.stringContaining('rebooting (up to 900s)') });
    expect(r.hosts.find((h) => h.name === 'fw-b')).toMatchObject({ status: 'skipped', address: '10.0.0.2' });
  });

  it('gives SUMMARY.md, the report and JUnit one story', async () => {
    const snap = new RunSnapshot(() => '10.0.0.2', () => new Date(at));
    const evidence = new EvidenceWriter(dir, createRedactor([]));
    for (const e of events) {
      snap.onEvent(e);
      evidence.onEvent(e);
    }
    const result = snap.result();
    evidence.finishFrom(result, 130);
    const md = readFileSync(join(dir, 'SUMMARY.md'), 'utf8');
    const report = buildReport(result, { exitCode: 130, toolVersion: '0', redactor: createRedactor([]) });
    expect(md).not.toContain('not finished');
    expect(md).toContain('| fw-a | 10.0.0.1 | failed |');
    expect(md).toContain('### fw-a — connector-enabled');
    expect(md).toContain('### fw-a — eventhandler-socket');
    expect(md).toContain('- Exit code: 130');
    expect(report.hosts.find((h) => h.name === 'fw-a')?.steps.map((s) => s.status)).toEqual(['changed', 'failed']);
    expect(renderJunit(result)).toMatch(/<testcase [^>]*name="eventhandler-socket[^"]*"[^>]*>\s*<failure type="E_INTERRUPTED"/);
  });
});
