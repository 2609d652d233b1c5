import { describe, expect, it } from 'vitest';
import { batchSizes } from '../../../src/engine/batches.js';
import { Limiter, planBatches } from '../../../src/engine/scheduler.js';
import { FakeTransport, FakeDevice } from '../../helpers/fake-transport.js';
import { FakeHaPair } from '../../helpers/fake-ha.js';
import { DNS_VARS, dnsDevice, dnsStep, cmd, host, hosts, play, playbook, reboot, run } from './build.js';
import type { RunEvent } from '../../../src/engine/events.js';

const batchesOf = (events: RunEvent[]): string[][] => events.flatMap((ev) => (ev.type === 'batch_started' ? [ev.hosts] : []));

describe('serial batch sizes', () => {
  it('cuts hosts into batches of a fixed count, the last one short', () => {
    expect(batchSizes([3], 10)).toEqual([3, 3, 3, 1]);
  });

  it('reads percentages of the play hosts, rounding down but never below one host', () => {
    expect(batchSizes(['25%'], 10)).toEqual([2, 2, 2, 2, 2]);
    expect(batchSizes(['10%'], 5)).toEqual([1, 1, 1, 1, 1]);
  });

  it('follows a list of sizes and repeats the last one', () => {
    expect(batchSizes([1, '10%', '50%'], 20)).toEqual([1, 2, 10, 7]);
  });

  it('puts every host in one batch without serial, and treats 0 as all', () => {
    expect(batchSizes([], 7)).toEqual([7]);
    expect(batchSizes([0], 7)).toEqual([7]);
    expect(batchSizes([], 0)).toEqual([]);
  });

  it('rejects a size that is neither a count nor a percentage', () => {
    expect(() => batchSizes(['lots'], 4)).toThrow(/neither a count nor a percentage/);
  });
});

describe('HA pairs', () => {
  const pair = [host('a', { ha_peer: 'b' }), host('b'), host('c', { ha_peer: 'd' }), host('d', { ha_peer: 'c' }), host('e')];

  it('never puts both units of a pair in one batch when the play can reboot', () => {
    const batches = planBatches(pair, [], true).map((b) => b.map((h) => h.name));
    expect(batches).toEqual([
      ['a', 'c', 'e'],
      ['b', 'd'],
    ]);
    const batches2 = planBatches(pair, [2], true).map((b) => b.map((h) => h.name));
    for (const b of batches2) expect(b.includes('a') && b.includes('b')).toBe(false);
    expect(batches2.flat().sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('leaves pairs together when the play cannot reboot', () => {
    expect(planBatches(pair, [], false).map((b) => b.length)).toEqual([5]);
  });

  it('splits an HA pair across batches in a real run of a playbook with a reboot fix', async () => {
    // b is the Active unit here: the Standby (a) goes first.
    const ha = new FakeHaPair('b', 'a');
    const tr = new FakeTransport({ a: ha.unit('a', dnsDevice([])), b: ha.unit('b', dnsDevice([])) });
    const pb = playbook(play([dnsStep({ fix: [cmd("configure network dns servers {{ dns_servers | join(',') }}"), reboot(60)] })], { vars: DNS_VARS }));
    const { events, result } = await run(pb, [host('a', { ha_peer: 'b' }), host('b')], tr);
    expect(batchesOf(events)).toEqual([['a'], ['b']]);
    expect(result.summary.changed).toBe(2);
    expect(ha.rebootOrder).toEqual(['a', 'b']);
    expect(ha.trafficLost).toBe(false);
  });
});

describe('forks', () => {
  it('never runs more tasks at once than the limit', async () => {
    const limiter = new Limiter(3);
    let active = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 12 }, () =>
        limiter.run(async () => {
          active += 1;
          peak = Math.max(peak, active);
          await new Promise((r) => setImmediate(r));
          active -= 1;
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(limiter.maxActive).toBe(3);
  });

  it('keeps at most --forks sessions open at once across a fleet', async () => {
    const fleet = hosts(10);
    const tr = new FakeTransport(Object.fromEntries(fleet.map((h) => [h.name, dnsDevice([])])));
    const { result } = await run(playbook(play([dnsStep()], { vars: DNS_VARS })), fleet, tr, { forks: 3 });
    expect(tr.peakActive).toBe(3);
    expect(result.summary.changed).toBe(10);
  });

  it('rejects a forks value below one', () => {
    expect(() => new Limiter(0)).toThrow(RangeError);
  });
});

describe('batches in a run', () => {
  it('runs batches in order, one after the other', async () => {
    const fleet = hosts(5);
    const tr = new FakeTransport(Object.fromEntries(fleet.map((h) => [h.name, dnsDevice(['8.8.8.8'])])));
    const { events } = await run(playbook(play([dnsStep()], { vars: DNS_VARS, serial: [1, '40%'] })), fleet, tr);
    expect(batchesOf(events)).toEqual([['ftd01'], ['ftd02', 'ftd03'], ['ftd04', 'ftd05']]);
    // No host of a batch starts before every host of the previous batch finished.
    const order = events.flatMap((ev) => (ev.type === 'host_started' ? [`start ${ev.host}`] : ev.type === 'host_finished' ? [`end ${ev.result.name}`] : []));
    expect(order.indexOf('start ftd02')).toBeGreaterThan(order.indexOf('end ftd01'));
    expect(order.indexOf('start ftd04')).toBeGreaterThan(Math.max(order.indexOf('end ftd02'), order.indexOf('end ftd03')));
  });
});

describe('max_fail_percentage', () => {
  it('stops the rollout when a batch crosses it: later hosts are skipped and the exit code is 8', async () => {
    const fleet = hosts(6);
    const tr = new FakeTransport(Object.fromEntries(fleet.map((h) => [h.name, dnsDevice([])])));
    tr.device('ftd02').script.connectError = 'E_AUTH';
    const pb = playbook(play([dnsStep()], { vars: DNS_VARS, serial: [2], maxFailPercentage: 40 }));
    const { result, exitCode, events } = await run(pb, fleet, tr);
    expect(result.hosts.map((h) => h.status)).toEqual(['changed', 'unreachable', 'skipped', 'skipped', 'skipped', 'skipped']);
    expect(result.hosts[2]!.reason).toMatch(/^rollout stopped: max_fail_percentage 40% crossed in play 'play' batch 1: 1 of 2 hosts failed \(50%\)/);
    expect(result.stoppedEarly).toBeDefined();
    expect(tr.device('ftd03').opens).toBe(0);
    expect(events.filter((ev) => ev.type === 'rollout_stopped')).toHaveLength(1);
    expect(exitCode).toBe(8);
  });

  it('goes on while failures stay at or under the threshold', async () => {
    const fleet = hosts(4);
    const tr = new FakeTransport(Object.fromEntries(fleet.map((h) => [h.name, dnsDevice([])])));
    tr.device('ftd01').script.connectError = 'E_CONNECT_REFUSED';
    const { result, exitCode } = await run(playbook(play([dnsStep()], { vars: DNS_VARS, serial: [2], maxFailPercentage: 50 })), fleet, tr);
    expect(result.hosts.map((h) => h.status)).toEqual(['unreachable', 'changed', 'changed', 'changed']);
    expect(result.stoppedEarly).toBeUndefined();
    expect(exitCode).toBe(4);
  });
});

describe('isolation', () => {
  it("keeps one host's failure and unreachability away from the other hosts' steps", async () => {
    const tr = new FakeTransport({ a: dnsDevice([], { onFix: () => undefined }), b: dnsDevice([]), c: { ...dnsDevice([]), connectError: 'E_HOSTKEY_CHANGED' } });
    const { result } = await run(playbook(play([dnsStep()], { vars: DNS_VARS })), [host('a'), host('b'), host('c')], tr);
    expect(result.hosts.map((h) => [h.name, h.status])).toEqual([
      ['a', 'failed'],
      ['b', 'changed'],
      ['c', 'unreachable'],
    ]);
    expect(result.hosts[2]!.error?.code).toBe('E_HOSTKEY_CHANGED');
  });

  it('turns an unexpected exception inside one host into a failed result for that host only', async () => {
    const tr = new FakeTransport({ a: dnsDevice([]), b: dnsDevice([]) });
    const broken = new FakeDevice(dnsDevice([]));
    tr.devices.set('a', broken);
    // A transport whose session.close throws breaks its promise; the run must still finish.
    const realOpen = tr.open.bind(tr);
    tr.open = async (target, options) => {
      const s = await realOpen(target, options);
      if (target.name === 'a') s.close = () => Promise.reject(new Error('boom'));
      return s;
    };
    const { result } = await run(playbook(play([dnsStep()], { vars: DNS_VARS })), [host('a'), host('b')], tr);
    expect(result.hosts.map((h) => h.status)).toEqual(['failed', 'changed']);
    expect(result.hosts[0]!.error).toEqual({ code: 'E_INTERNAL', message: 'boom' });
  });

  it('fails a host whose connection target cannot be built, and only that host', async () => {
    const tr = new FakeTransport({ a: dnsDevice([]), b: dnsDevice([]) });
    const { result } = await run(playbook(play([dnsStep()], { vars: DNS_VARS })), [host('a'), host('b')], tr, {
      connectionFor: (h) => {
        if (h.name === 'a') throw Object.assign(new Error('FTD_PW is not set'), {});
        return { kind: tr, target: { name: h.name, address: '127.0.0.1', secrets: [], platform: 'ftd' } };
      },
    });
    expect(result.hosts.map((h) => h.status)).toEqual(['failed', 'changed']);
    expect(result.hosts[1]!.address).toBe('127.0.0.1');
  });
});
