import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { formatRecap, recapCounts } from '../../../src/report/recap.js';
import { createLineReporter, formatEventLines } from '../../../src/report/line-reporter.js';
import { FakeTransport } from '../../helpers/fake-transport.js';
import { DNS_VARS, cmd, dnsDevice, dnsStep, host, play, playbook, reboot, run, step, t } from '../engine/build.js';

async function sampleRun(mode: 'check' | 'apply') {
  const tr = new FakeTransport({ a: dnsDevice([]), b: dnsDevice(['8.8.8.8']), c: { ...dnsDevice([]), connectError: 'E_AUTH' } });
  const pb = playbook(play([dnsStep(), step('manual', { check: { command: 'show network' , expect: { contains: [t('9.9.9.9')] } }, remedy: t('add 9.9.9.9 on {{ inventory_hostname }}') })], { vars: DNS_VARS }));
  return run(pb, [host('a'), host('b'), host('c')], tr, { mode });
}

describe('recap and line output', () => {
  it('counts each host’s steps per outcome and totals them, with hosts counted by status', async () => {
    const { result } = await sampleRun('apply');
    expect(recapCounts(result.hosts[0]!)).toMatchObject({ changed: 1, action_required: 1 });
    expect(recapCounts(result.hosts[2]!)).toMatchObject({ unreachable: 1, ok: 0 });
    const text = formatRecap(result);
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('RECAP (apply)');
    expect(lines[1]).toMatch(/^host\s+status\s+ok\s+changed\s+pending\s+action_required\s+failed\s+unreachable\s+skipped$/);
    expect(lines[2]).toMatch(/^a\s+action_required\s+0\s+1\s+0\s+1\s+0\s+0\s+0$/);
    expect(lines[4]).toMatch(/^c\s+unreachable\s+0\s+0\s+0\s+0\s+0\s+1\s+0$/);
    expect(lines[5]).toMatch(/^TOTAL\s+3 hosts\s+1\s+1\s+0\s+2\s+0\s+1\s+0$/);
    expect(lines[6]).toBe('hosts by status: ok=0 changed=0 pending=0 action_required=2 failed=0 unreachable=1 skipped=0');
  });

  it('prints what a dry-run would send, the remedy, the error code and the exit code', async () => {
    const { events } = await sampleRun('check');
    const out = new PassThrough();
    let text = '';
    out.on('data', (c: Buffer) => (text += c.toString()));
    const reporter = createLineReporter({ output: out });
    for (const ev of events) reporter.onEvent(ev);
    await reporter.finish();
    expect(text.split('\n')[0]).toMatch(/^\S+ CHECK \(dry-run\): nothing will be changed on any device: test\.yml on 3 host\(s\) from inventory\.yml$/);
    expect(text).toContain('a dns-configured: pending (would send: configure network dns servers 8.8.8.8,1.1.1.1)');
    expect(text).toContain('a manual: remedy: add 9.9.9.9 on a');
    expect(text).toContain('c: UNREACHABLE');
    expect(text).toContain('[E_AUTH]');
    expect(text).toMatch(/RECAP \(check\)/);
    expect(text.trimEnd().endsWith('exit code 2')).toBe(true);
  });

  it('says a step waiting for an earlier fix is only re-checked after it, and its own fix is conditional', async () => {
    const tr = new FakeTransport({ a: { ...dnsDevice([]), respond: (c, s, p) => (c === 'show svc' ? { output: 'svc: Disabled' } : c === 'show peer' ? { output: 'peer: down' } : dnsDevice().respond!(c, s, p)) } });
    const svc = step('svc', { check: { command: 'show svc', expect: { contains: [t('Running')] } }, fix: [cmd('enable svc'), reboot(30)], dependsOn: ['dns-configured'] });
    const peer = step('peer', { check: { command: 'show peer', expect: { contains: [t('up')] } }, remedy: t('check the peer'), dependsOn: ['svc'] });
    const { events } = await run(playbook(play([dnsStep(), svc, peer], { vars: DNS_VARS })), [host('a')], tr, { mode: 'check' });
    const lines = events.flatMap((ev) => formatEventLines(ev, false));
    expect(lines.find((l) => l.startsWith('a dns-configured:'))).toMatch(/^a dns-configured: pending \(would send: configure network dns servers 8\.8\.8\.8,1\.1\.1\.1\) - /);
    expect(lines).toContain("a svc: pending (re-checked after dns-configured's fix; if still failing, would send: enable svc ; reboot (may reboot)) - depends on the pending fix of 'dns-configured'");
    expect(lines).toContain("a peer: pending (re-checked after dns-configured's fix) - depends on the pending fix of 'svc'");
  });

  it('shows step starts and the failing check output only with verbose', async () => {
    const { events } = await sampleRun('check');
    const quiet = events.flatMap((ev) => formatEventLines(ev, false));
    const loud = events.flatMap((ev) => formatEventLines(ev, true));
    expect(quiet.some((l) => l.endsWith(': started'))).toBe(false);
    expect(loud).toContain('a dns-configured: started');
    expect(loud).toContain('a dns-configured: | DNS Servers: ');
  });
});
