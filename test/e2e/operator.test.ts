// What an operator meets around a run of the built CLI: bad inputs (exit 1, nothing contacted), SIGTERM in the
// middle of an apply (exit 130, interrupted report, no device left in expert/root), and the run lock (exit 75).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/lab/index.js';
import {
  LAB_PASSWORD,
  PLAYBOOK,
  assertBuilt,
  changingCommands,
  jsonEvents,
  modeLeftIn,
  readReport,
  reportSchemaErrors,
  runArgs,
  runCli,
  spawnCli,
  startTestLab,
  type TestLab,
} from './helpers.js';

beforeAll(() => assertBuilt());

const totalCommands = (audit: Map<string, AuditEntry[]>): number => [...audit.values()].reduce((n, e) => n + e.length, 0);

describe('bad inputs', () => {
  let t: TestLab;
  let loginsAtStart: number[];
  const logins = (): number[] => t.lab.devices.map((d) => t.lab.device(d.name).state.loginCount);
  beforeAll(async () => {
    t = await startTestLab({ devices: 3 });
    loginsAtStart = logins();
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('exits 1 for an invalid playbook, naming the problem, and contacts no device', async () => {
    const playbook = join(t.dir, 'invalid.yml');
    writeFileSync(playbook, `- name: broken\n  hosts: ftd\n  steps:\n    - id: a\n      name: no check here\n      mode: clish\n      retries: many\n`);
    const reportPath = join(t.dir, 'invalid-report.json');
    const r = await runCli(['run', playbook, '-i', t.inventory, '--known-hosts', t.knownHosts, '--yes', '--report', reportPath, '--output', 'line']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("invalid.yml:7:16: 'retries' must be an integer");
    expect(r.stdout).toBe('');
    expect(totalCommands(t.audit())).toBe(0);
    expect(logins()).toEqual(loginsAtStart);
  });

  it('exits 1 when --limit matches no host, and contacts no device', async () => {
    const r = await runCli(runArgs(t, '--yes', '--limit', 'no-such-host*', '--output', 'line'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no host/i);
    expect(r.stdout).toBe('');
    expect(totalCommands(t.audit())).toBe(0);
    expect(logins()).toEqual(loginsAtStart);
  });

  it('exits 1 for a missing inventory, and contacts no device', async () => {
    const r = await runCli(['run', PLAYBOOK, '-i', join(t.dir, 'missing.yml'), '--yes', '--output', 'line']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('missing.yml');
    expect(totalCommands(t.audit())).toBe(0);
  });

  it('exits 1 for an apply without --yes and without a terminal, sending nothing', async () => {
    const r = await runCli(runArgs(t, '--output', 'line'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--yes/);
    expect(totalCommands(t.audit())).toBe(0);
    for (const o of [r.stdout, r.stderr]) expect(o).not.toContain(LAB_PASSWORD);
  });
});

describe('SIGTERM in the middle of an apply', () => {
  let t: TestLab;
  beforeAll(async () => {
    t = await startTestLab({ devices: 4, faults: 'zmq-socket=2' });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('exits 130 with an interrupted, valid report, and leaves no device in expert or root', async () => {
    const rebooting = new Set(t.withFault('zmq-socket'));
    const reportPath = join(t.dir, 'report.json');
    const run = spawnCli(runArgs(t, '--yes', '--forks', '1', '--output', 'json', '--report', reportPath));
    // Wait until a device that needs a reboot is in the middle of its fix, then ask the run to stop.
    const ev = await run.waitForEvent((e) => e.type === 'step_progress' && rebooting.has(e.host as string) && String(e.message).startsWith('rebooting'));
    expect(run.child.kill('SIGTERM')).toBe(true);
    const r = await run.done;
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toContain('SIGTERM');

    const report = readReport(reportPath);
    expect(reportSchemaErrors(report)).toEqual([]);
    expect(report.interrupted).toBe(true);
    expect(report.exit_code).toBe(130);
    // With one fork, the hosts after the interrupted one never started.
    const interruptedHost = ev.host as string;
    const order = report.hosts.map((h) => h.name);
    const started = new Set(jsonEvents(r.stdout).filter((e) => e.type === 'host_started').map((e) => e.host as string));
    expect(started.has(interruptedHost)).toBe(true);
    // The in-flight step finished safely: the device came back and the fix was verified; later steps did not start.
    const steps = report.hosts.find((h) => h.name === interruptedHost)?.steps ?? [];
    expect(steps.find((s) => s.id === 'eventhandler-socket')).toMatchObject({ status: 'changed', fix: { sent: true }, verify: { passed: true } });
    expect(steps.find((s) => s.id === 'connector-enrolled')?.status).toBe('skipped');
    for (const h of report.hosts) {
      if (!started.has(h.name)) {
        expect(h.status, h.name).toBe('skipped');
        expect(h.reason, h.name).toMatch(/interrupt/i);
      }
    }
    expect(order.length).toBe(4);

    // Every session that went to expert/root came back down to CLISH before the connection closed.
    const audit = t.audit();
    expect((audit.get(interruptedHost) ?? []).some((e) => e.mode === 'root')).toBe(true);
    const left = Object.fromEntries([...audit].map(([name, entries]) => [name, modeLeftIn(entries)]));
    expect(left).toEqual(Object.fromEntries(t.lab.devices.map((d) => [d.name, 'clish'])));
    expect(r.stdout + r.stderr).not.toContain(LAB_PASSWORD);
  });
});

describe('two runs with the same --lock file', () => {
  let t: TestLab;
  beforeAll(async () => {
    t = await startTestLab({ devices: 2 });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('lets exactly one run and turns the other away with exit 75 before it contacts anything', async () => {
    const lock = join(t.dir, 'rollout.lock');
    const first = spawnCli(runArgs(t, '--yes', '--output', 'json', '--lock', lock, '--report', join(t.dir, 'first.json')));
    // Once a host has started, the first run holds the lock; freeze it there so the overlap is certain.
    await first.waitForEvent((e) => e.type === 'host_started');
    expect(first.child.kill('SIGSTOP')).toBe(true);
    let second;
    try {
      const logins = t.lab.devices.map((d) => t.lab.device(d.name).state.loginCount);
      second = await runCli(runArgs(t, '--yes', '--output', 'json', '--lock', lock, '--report', join(t.dir, 'second.json')));
      // The second run logged in nowhere (the frozen first one cannot log in either).
      expect(t.lab.devices.map((d) => t.lab.device(d.name).state.loginCount)).toEqual(logins);
    } finally {
      first.child.kill('SIGCONT');
    }
    expect(second.code, second.stderr).toBe(75);
    expect(second.stdout).toBe('');
    expect(second.stderr).toMatch(/lock/i);
    const done = await first.done;
    expect(done.code, done.stderr).toBe(0);
    expect(readReport(join(t.dir, 'first.json')).summary).toMatchObject({ hosts: 2, ok: 2 });
    expect(changingCommands(t.audit())).toEqual([]);
  });
});
