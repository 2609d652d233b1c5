// Plan at noon, someone fixes the device by hand, apply at 02:00: a device whose DNS was set by hand between the
// plan and the apply passes every check at apply time, so it ends `ok` with nothing sent, even for the checks the
// plan could not judge (they only re-ran after the planned DNS fix).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKING_RESOLVERS } from '../../src/lab/index.js';
import type { PlanFile } from '../../src/plan/model.js';
import { PLAYBOOK, assertBuilt, hostOf, readReport, reportSchemaErrors, runCli, startTestLab, tempDir, type TestLab } from './helpers.js';
import { readFileSync } from 'node:fs';

let t: TestLab;
const env = { XDG_STATE_HOME: tempDir('plan-healed-state') };

beforeAll(async () => {
  assertBuilt();
  t = await startTestLab({ devices: 3, faults: 'no-dns=@ftd-001,bad-dns=@ftd-002', seed: 'plan-healed' });
}, 60_000);
afterAll(async () => {
  await t?.stop();
});

describe('applying a plan to a device healed by hand', () => {
  it('ends ok with nothing sent', async () => {
    const healed = ['ftd-001', 'ftd-002'];
    const planPath = join(t.dir, 'plan.json');
    const made = await runCli(['run', PLAYBOOK, '-i', t.inventory, '--known-hosts', t.knownHosts, '--check', '--plan-out', planPath, '-e', 'reboot_timeout=30'], env);
    expect(made.code, made.stderr).toBe(0);
    const plan = JSON.parse(readFileSync(planPath, 'utf8')) as PlanFile;
    for (const name of healed) {
      const planned = plan.hosts.find((h) => h.name === name)?.plays[0]?.steps ?? [];
      // The cloud checks could only be judged after the planned DNS fix: the plan holds them as waiting on it.
      expect(planned.filter((s) => s.status === 'pending' && s.after_fix_of !== undefined).map((s) => s.id), name).toContain('cloud-reachable[0]');
    }

    const marks = new Map(healed.map((n) => [n, t.lab.device(n).audit.length]));
    for (const name of healed) t.lab.device(name).setDnsServers([...WORKING_RESOLVERS]);
    const reportPath = join(t.dir, 'apply.json');
    const r = await runCli(['apply', planPath, '--known-hosts', t.knownHosts, '--yes', '--report', reportPath], env);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const report = readReport(reportPath);
    expect(reportSchemaErrors(report)).toEqual([]);
    for (const name of healed) {
      const host = hostOf(report, name);
      expect(host.reason, name).toBeUndefined();
      expect(host.status, name).toBe('ok');
      expect(host.steps.every((s) => s.status === 'ok')).toBe(true);
      expect(t.lab.device(name).audit.slice(marks.get(name)).filter((e) => e.changes), `${name} got a changing command`).toEqual([]);
    }
  }, 90_000);
});
