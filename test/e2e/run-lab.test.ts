// The built CLI against a lab with every fault (`--faults mixed`): a dry-run, an apply, and a second apply,
// each judged by CONTRACT.md's fault table, the devices' audit logs and the report schema.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_FQDN, REGION_HOSTS, type AuditEntry } from '../../src/lab/index.js';
import {
  LAB_PASSWORD,
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
  type CliResult,
  type Report,
  type TestLab,
} from './helpers.js';

type Region = keyof typeof REGION_HOSTS;

const FIXABLE = ['no-dns', 'bad-dns', 'connector-disabled', 'zmq-socket'] as const;
const MANUAL = ['egress-blocked', 'tls-intercept', 'bad-fqdn', 'cloud-off'] as const;
const NO_SSH = ['unreachable', 'auth-fail', 'hostkey-changed'] as const;

// What CONTRACT.md's fault table implies per fault, for a dry-run and for an apply (drop is judged apart).
const CHECK_STATUS: Record<string, string> = {
  ...Object.fromEntries(FIXABLE.map((f) => [f, 'pending'])),
  'reboot-hang': 'pending',
  ...Object.fromEntries(MANUAL.map((f) => [f, 'action_required'])),
  ...Object.fromEntries(NO_SSH.map((f) => [f, 'unreachable'])),
  slow: 'ok',
  healthy: 'ok',
};
const APPLY_STATUS: Record<string, string> = {
  ...Object.fromEntries(FIXABLE.map((f) => [f, 'changed'])),
  'reboot-hang': 'failed',
  ...Object.fromEntries(MANUAL.map((f) => [f, 'action_required'])),
  ...Object.fromEntries(NO_SSH.map((f) => [f, 'unreachable'])),
  slow: 'ok',
  healthy: 'ok',
};

describe('firemend run against a lab with every fault', () => {
  let t: TestLab;
  // fault (or "healthy") → device name; with 16 devices `mixed` gives each fault one device and leaves two healthy.
  const byFault = new Map<string, string>();
  const regionOf = new Map<string, Region>();
  // Every file and stream a run produced, for the secret scan at the end.
  const produced: { what: string; text: string }[] = [];
  const keep = (what: string, r: CliResult): void => {
    produced.push({ what: `${what} stdout`, text: r.stdout }, { what: `${what} stderr`, text: r.stderr });
  };
  const keepFile = (what: string, path: string): string => {
    const text = readFileSync(path, 'utf8');
    produced.push({ what, text });
    return text;
  };
  const dev = (fault: string): string => {
    const name = byFault.get(fault);
    if (name === undefined) throw new Error(`no lab device has only the fault ${fault}`);
    return name;
  };

  beforeAll(async () => {
    assertBuilt();
    t = await startTestLab({ devices: 16, faults: 'mixed', seed: 'e2e-mixed' });
    for (const d of t.lab.devices) {
      regionOf.set(d.name, d.region);
      if (d.faults.length === 0) byFault.set('healthy', d.name);
      else if (d.faults.length === 1) byFault.set(d.faults[0] as string, d.name);
    }
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('has one device per fault and at least one healthy device', () => {
    for (const f of [...Object.keys(CHECK_STATUS), 'drop']) expect(byFault.has(f), f).toBe(true);
  });

  it('reports in --check what each fault implies, changes nothing, validates, and exits 2', async () => {
    const reportPath = join(t.dir, 'check.json');
    const planPath = join(t.dir, 'plan.json');
    const r = await runCli(runArgs(t, '--check', '--output', 'line', '--report', reportPath, '--plan-out', planPath));
    keep('check', r);
    keepFile('check report', reportPath);
    keepFile('check plan', planPath);
    expect(r.code, r.stderr).toBe(2);

    const report = readReport(reportPath);
    expect(reportSchemaErrors(report)).toEqual([]);
    expect(report.mode).toBe('check');
    expect(report.interrupted).toBe(false);
    expect(report.exit_code).toBe(2);

    const got = statuses(report);
    const want = Object.fromEntries(Object.entries(CHECK_STATUS).map(([f, s]) => [dev(f), s]));
    expect(Object.fromEntries(Object.keys(want).map((n) => [n, got[n]]))).toEqual(want);
    // drop: the connection comes back for the repeated check, or the host fails with a stable code.
    const drop = hostOf(report, dev('drop'));
    if (drop.status === 'failed') expect(drop.error?.code).toMatch(/^E_[A-Z0-9_]+$/);
    else expect(drop.status).toBe('ok');

    // The unreachable trio is told apart by its error code.
    expect(hostOf(report, dev('unreachable')).error?.code).toBe('E_CONNECT_REFUSED');
    expect(hostOf(report, dev('auth-fail')).error?.code).toBe('E_AUTH');
    expect(hostOf(report, dev('hostkey-changed')).error?.code).toBe('E_HOSTKEY_CHANGED');

    // A pending step says what it would send; nothing was sent anywhere.
    const noDns = hostOf(report, dev('no-dns')).steps.find((s) => s.id === 'dns-configured');
    expect(noDns?.status).toBe('pending');
    expect(noDns?.fix).toMatchObject({ commands: ['configure network dns servers 192.0.2.53,192.0.2.54'], sent: false });
    expect(report.hosts.flatMap((h) => h.steps).filter((s) => s.fix?.sent === true)).toEqual([]);

    const audit = t.audit();
    expect(changingCommands(audit)).toEqual([]);
    // The dry-run did reach every device that accepts a login (the audit is not empty because nothing ran).
    for (const f of [...FIXABLE, ...MANUAL, 'slow', 'healthy']) expect((audit.get(dev(f)) ?? []).length, f).toBeGreaterThan(0);
    for (const f of NO_SSH) expect(audit.get(dev(f)), f).toEqual([]);
  });

  let afterFirstApply: Map<string, AuditEntry[]>;

  it('applies the fixes with the outcome the fault table gives for each fault, naming the remedies', async () => {
    const reportPath = join(t.dir, 'apply.json');
    const junitPath = join(t.dir, 'apply.xml');
    const evidenceDir = join(t.dir, 'evidence');
    const r = await runCli(runArgs(t, '--yes', '--output', 'json', '--report', reportPath, '--junit', junitPath, '--evidence', evidenceDir));
    keep('apply', r);
    // Evidence holds transcripts of sessions in which sudo asked for the password: every file is scanned.
    const evidenceFiles = readdirSync(evidenceDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    expect(evidenceFiles.length).toBeGreaterThan(0);
    for (const f of evidenceFiles) keepFile(`evidence ${join(f.parentPath, f.name)}`, join(f.parentPath, f.name));
    expect(produced.some((p) => p.what.endsWith('transcript.log') && p.text.includes('Password:')), 'a transcript holds a sudo dialogue').toBe(true);
    keepFile('apply report', reportPath);
    const junit = keepFile('apply junit', junitPath);
    expect(r.code, r.stderr).toBe(2);

    const report: Report = readReport(reportPath);
    expect(reportSchemaErrors(report)).toEqual([]);
    expect(report.mode).toBe('apply');
    expect(report.exit_code).toBe(2);

    const got = statuses(report);
    const want = Object.fromEntries(Object.entries(APPLY_STATUS).map(([f, s]) => [dev(f), s]));
    expect(Object.fromEntries(Object.keys(want).map((n) => [n, got[n]]))).toEqual(want);
    const drop = hostOf(report, dev('drop'));
    if (drop.status === 'failed') expect(drop.error?.code).toMatch(/^E_[A-Z0-9_]+$/);
    else expect(['changed', 'ok']).toContain(drop.status);

    // reboot-hang: the reboot was sent and the device never came back.
    const hang = hostOf(report, dev('reboot-hang'));
    expect(hang.error?.code).toBe('E_REBOOT_TIMEOUT');
    expect(hang.steps.find((s) => s.id === 'eventhandler-socket')).toMatchObject({ status: 'failed', error: { code: 'E_REBOOT_TIMEOUT' } });

    // The fixes that ran are the ones the playbook names, sent and verified.
    const stepOf = (fault: string, id: string) => hostOf(report, dev(fault)).steps.find((s) => s.id === id);
    expect(stepOf('no-dns', 'dns-configured')).toMatchObject({ status: 'changed', fix: { sent: true, commands: ['configure network dns servers 192.0.2.53,192.0.2.54'] }, verify: { passed: true } });
    expect(stepOf('bad-dns', 'dns-resolves')).toMatchObject({ status: 'changed', fix: { sent: true }, verify: { passed: true } });
    expect(stepOf('connector-disabled', 'connector-enabled')).toMatchObject({ status: 'changed', fix: { sent: true, commands: ['pmtool enablebyid SSEConnector'] } });
    expect(stepOf('zmq-socket', 'eventhandler-socket')).toMatchObject({
      status: 'changed',
      fix: { sent: true, commands: ['pmtool disablebyid SSEConnector', 'pmtool enablebyid SSEConnector', 'reboot'] },
      verify: { passed: true },
    });

    // Manual remedies name what the operator must do for this device.
    const egress = dev('egress-blocked');
    const egressRemedies = hostOf(report, egress).steps.filter((s) => s.status === 'action_required').map((s) => s.remedy ?? '');
    expect(egressRemedies.length).toBeGreaterThan(0);
    for (const remedy of egressRemedies) {
      expect(remedy).toContain(egress);
      for (const h of REGION_HOSTS[regionOf.get(egress) as Region]) expect(remedy).toContain(h);
    }
    expect(stepOf('tls-intercept', 'tls-path')?.status).toBe('action_required');
    expect(stepOf('tls-intercept', 'tls-path')?.remedy).toContain('CSCvs05084');
    expect(stepOf('bad-fqdn', 'connector-properties')?.status).toBe('action_required');
    expect(stepOf('bad-fqdn', 'connector-properties')?.remedy).toContain(API_FQDN[regionOf.get(dev('bad-fqdn')) as Region]);
    expect(stepOf('cloud-off', 'connector-enrolled')?.status).toBe('action_required');
    expect(stepOf('cloud-off', 'connector-enrolled')?.remedy).toContain('Cloud Services');

    // The JSON lines tell the same story as the report, ending with run_finished and the exit code.
    const events = jsonEvents(r.stdout);
    const finishedHosts = events.filter((e) => e.type === 'host_finished').map((e) => (e.result as { name: string; status: string }));
    expect(Object.fromEntries(finishedHosts.map((h) => [h.name, h.status]))).toEqual(got);
    expect(events.at(-1)).toMatchObject({ type: 'run_finished', exitCode: 2 });

    // JUnit: one suite per host, failures for action_required and failed.
    expect(junit).toContain('<testsuites');
    expect(junit).toContain('CSCvs05084');
    expect(junit).toContain('E_REBOOT_TIMEOUT');

    afterFirstApply = t.audit();
    // Only fixable devices were changed; manual, unreachable, slow and healthy ones got reads only.
    const changedDevices = new Set(changingCommands(afterFirstApply).map((e) => e.device));
    for (const f of [...FIXABLE, 'reboot-hang']) expect(changedDevices.has(dev(f)), f).toBe(true);
    for (const f of [...MANUAL, ...NO_SSH, 'slow', 'healthy']) expect(changedDevices.has(dev(f)), f).toBe(false);
  });

  it('sends no change on a second apply and finds every fixed device ok', async () => {
    expect(afterFirstApply, 'the first apply ran').toBeDefined();
    const reportPath = join(t.dir, 'apply2.json');
    const r = await runCli(runArgs(t, '--yes', '--output', 'line', '--report', reportPath));
    keep('second apply', r);
    keepFile('second apply report', reportPath);
    // action_required devices are still there (exit 2); reboot-hang is now down, so unreachable.
    expect(r.code, r.stderr).toBe(2);
    const report = readReport(reportPath);
    expect(reportSchemaErrors(report)).toEqual([]);

    const got = statuses(report);
    for (const f of [...FIXABLE, 'drop', 'slow', 'healthy']) expect(got[dev(f)], f).toBe('ok');
    for (const f of MANUAL) expect(got[dev(f)], f).toBe('action_required');
    for (const f of [...NO_SSH, 'reboot-hang']) expect(got[dev(f)], f).toBe('unreachable');
    expect(report.hosts.flatMap((h) => h.steps).filter((s) => s.fix?.sent === true)).toEqual([]);

    // The audit logs grew, and only with reads.
    const after = t.audit();
    let grew = 0;
    for (const [name, entries] of after) {
      const before = afterFirstApply.get(name) ?? [];
      expect(entries.slice(0, before.length)).toEqual(before);
      const added = entries.slice(before.length);
      grew += added.length;
      expect(added.filter((e) => e.changes), name).toEqual([]);
    }
    expect(grew).toBeGreaterThan(0);
  });

  it('never puts the lab password in any output, report, plan, JUnit or evidence file', () => {
    expect(produced.length).toBeGreaterThan(11);
    // Sanity: the inventory the runs read does carry it, so its absence elsewhere means redaction worked.
    expect(readFileSync(t.inventory, 'utf8')).toContain(LAB_PASSWORD);
    const leaks = produced.filter((p) => p.text.includes(LAB_PASSWORD)).map((p) => p.what);
    expect(leaks).toEqual([]);
  });
});
