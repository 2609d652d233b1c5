// The built CLI rolling reboots out over HA pairs: a lab of 3 pairs with the zmq-socket fault (fixed by a
// reboot) on both units of every pair. With 20 forks and no `serial`, the engine must still keep the units of
// a pair in different batches, so no pair ever has both units down (the lab records any such outage).
import { join } from 'node:path';
import type { AuditEntry } from '../../src/lab/index.js';
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

// `firemend lab --devices 4 --ha-pairs 2` with the zmq-socket fault (fixed by a reboot) on both units of the
// first pair, ftd-001 (Primary, Active) and ftd-002 (Secondary, Standby Ready).
describe('HA-aware reboots on a lab of 4 devices in 2 pairs', () => {
  const confirmed = (e: AuditEntry): boolean => e.mode === 'clish' && e.command.trim() === 'YES' && e.changes;
  const haRun = async (lab: TestLab, ...extra: string[]): Promise<{ report: Report; stdout: string; stderr: string; code: number | null }> => {
    const reportPath = join(lab.dir, 'report.json');
    const r = await runCli(['run', 'playbooks/cloud-config-failure.yml', '-i', lab.inventory, '--known-hosts', lab.knownHosts, '-e', 'reboot_timeout=30', '--yes', '--report', reportPath, ...extra]);
    return { report: readReport(reportPath), stdout: r.stdout, stderr: r.stderr, code: r.code };
  };

  it('plans the Standby reboot first in --check', async () => {
    assertBuilt();
    t = await startTestLab({ devices: 4, haPairs: 2, faults: 'zmq-socket=@ftd-001,ftd-002', seed: 'e2e-ha2' });
    const r = await runCli(['run', 'playbooks/cloud-config-failure.yml', '-i', t.inventory, '--known-hosts', t.knownHosts, '-e', 'reboot_timeout=30', '--check']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('reboots ftd-002 (standby) first, then ftd-001 once ftd-002 is Standby Ready');
    expect(t.audit().get('ftd-001')?.some(confirmed)).toBe(false);
  });

  it('reboots the Standby unit first and the Active one only once its mate is back Standby Ready: no traffic down', async () => {
    assertBuilt();
    t = await startTestLab({ devices: 4, haPairs: 2, faults: 'zmq-socket=@ftd-001,ftd-002', seed: 'e2e-ha2' });
    const { report, code } = await haRun(t);
    expect(reportSchemaErrors(report)).toEqual([]);
    expect(statuses(report)).toEqual({ 'ftd-001': 'changed', 'ftd-002': 'changed', 'ftd-003': 'ok', 'ftd-004': 'ok' });
    expect(code).toBe(0);
    const audit = t.audit();
    const a1 = audit.get('ftd-001') ?? [];
    const a2 = audit.get('ftd-002') ?? [];
    const reboot1 = a1.findIndex(confirmed);
    const reboot2 = a2.findIndex(confirmed);
    expect(reboot1).toBeGreaterThan(-1);
    expect(reboot2).toBeGreaterThan(-1);
    // ftd-002 came back (its first command after the reboot) before ftd-001 last read show failover and rebooted.
    const back2 = a2[reboot2 + 1];
    expect(back2, 'ftd-002 was logged into again after its reboot').toBeDefined();
    const lastRead1 = a1.slice(0, reboot1).findLastIndex((e) => e.command.trim() === 'show failover');
    expect(lastRead1).toBeGreaterThan(-1);
    expect(Date.parse(a2[reboot2]!.time)).toBeLessThan(Date.parse(a1[reboot1]!.time));
    expect(Date.parse(back2!.time)).toBeLessThanOrEqual(Date.parse(a1[lastRead1]!.time));
    expect(t.lab.pairOutages()).toEqual([]);
    expect([...a1, ...a2].some((e) => (e as unknown as { event?: string }).event === 'ha-traffic-down')).toBe(false);
  });

  it('never sends the second reboot when the mate never gets back to Standby Ready', async () => {
    assertBuilt();
    t = await startTestLab({ devices: 4, haPairs: 2, faults: 'zmq-socket=@ftd-001,ftd-002,ha-never-ready=@ftd-002', seed: 'e2e-ha2' });
    const { report, code } = await haRun(t, '-e', 'ha_ready_timeout=3');
    expect(reportSchemaErrors(report)).toEqual([]);
    expect(hostOf(report, 'ftd-002').status).toBe('changed');
    const h1 = hostOf(report, 'ftd-001');
    expect(h1.status).toBe('failed');
    expect(h1.error?.code).toBe('E_HA_PEER_NOT_READY');
    expect(h1.error?.message).toMatch(/ftd-002 is App Sync .*still after 3s \(ha_ready_timeout\): reboot not sent/);
    expect(code).toBe(2);
    expect(t.audit().get('ftd-001')?.some(confirmed)).toBe(false);
    expect(t.audit().get('ftd-002')?.filter(confirmed)).toHaveLength(1);
    expect(t.lab.pairOutages()).toEqual([]);
  });

  it('does not reboot the Active unit while its mate is already Failed', async () => {
    assertBuilt();
    t = await startTestLab({ devices: 4, haPairs: 2, faults: 'zmq-socket=@ftd-001,ha-failed=@ftd-002', seed: 'e2e-ha2' });
    const { report } = await haRun(t);
    const h1 = hostOf(report, 'ftd-001');
    expect(h1.status).toBe('failed');
    expect(h1.error?.code).toBe('E_HA_PEER_NOT_READY');
    expect(h1.error?.message).toMatch(/ftd-002 is Failed \(ftd-001 is Active\): reboot not sent/);
    expect(hostOf(report, 'ftd-001').steps.find((s) => s.id === 'eventhandler-socket')?.fix?.sent).toBe(false);
    expect(t.audit().get('ftd-001')?.some((e) => e.changes)).toBe(false);
    expect(t.lab.pairOutages()).toEqual([]);
  });
});
