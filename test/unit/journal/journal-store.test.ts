import { appendFileSync, mkdtempSync, readFileSync, readdirSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deviceViews } from '../../../src/journal/device-view.js';
import { findRun, findRunIn, lastRunOf, listRuns, pruneJournals, readJournal, type RunInfo } from '../../../src/journal/journal-store.js';
import { RunJournal, newRunId } from '../../../src/journal/journal-writer.js';
import { createRedactor } from '../../../src/report/redact.js';

const redactor = createRedactor(['s3cret-pw']);
const alive = (pids: number[]) => (s: { pid: number }): boolean => pids.includes(s.pid);

function start(dir: string, pid: number, at = new Date('2026-11-30T23:00:00Z'), rollout = 'r1', hosts = ['d1', 'd2']): RunJournal {
  return RunJournal.create(
    dir,
    { at: at.toISOString(), run_id: newRunId(at, pid), rollout, playbook: 'pb.yml', playbook_sha256: 'a', inventory: 'inv.yml', inventory_sha256: 'b', mode: 'apply', user: 'op', pid, hostname: 'h', hosts, tool_version: '0' },
    redactor,
  );
}

describe('the run journal', () => {
  it('records each action before and after it is sent, redacted, and tells what may be half done', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'journal-'));
    const j = start(dir, 101);
    const dns = { host: 'd1', stepId: 'dns', kind: 'command' as const, command: 'configure password s3cret-pw' };
    await j.sending(dns);
    await j.finished(dns, { ok: true });
    await j.sending({ host: 'd1', stepId: 'sock', kind: 'reboot', command: 'reboot' });
    const text = readFileSync(j.path, 'utf8');
    expect(text).not.toContain('s3cret-pw');
    expect(text).toContain('configure password <redacted>');
    const [d1, d2] = deviceViews(readJournal(j.path), ['d1', 'd2']);
    expect(d1?.sent.map((a) => [a.command, a.outcome?.ok])).toEqual([
      ['configure password <redacted>', true],
      ['reboot', undefined],
    ]);
    expect(d1?.half_done.map((a) => a.kind)).toEqual(['reboot']);
    expect(d1?.last_known).toMatch(/^mid-fix: reboot sent/);
    expect(d2?.last_known).toMatch(/no fix sent/);
    // The writer is gone without an end record: crashed; while it lives: running.
    expect(listRuns(dir, alive([]))[0]?.state).toBe('crashed');
    expect(listRuns(dir, alive([101]))[0]?.state).toBe('running');
    j.end(0, false);
    expect(listRuns(dir, alive([]))[0]).toMatchObject({ state: 'completed', end: { exit_code: 0 } });
  });

  it('reads a journal whose last line was torn by a crash, and calls an ended interrupted run interrupted', () => {
    const dir = mkdtempSync(join(tmpdir(), 'journal-'));
    const j = start(dir, 102);
    j.end(130, true);
    appendFileSync(j.path, '{"type":"fix_sen');
    expect(readJournal(j.path).map((r) => r.type)).toEqual(['run_start', 'run_end']);
    expect(listRuns(dir, alive([]))[0]?.state).toBe('interrupted');
  });

  it('finds the newest run of a rollout as listRuns does, past newer runs of other rollouts and long first records', () => {
    const dir = mkdtempSync(join(tmpdir(), 'journal-'));
    const at = (day: number): Date => new Date(Date.UTC(2026, 10, day));
    expect(lastRunOf(dir, 'r1', alive([]))).toBeUndefined();
    start(dir, 401, at(1), 'r1').end(0, false);
    const crashed = start(dir, 402, at(2), 'r1');
    // Newer runs of another rollout, one whose run_start (10,000 hosts) is far longer than one read.
    start(dir, 403, at(3), 'r2').end(0, false);
    start(dir, 404, at(4), 'r2', Array.from({ length: 10_000 }, (_, i) => `ftd-${i}`)).end(2, false);
    const found = lastRunOf(dir, 'r1', alive([]));
    expect(found).toEqual(listRuns(dir, alive([])).find((r) => r.start?.rollout === 'r1'));
    expect(found).toMatchObject({ path: crashed.path, state: 'crashed' });
    expect(lastRunOf(dir, 'r2', alive([]))).toMatchObject({ state: 'completed', end: { exit_code: 2 } });
    expect(lastRunOf(dir, 'r3', alive([]))).toBeUndefined();
  });

  it('prunes journals beyond the count and older than the age, never a running one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'journal-'));
    for (let i = 0; i < 5; i++) start(dir, 200 + i, new Date(Date.UTC(2026, 10, 1 + i))).end(0, false);
    const runningOld = start(dir, 300, new Date(Date.UTC(2026, 9, 1)));
    const old = new Date(Date.UTC(2026, 0, 1));
    utimesSync(runningOld.path, old, old);
    const removed = pruneJournals(dir, { keep: 3, maxAgeMs: 86_400_000, now: Date.now(), isAlive: alive([300]) });
    expect(removed).toHaveLength(2);
    const left = readdirSync(dir).sort();
    expect(left).toHaveLength(4);
    expect(left).toContain(`${newRunId(new Date(Date.UTC(2026, 9, 1)), 300)}.jsonl`);
    const runs = listRuns(dir, alive([300]));
    expect(findRun(runs, 'last')?.id).toBe(newRunId(new Date(Date.UTC(2026, 10, 5)), 204));
    expect(() => findRun(runs, '2026')).toThrow(/names 4 runs/);
  });

  it('lists the newest runs as the full list has them, and finds one run by id, prefix or last as findRun does', () => {
    const dir = mkdtempSync(join(tmpdir(), 'journal-'));
    const at = (d: number): Date => new Date(Date.UTC(2026, 10, d));
    for (let i = 1; i <= 6; i++) start(dir, 500 + i, at(i), 'r').end(i, false);
    const all = listRuns(dir, alive([]));
    expect(listRuns(dir, alive([]), 2)).toEqual(all.slice(0, 2));
    expect(listRuns(dir, alive([]), 100)).toEqual(all);
    expect(findRunIn(dir, 'last', alive([]))).toEqual({ run: all[0], runs: 6 });
    expect(findRunIn(dir, (all[1] as RunInfo).id.slice(0, -2), alive([])).run).toEqual(all[1]);
    expect(() => findRunIn(dir, '2026', alive([]))).toThrow(/names 6 runs/);
    expect(findRunIn(dir, 'nope', alive([]))).toEqual({ runs: 6 });
    expect(findRunIn(mkdtempSync(join(tmpdir(), 'journal-')), 'last', alive([]))).toEqual({ runs: 0 });
  });
});
