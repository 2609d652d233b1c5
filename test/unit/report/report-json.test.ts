import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { buildReport, writeReport, type Report } from '../../../src/report/report-json.js';
import { createRedactor } from '../../../src/report/redact.js';
import { FakeTransport } from '../../helpers/fake-transport.js';
import { DNS_VARS, cmd, dnsDevice, dnsStep, host, play, playbook, reboot, run, step, t, type Ran } from '../engine/build.js';

const schema = JSON.parse(readFileSync(new URL('../../../schemas/report.schema.json', import.meta.url), 'utf8')) as object;
const ajv = new Ajv2020.default({ allErrors: true, strict: true, strictRequired: false });
addFormats.default(ajv);
const validate = ajv.compile(schema);
const dir = mkdtempSync(join(tmpdir(), 'firemend-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function expectValid(report: unknown): void {
  const ok = validate(report);
  expect(validate.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
}

// Every outcome at once: ok, changed (with reboot), pending, action_required, failed, unreachable, skipped, loop items.
async function mixedRun(mode: 'check' | 'apply'): Promise<Ran> {
  const tr = new FakeTransport({
    ok: dnsDevice(['8.8.8.8']),
    fixme: dnsDevice([]),
    stuck: dnsDevice([], { onFix: () => undefined }),
    manual: dnsDevice(['8.8.8.8']),
    down: { ...dnsDevice([]), connectError: 'E_AUTH' },
  });
  for (const [name, d] of tr.devices) {
    d.script.respond = (c, s, p) => (c === 'curl -s https://x' ? { output: name === 'ok' ? 'connected' : 'timed out', exitStatus: 0 } : dnsDevice().respond!(c, s, p));
  }
  const pb = playbook(
    play(
      [
        dnsStep({ fix: [cmd("configure network dns servers {{ dns_servers | join(',') }}"), reboot(30)] }),
        step('egress', { loop: ['x'], check: { command: 'curl -s https://{{ item }}', expect: { contains: [t('connected')] } }, remedy: t('open egress to {{ item }} on {{ inventory_hostname }}') }),
        step('only-manual', { check: { command: 'show network' }, when: { src: "inventory_hostname == 'manual'", pos: { file: 'x', line: 1, col: 1 } } }),
      ],
      { vars: DNS_VARS },
    ),
  );
  return run(pb, [host('ok'), host('fixme'), host('stuck'), host('manual'), host('down')], tr, { mode });
}

describe('the JSON report', () => {
  it('validates against schemas/report.schema.json for an apply run with every outcome', async () => {
    const ran = await mixedRun('apply');
    const report = buildReport(ran.result, { exitCode: ran.exitCode, toolVersion: '0.1.0' });
    expectValid(report);
    expect(report.hosts.map((h) => h.status)).toEqual(['ok', 'action_required', 'failed', 'action_required', 'unreachable']);
    expect(report.summary).toMatchObject({ hosts: 5, failed: 1, unreachable: 1, action_required: 2, ok: 1 });
    expect(report.exit_code).toBe(2);
    const fixed = report.hosts[1]!.steps[0]!;
    expect(fixed).toMatchObject({ status: 'changed', fix: { sent: true, reboot: true, reboot_timeout_s: 30 }, verify: { passed: true } });
    expect(report.hosts[1]!.steps[1]).toMatchObject({ id: 'egress[0]', item: 'x', remedy: 'open egress to x on fixme' });
    expect(report.hosts[4]!.error?.code).toBe('E_AUTH');
  });

  it('validates for a check run, with pending fixes not sent', async () => {
    const ran = await mixedRun('check');
    const report = buildReport(ran.result, { exitCode: ran.exitCode, toolVersion: '0.1.0' });
    expectValid(report);
    expect(report.mode).toBe('check');
    expect(report.hosts[1]!.steps[0]).toMatchObject({ status: 'pending', fix: { sent: false } });
  });

  it('carries after_fix_of on a step that is pending only on an earlier pending fix, and the schema keeps it to pending steps', async () => {
    const tr = new FakeTransport({ a: { ...dnsDevice([]), respond: (c, s, p) => (c === 'show svc' ? { output: 'svc: Disabled' } : dnsDevice().respond!(c, s, p)) } });
    const svc = step('svc', { check: { command: 'show svc', expect: { contains: [t('Running')] } }, fix: [cmd('enable svc'), reboot(30)], dependsOn: ['dns-configured'] });
    const ran = await run(playbook(play([dnsStep(), svc], { vars: DNS_VARS })), [host('a')], tr, { mode: 'check' });
    const report = buildReport(ran.result, { exitCode: ran.exitCode, toolVersion: '0.1.0' });
    expectValid(report);
    const [dns, waiting] = report.hosts[0]!.steps;
    expect(dns!.after_fix_of).toBeUndefined();
    expect(waiting).toMatchObject({ id: 'svc', status: 'pending', after_fix_of: 'dns-configured', fix: { commands: ['enable svc', 'reboot'], sent: false, reboot: true } });
    waiting!.status = 'ok';
    expect(validate(report)).toBe(false);
    // A result no longer pending (a stale apply's skipped pre-check) carries no after_fix_of into the report.
    const skipped = { ...ran.result, hosts: ran.result.hosts.map((h) => ({ ...h, steps: h.steps.map((s) => ({ ...s, status: 'skipped' as const })) })) };
    const r2 = buildReport(skipped, { exitCode: 0, toolVersion: '0.1.0' });
    expectValid(r2);
    expect(r2.hosts[0]!.steps.some((s) => s.after_fix_of !== undefined)).toBe(false);
  });

  it('validates for an interrupted run and for a stopped rollout, written to a file', async () => {
    const tr = new FakeTransport({ a: dnsDevice([]), b: dnsDevice([]) });
    const ac = new AbortController();
    const ran = await run(playbook(play([dnsStep()], { vars: DNS_VARS })), [host('a'), host('b')], tr, {
      forks: 1,
      signal: ac.signal,
      emit: (ev) => {
        if (ev.type === 'host_finished') ac.abort();
      },
    });
    const file = join(dir, 'report.json');
    writeReport(file, buildReport(ran.result, { exitCode: ran.exitCode, toolVersion: '0.1.0' }));
    const back = JSON.parse(readFileSync(file, 'utf8')) as Report;
    expectValid(back);
    expect(back.interrupted).toBe(true);
    expect(back.exit_code).toBe(130);
    expect(back.hosts[1]).toMatchObject({ status: 'skipped', reason: 'interrupted', steps: [] });

    const tr2 = new FakeTransport({ a: { ...dnsDevice([]), connectError: 'E_CONNECT_REFUSED' }, b: dnsDevice([]) });
    const stopped = await run(playbook(play([dnsStep()], { vars: DNS_VARS, serial: [1], maxFailPercentage: 0 })), [host('a'), host('b')], tr2);
    const r2 = buildReport(stopped.result, { exitCode: stopped.exitCode, toolVersion: '0.1.0' });
    expectValid(r2);
    expect(r2.stopped_early).toMatch(/max_fail_percentage 0% crossed/);
    expect(r2.exit_code).toBe(8);
  });

  it('never carries a secret, even when a device echoes it', async () => {
    const tr = new FakeTransport({ a: { respond: () => ({ output: 'login password was hunter22-secret ok' }) } });
    const ran = await run(playbook(play([step('x', { check: { command: 'show network' } })])), [host('a')], tr);
    const report = buildReport(ran.result, { exitCode: ran.exitCode, toolVersion: '0.1.0', redactor: createRedactor(['hunter22-secret']) });
    expectValid(report);
    expect(JSON.stringify(report)).not.toContain('hunter22-secret');
    expect(report.hosts[0]!.steps[0]!.check?.output).toBe('login password was <redacted> ok');
  });

  it('is rejected by the schema when a failed host has no error or a status is unknown', () => {
    const bad = (patch: (r: Report) => void): boolean => {
      const r: Report = {
        version: 1, tool: { name: 'firemend', version: '0.1.0' }, playbook: 'p', inventory: 'i', mode: 'apply',
        started_at: '2025-01-01T00:00:00.000Z', finished_at: '2025-01-01T00:00:01.000Z', interrupted: false, exit_code: 0,
        summary: { hosts: 1, ok: 1, changed: 0, pending: 0, action_required: 0, failed: 0, unreachable: 0, skipped: 0 },
        causes: [],
        hosts: [{ name: 'a', address: '127.0.0.1', status: 'ok', duration_ms: 1, steps: [] }],
      };
      patch(r);
      return validate(r) as boolean;
    };
    expect(bad(() => undefined)).toBe(true);
    expect(bad((r) => (r.hosts[0]!.status = 'failed'))).toBe(false);
    expect(bad((r) => ((r.hosts[0] as { status: string }).status = 'weird'))).toBe(false);
    expect(bad((r) => ((r as unknown as Record<string, unknown>)['password'] = 'x'))).toBe(false);
    expect(bad((r) => (r.causes = [{ status: 'unreachable', code: 'E_AUTH', message: 'm', hosts: [] }]))).toBe(false);
    expect(bad((r) => (r.causes = [{ status: 'unreachable', code: 'E_AUTH', message: 'm', hosts: ['a'] }]))).toBe(true);
  });
});
