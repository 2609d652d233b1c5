// The built CLI rolling reboots out over HA pairs: a lab of 3 pairs with the zmq-socket fault (fixed by a
// reboot) on both units of every pair. With 20 forks and no `serial`, the engine must still keep the units of
// a pair in different batches, so no pair ever has both units down (the lab records any such outage).
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  assertBuilt,
  hostOf,
  jsonEvents,
  readReport,
  reportSchemaErrors,
  runCli,
  startTestLab,
  statuses,
  type Report,
  type TestLab,
} from './helpers.js';

const PAIRS: [string, string][] = [
  ['ftd-001', 'ftd-002'],
  ['ftd-003', 'ftd-004'],
  ['ftd-005', 'ftd-006'],
];
const UNITS = PAIRS.flat();

let t: TestLab | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

async function haLab(): Promise<TestLab> {
  assertBuilt();
  return startTestLab({ devices: 6, haPairs: 3, faults: `zmq-socket=@${UNITS.join(',')}`, seed: 'e2e-ha' });
}

async function rollout(lab: TestLab, playbook: string): Promise<{ report: Report; batches: string[][]; code: number | null }> {
  const reportPath = join(lab.dir, 'report.json');
  const r = await runCli([
    'run',
    playbook,
    '-i',
    lab.inventory,
    '--known-hosts',
    lab.knownHosts,
    '-e',
    'reboot_timeout=30',
    '-f',
    '20',
    '--yes',
    '--output',
    'json',
    '--report',
    reportPath,
  ]);
  const batches = jsonEvents(r.stdout)
    .filter((e) => e['type'] === 'batch_started')
    .map((e) => e['hosts'] as string[]);
  return { report: readReport(reportPath), batches, code: r.code };
}

// Both units of every pair rebooted (their audit logs hold a confirmed reboot), and never both at once.
function expectPairsRebootedOneAtATime(lab: TestLab): void {
  const audit = lab.audit();
  for (const name of UNITS) {
    const entries = audit.get(name) ?? [];
    expect(entries.filter((e) => e.mode === 'clish' && /^yes$/i.test(e.command.trim()) && e.changes), `${name} rebooted once`).toHaveLength(1);
    expect(entries.some((e) => (e as unknown as { event?: string }).event === 'ha-traffic-down'), `${name} audit has no traffic-down`).toBe(false);
  }
  expect(lab.lab.pairOutages()).toEqual([]);
}

function expectPeersApart(batches: string[][]): void {
  expect(batches.flat().sort()).toEqual([...UNITS].sort());
  for (const batch of batches) {
    for (const [a, b] of PAIRS) expect(batch.includes(a) && batch.includes(b), `${a} and ${b} share the batch ${batch.join(',')}`).toBe(false);
  }
}

describe('a rollout over HA pairs', () => {
  it('fixes every unit with cloud-config-failure.yml at 20 forks and no serial, never taking both units of a pair down', async () => {
    t = await haLab();
    const { report, batches, code } = await rollout(t, 'playbooks/cloud-config-failure.yml');
    expect(reportSchemaErrors(report)).toEqual([]);
    expect(statuses(report)).toEqual(Object.fromEntries(UNITS.map((n) => [n, 'changed'])));
    expect(code).toBe(0);
    // The play has no serial: the only thing splitting the fleet is the ha_peer rule.
    expect(batches).toHaveLength(2);
    expectPeersApart(batches);
    expectPairsRebootedOneAtATime(t);
    for (const name of UNITS) expect(t.lab.device(name).socketConnected()).toBe(true);
  });

  it('fixes every unit with sse-connector-restart.yml, whose HA checks read the lab show failover', async () => {
    t = await haLab();
    const { report, batches, code } = await rollout(t, 'playbooks/sse-connector-restart.yml');
    expect(reportSchemaErrors(report)).toEqual([]);
    expect(code).toBe(0);
    expect(statuses(report)).toEqual(Object.fromEntries(UNITS.map((n) => [n, 'changed'])));
    // serial: 1 in the playbook.
    expect(batches).toEqual(batches.map((b) => [b[0]]));
    expectPeersApart(batches);
    expectPairsRebootedOneAtATime(t);
    for (const name of UNITS) {
      const host = hostOf(report, name);
      const peerReady = host.steps.find((s) => s.id === 'ha-peer-ready');
      const rejoined = host.steps.find((s) => s.id === 'ha-rejoined');
      expect(peerReady?.status, `${name} ha-peer-ready`).toBe('ok');
      expect(peerReady?.check?.output).toMatch(/Failover On/);
      expect(peerReady?.check?.output).toMatch(/Other host: (Primary|Secondary) - (Active|Standby Ready)/);
      expect(rejoined?.status, `${name} ha-rejoined`).toBe('ok');
      expect(rejoined?.check?.output).toMatch(/This host: (Primary|Secondary) - (Active|Standby Ready)/);
    }
  });
});
