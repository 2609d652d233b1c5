// The one registry of outputs: each flag makes its reporter, all behind the one mux; a file that cannot be
// written is disabled with a warning and listed, the others are still written, the report last with the exit code.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedactor } from '../../../src/report/redact.js';
import { createRunOutputs, OUTPUTS, requestedPaths, STDOUT_OUTPUTS, type OutputEnv, type OutputRequest } from '../../../src/report/registry.js';
import { PASSWORD, sampleEvents, sampleRun } from './sample-run.js';

const dir = mkdtempSync(join(tmpdir(), 'firemend-registry-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function env(said: string[]): OutputEnv & { text: () => string } {
  const stdout = new PassThrough();
  const chunks: string[] = [];
  stdout.on('data', (c: Buffer) => chunks.push(c.toString()));
  return {
    stdout,
    stderr: new PassThrough(),
    color: false,
    redactor: createRedactor([PASSWORD]),
    toolVersion: '9.9.9',
    groupsOf: () => ['ftd'],
    addressOf: () => '',
    say: (m) => said.push(m),
    text: () => chunks.join(''),
  };
}

describe('the output registry', () => {
  it('lists every output once, in the order they get events and write files', () => {
    expect(OUTPUTS.map((o) => o.name)).toEqual(['evidence', 'tty', 'line', 'json', 'junit', 'report', 'html']);
    expect([...STDOUT_OUTPUTS]).toEqual(['auto', 'tty', 'line', 'json']);
  });

  it('names the path of every file output asked for, for the check before anything is contacted', () => {
    expect(requestedPaths({ output: 'json' })).toEqual([]);
    expect(requestedPaths({ output: 'auto', report: 'r.json', reportHtml: 'r.html', junit: 'j.xml', evidence: 'ev' })).toEqual([
      { flag: '--evidence', path: 'ev', kind: 'dir' },
      { flag: '--junit', path: 'j.xml', kind: 'file' },
      { flag: '--report', path: 'r.json', kind: 'file' },
      { flag: '--report-html', path: 'r.html', kind: 'file' },
    ]);
  });

  it('makes only what was asked: --output json writes JSON lines, no file without its flag', async () => {
    const said: string[] = [];
    const e = env(said);
    const { mux } = createRunOutputs({ output: 'json' }, e);
    for (const ev of sampleEvents()) mux.onEvent(ev);
    mux.writeResultFiles(sampleRun(), () => 0);
    await mux.finish();
    const lines = e.text().trimEnd().split('\n');
    expect(lines).toHaveLength(sampleEvents().length);
    expect(mux.notWritten).toEqual([]);
    expect(said).toEqual([]);
  });

  it('a JUnit path that cannot be written is named, the report and HTML are still written with exit 74', async () => {
    const said: string[] = [];
    const rq: OutputRequest = {
      output: 'line',
      junit: join(dir, 'missing', 'junit.xml'),
      report: join(dir, 'report.json'),
      reportHtml: join(dir, 'report.html'),
      evidence: join(dir, 'evidence'),
    };
    const { mux } = createRunOutputs(rq, env(said));
    for (const ev of sampleEvents()) if (ev.type !== 'run_finished') mux.onEvent(ev);
    mux.writeResultFiles(sampleRun(), (n) => (n > 0 ? 74 : 1));
    await mux.finish();
    expect(mux.notWritten).toEqual([`JUnit ${rq.junit}`]);
    expect(said).toEqual([expect.stringContaining(`could not write JUnit ${rq.junit}`)]);
    const report = JSON.parse(readFileSync(rq.report as string, 'utf8')) as { exit_code: number; tool: { version: string } };
    expect(report.exit_code).toBe(74);
    expect(report.tool.version).toBe('9.9.9');
    expect(readFileSync(rq.reportHtml as string, 'utf8')).toContain('<html');
    expect(readdirSync(rq.evidence as string)).toContain('SUMMARY.md');
    expect(readFileSync(rq.report as string, 'utf8')).not.toContain(PASSWORD);
  });

  it('a second signal writes every file output from the snapshot, each said', () => {
    const said: string[] = [];
    const rq: OutputRequest = { output: 'line', junit: join(dir, 'now.xml'), report: join(dir, 'now.json') };
    const { mux, snapshot } = createRunOutputs(rq, env(said));
    for (const ev of sampleEvents().slice(0, 4)) mux.onEvent(ev);
    mux.writeFilesNow(snapshot.result(), 130);
    expect(said).toEqual([`JUnit ${rq.junit} written (interrupted)`, `report ${rq.report} written (interrupted)`]);
    expect((JSON.parse(readFileSync(rq.report as string, 'utf8')) as { exit_code: number }).exit_code).toBe(130);
  });
});
