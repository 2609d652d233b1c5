// playbooks/fmc-cloud-config.yml through the built CLI against the lab FMC, one lab per case: every FMC fault in
// --check sends nothing but GETs and logins (the lab's audit) with the outcomes of the README table; applied with
// fmc_cloud_events_fix it sends exactly one PUT with the object as read and the wanted flag, and the re-run is ok
// with nothing sent; 429 bursts and token expiry change no outcome; a wrong password is unreachable E_AUTH and an
// untrusted certificate E_TLS_CERT.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { LAB_FMC_HOST } from '../../src/lab/index.js';
import { assertBuilt, hostOf, readReport, reportSchemaErrors, runCli, type Report, type ReportHost } from './helpers.js';
import { FMC_PLAYBOOK, fmcWrites, startFmcTestLab, type FmcTestLab } from './fmc-helpers.js';

const STEPS = ['fmc-smart-licence', 'fmc-cloud-events', 'fmc-cloud-region', 'fmc-device-health'] as const;

let t: FmcTestLab | undefined;
beforeAll(() => assertBuilt());
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

/** Run the FMC playbook against the lab's FMC host; the report and the host's step statuses. */
async function runFmc(lab: FmcTestLab, name: string, ...extra: string[]): Promise<{ code: number | null; report: Report; host: ReportHost; steps: Record<string, string>; out: string }> {
  const reportFile = join(lab.dir, `${name}.json`);
  const r = await runCli(['run', FMC_PLAYBOOK, '-i', lab.inventory, '--report', reportFile, '--output', 'line', ...extra]);
  const report = readReport(reportFile);
  expect(reportSchemaErrors(report)).toEqual([]);
  const host = hostOf(report, LAB_FMC_HOST);
  return { code: r.code, report, host, steps: Object.fromEntries(host.steps.map((s) => [s.id, s.status])), out: r.stdout + r.stderr };
}

const step = (host: ReportHost, id: string): NonNullable<ReportHost['steps'][number]> => {
  const s = host.steps.find((x) => x.id === id);
  if (s === undefined) throw new Error(`no step ${id}`);
  return s;
};

const allOk = Object.fromEntries(STEPS.map((s) => [s, 'ok']));

describe('fmc-cloud-config.yml --check against each FMC fault', () => {
  it('is ok on a healthy FMC, and validates against the lab inventory', async () => {
    t = await startFmcTestLab({ devices: 3 });
    const v = await runCli(['validate', FMC_PLAYBOOK, '-i', t.inventory]);
    expect(v.code, v.stdout + v.stderr).toBe(0);
    const r = await runFmc(t, 'healthy', '--check');
    expect(r.code, r.out).toBe(0);
    expect(r.steps).toEqual(allOk);
    expect(fmcWrites(t.fmcAudit())).toEqual([]);
  });

  const cases: { fault: string; expect: Record<string, string>; remedy?: [string, RegExp] }[] = [
    { fault: 'fmc-eval-licence', expect: { ...allOk, 'fmc-smart-licence': 'action_required' }, remedy: ['fmc-smart-licence', /is EVALUATION, not REGISTERED.*System > Licenses > Smart Licenses/s] },
    { fault: 'fmc-cloud-events-off', expect: { ...allOk, 'fmc-cloud-events': 'action_required' }, remedy: ['fmc-cloud-events', /System > Integration > Cloud Services/] },
    { fault: 'fmc-region-mismatch', expect: { ...allOk, 'fmc-cloud-region': 'action_required' }, remedy: ['fmc-cloud-region', /is EU Region \(eu\), but its devices are meant for us/] },
    { fault: 'fmc-old-version', expect: { ...allOk, 'fmc-smart-licence': 'action_required' }, remedy: ['fmc-smart-licence', /runs FMC 6\.6\.0 \(build 90\), older than 7\.2.*System > Licenses > Smart Licenses/s] },
    { fault: 'fmc-rate-limit', expect: allOk },
    { fault: 'fmc-token-expiry', expect: allOk },
  ];
  for (const c of cases) {
    it(`${c.fault}: ${Object.entries(c.expect).filter(([, v]) => v !== 'ok').map(([k, v]) => `${k} ${v}`).join(', ') || 'every step ok'}, nothing but GETs sent`, async () => {
      t = await startFmcTestLab({ devices: 3, faults: c.fault });
      const r = await runFmc(t, c.fault, '--check');
      expect(r.steps, r.out).toEqual(c.expect);
      expect(r.code).toBe(Object.values(c.expect).includes('action_required') ? 2 : 0);
      if (c.remedy) expect(step(r.host, c.remedy[0]).remedy).toMatch(c.remedy[1]);
      const audit = t.fmcAudit();
      expect(fmcWrites(audit)).toEqual([]);
      if (c.fault === 'fmc-rate-limit') expect(audit.filter((e) => e.status === 429).length).toBeGreaterThan(0);
      if (c.fault === 'fmc-token-expiry') {
        expect(audit.filter((e) => e.status === 401).length).toBeGreaterThan(0);
        expect(audit.some((e) => e.path.endsWith('/auth/refreshtoken') && e.status === 204)).toBe(true);
      }
      if (c.fault === 'fmc-old-version') expect(audit.some((e) => e.path.endsWith('/license/smartlicenses'))).toBe(false);
    });
  }

  it('lists every managed device that is not green, with its message, in one remedy', async () => {
    t = await startFmcTestLab({ devices: 6, faults: 'no-dns=@ftd-002,egress-blocked=@ftd-004,unreachable=@ftd-006' });
    const r = await runFmc(t, 'health', '--check');
    expect(r.steps).toEqual({ ...allOk, 'fmc-device-health': 'action_required' });
    const remedy = step(r.host, 'fmc-device-health').remedy ?? '';
    expect(remedy).toMatch(/^3 of the 6 devices lab-fmc manages are not green: /);
    expect(remedy).toContain('ftd-002 (yellow): Threat Data Updates on Devices: Cisco Cloud Configuration - Failure');
    expect(remedy).toContain('ftd-004 (yellow): Threat Data Updates on Devices: Cisco Cloud Configuration - Failure');
    expect(remedy).toContain('ftd-006 (red): Appliance Heartbeat');
    expect(remedy).not.toContain('ftd-001');
  });

  it('fails the region step with E_FACT_UNKNOWN when the region name is not in fmc_region_names, never ok or a remedy', async () => {
    t = await startFmcTestLab({ devices: 2 });
    const inv = parse(readFileSync(t.inventory, 'utf8')) as { all: { children: { fmc: { hosts: Record<string, Record<string, unknown>> } } } };
    delete inv.all.children.fmc.hosts[LAB_FMC_HOST]?.['fmc_region_names'];
    writeFileSync(t.inventory, stringify(inv));
    const r = await runFmc(t, 'unknown-region', '--check');
    expect(r.steps['fmc-cloud-region']).toBe('failed');
    expect(step(r.host, 'fmc-cloud-region').error?.code).toBe('E_FACT_UNKNOWN');
    expect(step(r.host, 'fmc-cloud-region').remedy).toBeUndefined();
  });
});

describe('fmc-cloud-config.yml applied with fmc_cloud_events_fix', () => {
  it('is pending in --check with the fix asked for, and sends nothing', async () => {
    t = await startFmcTestLab({ devices: 2, faults: 'fmc-cloud-events-off' });
    const r = await runFmc(t, 'check-fix', '--check', '-e', 'fmc_cloud_events_fix=true');
    expect(r.steps['fmc-cloud-events']).toBe('pending');
    expect(fmcWrites(t.fmcAudit())).toEqual([]);
  });

  it('sends exactly one PUT with the object as read and the wanted flag, then the re-run is ok with nothing sent', async () => {
    t = await startFmcTestLab({ devices: 2, faults: 'fmc-cloud-events-off' });
    const before = structuredClone(t.fmc.model.cloudEvents);
    const r = await runFmc(t, 'apply', '-e', 'fmc_cloud_events_fix=true', '--yes');
    expect(r.code, r.out).toBe(0);
    expect(r.steps).toEqual({ ...allOk, 'fmc-cloud-events': 'changed' });
    const puts = fmcWrites(t.fmcAudit());
    expect(puts).toHaveLength(1);
    const put = puts[0];
    const id = t.fmc.model.cloudEventsId;
    expect(put?.method).toBe('PUT');
    expect(put?.path).toBe(`/api/fmc_config/v1/domain/e276abec-e0f2-11e3-8169-6d9ed49b625f/integration/cloudeventsconfigs/${id}`);
    expect(put?.status).toBe(200);
    // The object as the GET gave it (id, type, links, every flag), with only the wanted flag changed.
    expect(put?.body).toEqual({
      id,
      type: 'CloudEventsConfig',
      links: { self: `https://127.0.0.1:${t.fmc.port}/api/fmc_config/v1/domain/e276abec-e0f2-11e3-8169-6d9ed49b625f/integration/cloudeventsconfigs/${id}` },
      ...before,
      sendIntrusionEvents: true,
    });
    expect(t.fmc.model.cloudEvents).toEqual({ ...before, sendIntrusionEvents: true });

    const again = await runFmc(t, 'rerun', '-e', 'fmc_cloud_events_fix=true', '--yes');
    expect(again.steps).toEqual(allOk);
    expect(fmcWrites(t.fmcAudit())).toHaveLength(1);
  });

  it('keeps every other flag as read when asking for more than one', async () => {
    t = await startFmcTestLab({ devices: 1, faults: 'fmc-cloud-events-off' });
    const varsFile = join(t.dir, 'events.yml');
    writeFileSync(varsFile, stringify({ fmc_cloud_events_fix: true, fmc_cloud_events: { sendIntrusionEvents: true, sendConnectionEvents: true } }));
    const r = await runFmc(t, 'apply-two', '-e', `@${varsFile}`, '--yes');
    expect(r.steps['fmc-cloud-events']).toBe('changed');
    expect(t.fmc.model.cloudEvents).toEqual({ sendIntrusionEvents: true, sendFileEvents: false, sendConnectionEvents: true, sendAllConnectionEvents: false });
  });
});

describe('fmc-cloud-config.yml when the FMC cannot be reached as configured', () => {
  async function withFmcHost(lab: FmcTestLab, change: (host: Record<string, unknown>) => void): Promise<void> {
    const inv = parse(readFileSync(lab.inventory, 'utf8')) as { all: { children: { fmc: { hosts: Record<string, Record<string, unknown>> } } } };
    change(inv.all.children.fmc.hosts[LAB_FMC_HOST] as Record<string, unknown>);
    writeFileSync(lab.inventory, stringify(inv));
  }

  it('is unreachable with E_AUTH for a wrong password, which appears nowhere', async () => {
    t = await startFmcTestLab({ devices: 1 });
    await withFmcHost(t, (h) => (h['ansible_password'] = 'wrong-Fmc-Pw-5e21'));
    const r = await runFmc(t, 'wrong-password', '--check');
    expect(r.code).toBe(4);
    expect(r.host.status).toBe('unreachable');
    expect(r.host.error?.code).toBe('E_AUTH');
    expect(JSON.stringify(r.report) + r.out).not.toContain('wrong-Fmc-Pw-5e21');
    expect(t.fmcAudit().map((e) => `${e.method} ${e.status}`)).toEqual(['POST 401']);
  });

  it('is unreachable with E_TLS_CERT when the FMC certificate is not trusted, and sends no credentials', async () => {
    t = await startFmcTestLab({ devices: 1 });
    await withFmcHost(t, (h) => delete h['firemend_ca_file']);
    const r = await runFmc(t, 'untrusted', '--check');
    expect(r.code).toBe(4);
    expect(r.host.status).toBe('unreachable');
    expect(r.host.error?.code).toBe('E_TLS_CERT');
    expect(t.fmcAudit()).toEqual([]);
  });
});
