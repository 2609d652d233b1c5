// A nightly job must not be locked out for ever by a lock whose holder is gone: the built CLI against a lab,
// with lock files as a reboot or a container restart leaves them.
import { readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { procStartTicks } from '../../src/cli/lock.js';
import { assertBuilt, runArgs, runCli, startTestLab, type TestLab } from './helpers.js';

describe('a lock left behind', () => {
  let t: TestLab;
  beforeAll(async () => {
    assertBuilt();
    t = await startTestLab({ devices: 1 });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('whose pid is now another live process is taken over with a warning, and the run goes ahead', async () => {
    const lock = join(t.dir, 'nightly.lock');
    // This very test process is alive, but it is not the process that took the lock: that one started at another time.
    const reused = { pid: process.pid, hostname: hostname(), started: '2025-01-01T00:00:00.000Z', pid_start: String(Number(procStartTicks(process.pid)) + 1) };
    writeFileSync(lock, JSON.stringify(reused));
    const r = await runCli(runArgs(t, '--check', '--lock', lock));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`warning: took over a stale lock ${lock}.*pid ${process.pid} is now another process`));
    expect(r.stdout).toMatch(/DONE check/);
    expect(t.audit().get(t.lab.devices[0]!.name)?.length).toBeGreaterThan(0);
  });

  it('that is empty is taken over too', async () => {
    const lock = join(t.dir, 'empty.lock');
    writeFileSync(lock, '');
    const r = await runCli(runArgs(t, '--check', '--lock', lock));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('it was empty');
  });

  it('is still respected while its holder really runs: exit 75, nothing contacted', async () => {
    const lock = join(t.dir, 'held.lock');
    const before = t.audit().get(t.lab.devices[0]!.name)?.length;
    writeFileSync(lock, JSON.stringify({ pid: process.pid, hostname: hostname(), started: new Date().toISOString(), pid_start: procStartTicks(process.pid), boot_id: readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() }));
    const r = await runCli(runArgs(t, '--check', '--lock', lock));
    expect(r.code, r.stderr).toBe(75);
    expect(t.audit().get(t.lab.devices[0]!.name)?.length).toBe(before);
  });
});
