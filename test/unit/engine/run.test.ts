import { describe, expect, it } from 'vitest';
import { exitCodeForRun } from '../../../src/cli/exit-codes.js';
import { summarize, type HostResult, type HostStatus } from '../../../src/engine/results.js';
import { FakeTransport } from '../../helpers/fake-transport.js';
import { DNS_VARS, dnsDevice, dnsStep, host, hosts, play, playbook, run, step, t } from './build.js';

const fixesSent = (tr: FakeTransport): number => [...tr.devices.values()].reduce((n, d) => n + d.sent('fix').length, 0);

describe('idempotence', () => {
  it('sends no fix on a second apply run and reports every fixable host ok', async () => {
    const fleet = hosts(5);
    const tr = new FakeTransport(Object.fromEntries(fleet.map((h, i) => [h.name, dnsDevice(i % 2 === 0 ? [] : ['8.8.8.8'])])));
    const pb = playbook(play([dnsStep()], { vars: DNS_VARS }));
    const first = await run(pb, fleet, tr);
    expect(first.result.summary).toMatchObject({ changed: 3, ok: 2 });
    const sentAfterFirst = fixesSent(tr);
    expect(sentAfterFirst).toBe(3);
    const second = await run(pb, fleet, tr);
    expect(fixesSent(tr)).toBe(sentAfterFirst);
    expect(second.result.hosts.every((h) => h.status === 'ok')).toBe(true);
    expect(second.exitCode).toBe(0);
  });
});

describe('interruption', () => {
  it('starts no new host once aborted, lets the in-flight host end its step safely, and reports interrupted with 130', async () => {
    const fleet = hosts(3);
    const tr = new FakeTransport(Object.fromEntries(fleet.map((h) => [h.name, dnsDevice([])])));
    const ac = new AbortController();
    const second = step('second', { check: { command: 'show network' } });
    const pb = playbook(play([dnsStep(), second], { vars: DNS_VARS }));
    const { result, exitCode } = await run(pb, fleet, tr, {
      forks: 1,
      signal: ac.signal,
      emit: (ev) => {
        // Ctrl-C arrives while the first host is between its two steps.
        if (ev.type === 'step_finished' && ev.host === 'ftd01' && ev.result.id === 'dns-configured') ac.abort();
      },
    });
    const [h1, h2, h3] = result.hosts;
    expect(h1!.steps.map((s) => [s.id, s.status, s.reason])).toEqual([
      ['dns-configured', 'changed', undefined],
      ['second', 'skipped', 'interrupted'],
    ]);
    expect([h2!.status, h2!.reason, h3!.status]).toEqual(['skipped', 'interrupted', 'skipped']);
    expect(tr.device('ftd02').opens).toBe(0);
    expect(result.interrupted).toBe(true);
    expect(exitCode).toBe(130);
  });
});

describe('maintenance window', () => {
  it('starts no fix once the window closed, stops the rollout and exits 8', async () => {
    const fleet = hosts(3);
    const tr = new FakeTransport(Object.fromEntries(fleet.map((h) => [h.name, dnsDevice([])])));
    let open = true;
    const { result, exitCode } = await run(playbook(play([dnsStep()], { vars: DNS_VARS })), fleet, tr, {
      forks: 1,
      window: { allowsFixNow: () => open },
      emit: (ev) => {
        if (ev.type === 'host_finished' && ev.result.name === 'ftd01') open = false;
      },
    });
    expect(result.hosts.map((h) => h.status)).toEqual(['changed', 'skipped', 'skipped']);
    expect(result.hosts[1]!.steps[0]).toMatchObject({ status: 'skipped', reason: 'outside the maintenance window: fix not started', fix: { sent: false } });
    expect(result.hosts[2]!.reason).toBe('rollout stopped: the maintenance window closed');
    expect(tr.device('ftd02').sent('fix')).toEqual([]);
    expect(tr.device('ftd03').opens).toBe(0);
    expect(result.stoppedEarly).toBe('the maintenance window closed');
    expect(exitCode).toBe(8);
  });
});

describe('several plays', () => {
  it('gives a host in two plays one result with both plays’ steps, and keeps its registered values', async () => {
    const tr = new FakeTransport({ a: { ...dnsDevice(['8.8.8.8']), respond: (c, s) => (c.startsWith('echo ') ? { output: c.slice(5) } : dnsDevice().respond!(c, s, 'check')) } });
    const p1 = play([dnsStep({ register: 'dns' })], { name: 'one', vars: DNS_VARS });
    const p2 = play([step('later', { check: { command: 'echo {{ dns.status }}', expect: { contains: [t('ok')] } } })], { name: 'two' });
    const { result } = await run(playbook(p1, p2), [host('a')], tr);
    expect(result.hosts).toHaveLength(1);
    expect(result.hosts[0]!.steps.map((s) => [s.id, s.status])).toEqual([
      ['dns-configured', 'ok'],
      ['later', 'ok'],
    ]);
  });

  it('skips the later plays once the rollout stopped', async () => {
    const tr = new FakeTransport({ a: { ...dnsDevice([]), connectError: 'E_AUTH' }, b: dnsDevice([]) });
    const p1 = play([dnsStep()], { name: 'one', vars: DNS_VARS, hosts: 'a', maxFailPercentage: 0 });
    const p2 = play([dnsStep()], { name: 'two', vars: DNS_VARS });
    const { result, exitCode } = await run(playbook(p1, p2), [host('a')], tr, { hostsByPlay: [[host('a')], [host('b')]] });
    expect(result.hosts.map((h) => [h.name, h.status])).toEqual([
      ['a', 'unreachable'],
      ['b', 'skipped'],
    ]);
    expect(exitCode).toBe(8);
  });
});

describe('exit codes', () => {
  const hostsWith = (...statuses: HostStatus[]): HostResult[] => statuses.map((status, i) => ({ name: `h${i}`, address: 'x', status, durationMs: 0, steps: [] }));
  const code = (statuses: HostStatus[], o: { interrupted?: boolean; stoppedEarly?: boolean; check?: boolean; detailed?: boolean } = {}): number =>
    exitCodeForRun({ interrupted: o.interrupted ?? false, stoppedEarly: o.stoppedEarly ?? false, summary: summarize(hostsWith(...statuses)), check: o.check ?? false, detailedExitcode: o.detailed ?? false });

  it('follows the precedence 130, 8, 2, 4, 3, 0', () => {
    expect(code(['failed', 'unreachable', 'pending'], { interrupted: true, stoppedEarly: true, check: true, detailed: true })).toBe(130);
    expect(code(['failed', 'unreachable'], { stoppedEarly: true })).toBe(8);
    expect(code(['failed', 'unreachable', 'pending'], { check: true, detailed: true })).toBe(2);
    expect(code(['action_required', 'ok'])).toBe(2);
    expect(code(['unreachable', 'pending'], { check: true, detailed: true })).toBe(4);
    expect(code(['pending', 'ok'], { check: true, detailed: true })).toBe(3);
    expect(code(['pending', 'ok'], { check: true })).toBe(0);
    expect(code(['ok', 'changed', 'skipped'])).toBe(0);
  });

  it('maps a real run with a failed and an unreachable host to 2, and one with only an unreachable host to 4', async () => {
    const tr = new FakeTransport({ a: dnsDevice([], { onFix: () => undefined }), b: { ...dnsDevice([]), connectError: 'E_CONNECT_TIMEOUT' }, c: dnsDevice(['8.8.8.8']) });
    const pb = playbook(play([dnsStep()], { vars: DNS_VARS }));
    expect((await run(pb, [host('a'), host('b'), host('c')], tr)).exitCode).toBe(2);
    expect((await run(pb, [host('b'), host('c')], tr)).exitCode).toBe(4);
  });
});
