// Fleet-level policies of the built CLI against small labs: max_fail_percentage stops the rollout (exit 8),
// a fleet that cannot be reached exits 4, and --check --detailed-exitcode tells pending changes (exit 3).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFaultSpec } from '../../src/lab/index.js';
import {
  assertBuilt,
  changingCommands,
  hostOf,
  jsonEvents,
  readReport,
  reportSchemaErrors,
  runArgs,
  runCli,
  startTestLab,
  statuses,
  type TestLab,
} from './helpers.js';

beforeAll(() => assertBuilt());

// A small playbook: read the version in batches of two, stop at the first failed or unreachable host.
const BATCHED_PLAYBOOK = `- name: Read the version in batches
  hosts: ftd
  serial: 2
  max_fail_percentage: 0
  steps:
    - id: version
      name: The device reports its model
      mode: clish
      check:
        command: show version
        expect:
          contains: "Model"
`;

// The first seed that puts the one auth-fail device on ftd-001, which the lab inventory lists first.
function seedWithAuthFailFirst(devices: number): string {
  for (let i = 0; i < 1000; i++) {
    const seed = `e2e-${i}`;
    if (parseFaultSpec('auth-fail=1', devices, seed).get('ftd-001')?.includes('auth-fail')) return seed;
  }
  throw new Error('no seed puts auth-fail on ftd-001');
}

describe('max_fail_percentage crossed in a batch', () => {
  let t: TestLab;
  beforeAll(async () => {
    t = await startTestLab({ devices: 6, faults: 'auth-fail=1', seed: seedWithAuthFailFirst(6) });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('stops the rollout with exit 8 and skips every later host without contacting it', async () => {
    const playbook = join(t.dir, 'batched.yml');
    writeFileSync(playbook, BATCHED_PLAYBOOK);
    const reportPath = join(t.dir, 'report.json');
    const loginsBefore = new Map(t.lab.devices.map((d) => [d.name, t.lab.device(d.name).state.loginCount]));
    const r = await runCli(['run', playbook, '-i', t.inventory, '--known-hosts', t.knownHosts, '--yes', '--output', 'json', '--report', reportPath]);
    expect(r.code, r.stderr).toBe(8);

    const events = jsonEvents(r.stdout);
    const batches = events.filter((e) => e.type === 'batch_started');
    expect(batches).toHaveLength(1);
    const first = (batches[0] as { hosts: string[]; batches: number }).hosts;
    expect((batches[0] as { batches: number }).batches).toBe(3);
    expect(first).toContain('ftd-001');
    expect(first).toHaveLength(2);
    expect(events.some((e) => e.type === 'rollout_stopped')).toBe(true);

    const report = readReport(reportPath);
    expect(reportSchemaErrors(report)).toEqual([]);
    expect(report.exit_code).toBe(8);
    expect(report.stopped_early).toMatch(/max_fail_percentage/);
    const got = statuses(report);
    expect(got['ftd-001']).toBe('unreachable');
    expect(hostOf(report, 'ftd-001').error?.code).toBe('E_AUTH');
    const other = first.find((n) => n !== 'ftd-001') as string;
    expect(got[other]).toBe('ok');

    const rest = t.lab.devices.map((d) => d.name).filter((n) => !first.includes(n));
    expect(rest).toHaveLength(4);
    const audit = t.audit();
    for (const name of rest) {
      expect(got[name], name).toBe('skipped');
      expect(hostOf(report, name).reason, name).toBeTruthy();
      expect(audit.get(name), name).toEqual([]);
      expect(t.lab.device(name).state.loginCount, name).toBe(loginsBefore.get(name));
    }
    expect(audit.get(other)?.map((e) => e.command)).toContain('show version');
  });
});

describe('a fleet of only unreachable devices', () => {
  let t: TestLab;
  beforeAll(async () => {
    t = await startTestLab({ devices: 2, faults: 'unreachable=2' });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('exits 4 with every host unreachable and its connect error', async () => {
    const reportPath = join(t.dir, 'report.json');
    const r = await runCli(runArgs(t, '--yes', '--output', 'line', '--report', reportPath));
    expect(r.code, r.stderr).toBe(4);
    const report = readReport(reportPath);
    expect(reportSchemaErrors(report)).toEqual([]);
    expect(report.exit_code).toBe(4);
    expect(report.summary).toMatchObject({ hosts: 2, unreachable: 2, failed: 0 });
    for (const h of report.hosts) {
      expect(h.status).toBe('unreachable');
      expect(h.error?.code).toBe('E_CONNECT_REFUSED');
      expect(h.steps).toEqual([]);
    }
    // The line output names each host and the code, one line per event.
    expect(r.stdout).toMatch(/ftd-001: UNREACHABLE .*E_CONNECT_REFUSED/);
    expect(r.stdout).toMatch(/ftd-002: UNREACHABLE .*E_CONNECT_REFUSED/);
  });
});

describe('--check --detailed-exitcode on a fleet with only fixable faults', () => {
  let t: TestLab;
  beforeAll(async () => {
    t = await startTestLab({ devices: 4, faults: 'no-dns=1,bad-dns=1,connector-disabled=1,zmq-socket=1' });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('exits 3 with every host pending and nothing sent', async () => {
    const reportPath = join(t.dir, 'report.json');
    const r = await runCli(runArgs(t, '--check', '--detailed-exitcode', '--output', 'json', '--report', reportPath));
    expect(r.code, r.stderr).toBe(3);
    const report = readReport(reportPath);
    expect(reportSchemaErrors(report)).toEqual([]);
    expect(report.exit_code).toBe(3);
    expect(Object.values(statuses(report))).toEqual(['pending', 'pending', 'pending', 'pending']);
    expect(changingCommands(t.audit())).toEqual([]);
  });

  it('exits 0 for the same dry-run without --detailed-exitcode', async () => {
    const r = await runCli(runArgs(t, '--check', '--output', 'line'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('pending=4');
    expect(changingCommands(t.audit())).toEqual([]);
  });
});
