// The built CLI against the lab's real-device variants (issue 13): the session faults end with their error
// codes, a healthy device of each curl flavour ends `ok`, and a proxy refusing the tunnel is `action_required`
// naming the proxy. Nothing the dry-run or the apply does sends a password twice or answers a password change.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, hostOf, readReport, reportSchemaErrors, runArgs, runCli, startTestLab, type Report, type TestLab } from './helpers.js';

describe('firemend run against the session faults and curl flavours of the lab', () => {
  let t: TestLab;
  let report: Report;
  let code: number | null;
  const one = (fault: string): string => {
    const [name] = t.withFault(fault);
    if (name === undefined) throw new Error(`no device with only ${fault}`);
    return name;
  };

  beforeAll(async () => {
    assertBuilt();
    t = await startTestLab({
      devices: 10,
      faults: 'password-expired=1,expert-disabled=1,sudo-wrong-password=1,proxy=1',
      seed: 'e2e-sessions',
      curlFlavour: 'mixed',
    });
    const reportPath = join(t.dir, 'apply.json');
    const r = await runCli(runArgs(t, '--yes', '--output', 'line', '--report', reportPath));
    code = r.code;
    report = readReport(reportPath);
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('writes a valid report and exits 2 (failed and action_required hosts)', () => {
    expect(reportSchemaErrors(report)).toEqual([]);
    expect(code).toBe(2);
  });

  it('password-expired: unreachable with E_PASSWORD_EXPIRED, and the demand was never answered', () => {
    const host = hostOf(report, one('password-expired'));
    expect(host.status).toBe('unreachable');
    expect(host.error?.code).toBe('E_PASSWORD_EXPIRED');
    expect(host.error?.message).toContain('You must change your password');
    expect(t.lab.device(one('password-expired')).state.passwordExpired).toBe(true);
  });

  it('expert-disabled: the first expert step fails with E_MODE_UNAVAILABLE naming the mode, with its remedy', () => {
    const host = hostOf(report, one('expert-disabled'));
    expect(host.status).toBe('failed');
    const step = host.steps.find((s) => s.id === 'dns-resolves');
    expect(step?.status).toBe('failed');
    expect(step?.error?.code).toBe('E_MODE_UNAVAILABLE');
    expect(step?.error?.message).toContain("expert mode is unavailable on this device: 'expert' was refused");
    expect(step?.remedy).toContain(one('expert-disabled'));
    // CLISH steps before it still ran; `expert` was sent once, not once per step.
    expect(host.steps.find((s) => s.id === 'dns-configured')?.status).toBe('ok');
    expect((t.audit().get(one('expert-disabled')) ?? []).filter((e) => e.command === 'expert')).toHaveLength(1);
  });

  it('sudo-wrong-password: the first root step fails with E_SUDO_AUTH and sudo saw exactly one wrong password', () => {
    const host = hostOf(report, one('sudo-wrong-password'));
    expect(host.status).toBe('failed');
    const step = host.steps.find((s) => s.status === 'failed');
    expect(step?.id).toBe('cloud-reachable[0]');
    expect(step?.error?.code).toBe('E_SUDO_AUTH');
    expect(t.lab.device(one('sudo-wrong-password')).state.sudoFailures).toBe(1);
  });

  it('proxy: action_required, and a remedy names the proxy from show network', () => {
    const name = one('proxy');
    const host = hostOf(report, name);
    expect(host.status).toBe('action_required');
    const proxy = t.lab.device(name).state.proxy;
    const remedies = host.steps.filter((s) => s.status === 'action_required').map((s) => s.remedy ?? '');
    expect(remedies.some((r) => r.includes(`${proxy?.host ?? '?'}`))).toBe(true);
  });

  it('a healthy device of each curl flavour ends ok', () => {
    const healthy = t.lab.devices.filter((d) => d.faults.length === 0);
    expect(new Set(healthy.map((d) => d.curlFlavour))).toEqual(new Set(['7.29-nss', '7.44', '8.x']));
    for (const d of healthy) expect(hostOf(report, d.name).status, `${d.name} (curl ${d.curlFlavour})`).toBe('ok');
  });
});
