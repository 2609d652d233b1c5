import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assignFolderNames, EvidenceWriter, evidenceRunDir, safeName } from '../../../src/report/evidence.js';
import { createRedactor, REDACTED } from '../../../src/report/redact.js';
import { PASSWORD, sampleEvents } from './sample-run.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'firemend-evidence-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const fixedClock = () => new Date('2025-01-02T03:04:05.000Z');
const read = (...p: string[]): string => readFileSync(join(dir, ...p), 'utf8');

function allFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name));
}

describe('EvidenceWriter', () => {
  it('writes per-step before, commands and after files and a steps.json with timings', async () => {
    const w = new EvidenceWriter(dir, createRedactor([PASSWORD]), { now: fixedClock });
    for (const e of sampleEvents()) w.onEvent(e);
    await w.finish();
    expect(read('fw-changed', 'steps', '01-dns-configured', 'before.txt')).toBe('$ show network\nDNS Servers:\n');
    expect(read('fw-changed', 'steps', '01-dns-configured', 'commands.txt')).toBe('# sent\nconfigure network dns servers 208.67.222.222,208.67.220.220\n');
    expect(read('fw-changed', 'steps', '01-dns-configured', 'after.txt')).toBe('$ show network\nDNS Servers: 208.67.222.222\n');
    expect(read('fw-changed', 'steps', '02-eventhandler-socket', 'commands.txt')).toContain('# reboot');
    const steps = JSON.parse(read('fw-changed', 'steps.json')) as { id: string; status: string; durationMs: number; startedAt: string; finishedAt: string; check: { durationMs: number } }[];
    expect(steps.map((s) => [s.id, s.status, s.durationMs])).toEqual([
      ['dns-configured', 'changed', 900],
      ['eventhandler-socket', 'changed', 5400],
    ]);
    expect(steps[0]?.startedAt).toBe('2025-01-02T03:04:05.000Z');
    expect(steps[0]?.check.durationMs).toBe(120);
    expect(JSON.parse(read('fw-failed', 'host.json'))).toMatchObject({ status: 'failed', error: { code: 'E_REBOOT_TIMEOUT' } });
  });

  it('marks commands that were not sent in check mode', async () => {
    const w = new EvidenceWriter(dir, createRedactor([]));
    for (const e of sampleEvents('check')) w.onEvent(e);
    await w.finish();
    expect(read('fw-pending', 'steps', '01-dns-configured', 'commands.txt')).toMatch(/^# not sent/);
    expect(existsSync(join(dir, 'fw-pending', 'steps', '01-dns-configured', 'after.txt'))).toBe(false);
  });

  it('keeps a redacted transcript, even when a secret arrives split across two reads', async () => {
    const w = new EvidenceWriter(dir, createRedactor([PASSWORD]), { now: fixedClock });
    const t = w.transcriptFor('fw-changed');
    t('sent', 'show network\n');
    t('received', 'banner: fire');
    t('received', 'mend-lab\n> ');
    t('sent', 'exit\n');
    await w.finish();
    expect(read('fw-changed', 'transcript.log')).toBe(
      [
        '--- sent 2025-01-02T03:04:05.000Z ---',
        'show network',
        '--- received 2025-01-02T03:04:05.000Z ---',
        `banner: ${REDACTED}`,
        '> ',
        '--- sent 2025-01-02T03:04:05.000Z ---',
        'exit',
        '',
      ].join('\n'),
    );
  });

  it('writes a Markdown summary for the change ticket with changes, remedies and failures', async () => {
    const w = new EvidenceWriter(dir, createRedactor([PASSWORD]));
    for (const e of sampleEvents()) w.onEvent(e);
    await w.finish();
    const md = read('SUMMARY.md');
    expect(md).toContain('# firemend change evidence');
    expect(md).toContain('| 7 | 1 | 1 | 1 | 1 | 1 | 1 | 1 |');
    expect(md).toContain('| fw-changed | 127.0.0.1:2202 | changed | 6.4 s | dns-configured, eventhandler-socket |  |');
    expect(md).toContain('## Changes made');
    expect(md).toContain('### fw-changed — dns-configured: DNS servers are configured');
    expect(md).toContain('```\nconfigure network dns servers 208.67.222.222,208.67.220.220\n```');
    expect(md).toContain('## Action required');
    expect(md).toContain('Open TCP 443 from fw-action (127.0.0.1) to api.sse.cisco.com.');
    expect(md).toContain('## Failures');
    expect(md).toContain('`E_REBOOT_TIMEOUT`: device did not come back within 900 s');
    expect(md).toContain('## Unreachable');
    expect(md).toContain('- Exit code: 2');
    expect(md).toContain('## Warnings\n\n- fw-failed: reboot took long');
  });

  it('never writes a secret into any file', async () => {
    const w = new EvidenceWriter(dir, createRedactor([PASSWORD]));
    for (const e of sampleEvents()) w.onEvent(e);
    w.transcriptFor('fw-ok')('received', `echo ${PASSWORD}`);
    await w.finish();
    const files = allFiles(dir);
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) expect(readFileSync(f, 'utf8'), f).not.toContain(PASSWORD);
    expect(read('fw-unreachable', 'host.json')).toContain(REDACTED);
  });

  it('keeps what was written when the run stops early, and marks the summary incomplete', async () => {
    const w = new EvidenceWriter(dir, createRedactor([]));
    const events = sampleEvents();
    const cut = events.findIndex((e) => e.type === 'step_finished' && e.result.id === 'eventhandler-socket');
    for (const e of events.slice(0, cut)) w.onEvent(e);
    // Before finish, the finished step is already on disk.
    expect(JSON.parse(read('fw-changed', 'steps.json'))).toHaveLength(1);
    await w.finish();
    const md = read('SUMMARY.md');
    expect(md).toContain('**Incomplete**');
    expect(md).toContain('| fw-changed |  | skipped |');
  });

  it('names host folders safely', () => {
    expect(safeName('fw-01.example')).toBe('fw-01.example');
    expect(safeName('dc1/fw:01')).toBe('dc1_fw_01');
    expect(safeName('..')).toBe('_..');
  });

  it('gives every host its own folder: names that come out the same get a suffix, SUMMARY.md is reserved', () => {
    const names = assignFolderNames(['a/b', 'a_b', 'SUMMARY.md', 'summary.md', 'A_B', 'a_b-2']);
    expect([...names.values()]).toEqual(['a_b', 'a_b-2', 'SUMMARY.md-2', 'summary.md-3', 'A_B-3', 'a_b-2-2']);
    expect(new Set([...names.values()].map((n) => n.toLowerCase())).size).toBe(6);
  });

  it('writes colliding hosts and a host named SUMMARY.md to separate folders, and SUMMARY.md is still the summary', async () => {
    const w = new EvidenceWriter(dir, createRedactor([]));
    const at = '2025-01-02T03:04:05.000Z';
    const hosts = ['a/b', 'a_b', 'SUMMARY.md'];
    w.onEvent({ type: 'run_started', at, playbook: 'p.yml', inventory: 'i.yml', mode: 'check', hosts });
    // Started in the other order: the folders still follow the inventory order.
    for (const host of [...hosts].reverse()) {
      w.onEvent({ type: 'host_started', at, host, address: '127.0.0.1' });
      w.transcriptFor(host)('received', `hello from ${host}\n`);
    }
    await w.finish();
    expect(read('a_b', 'transcript.log')).toContain('hello from a/b');
    expect(read('a_b-2', 'transcript.log')).toContain('hello from a_b');
    expect(read('SUMMARY.md-2', 'transcript.log')).toContain('hello from SUMMARY.md');
    expect(read('SUMMARY.md')).toContain('# firemend');
  });

  it('uses an empty or missing folder as given, and puts a run into a new subfolder of one that holds files', () => {
    const now = new Date('2025-01-02T03:04:05.678Z');
    expect(evidenceRunDir(join(dir, 'fresh'), now)).toBe(join(dir, 'fresh'));
    expect(evidenceRunDir(dir, now)).toBe(dir);
    writeFileSync(join(dir, 'SUMMARY.md'), 'an earlier run');
    expect(evidenceRunDir(dir, now)).toBe(join(dir, 'run-2025-01-02T03-04-05-678Z'));
    mkdirSync(join(dir, 'run-2025-01-02T03-04-05-678Z'));
    expect(evidenceRunDir(dir, now)).toBe(join(dir, 'run-2025-01-02T03-04-05-678Z-2'));
  });
});
