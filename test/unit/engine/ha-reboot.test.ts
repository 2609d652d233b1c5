import { describe, expect, it } from 'vitest';
import { judgeHaReboot } from '../../../src/engine/ha-reboot.js';
import type { RunEvent } from '../../../src/engine/events.js';
import { FakeTransport } from '../../helpers/fake-transport.js';
import { FakeHaPair } from '../../helpers/fake-ha.js';
import { DNS_VARS, cmd, dnsDevice, dnsStep, host, play, playbook, reboot, run } from './build.js';

// A DNS fix that reboots: both units of the pair need it unless given the right DNS server.
const pb = playbook(play([dnsStep({ fix: [cmd("configure network dns servers {{ dns_servers | join(',') }}"), reboot(60)] })], { vars: DNS_VARS }));
const batchesOf = (events: RunEvent[]): string[][] => events.flatMap((ev) => (ev.type === 'batch_started' ? [ev.hosts] : []));

describe('HA-aware reboots', () => {
  it('reboots the Standby unit first even when the Active one comes first in the inventory, and the pair keeps its traffic', async () => {
    const ha = new FakeHaPair('a', 'b');
    const tr = new FakeTransport({ a: ha.unit('a', dnsDevice([])), b: ha.unit('b', dnsDevice([])) });
    const { events, result } = await run(pb, [host('a', { ha_peer: 'b' }), host('b')], tr);
    expect(batchesOf(events)).toEqual([['b'], ['a']]);
    expect(ha.rebootOrder).toEqual(['b', 'a']);
    expect(ha.trafficLost).toBe(false);
    expect(result.summary.changed).toBe(2);
    // Each reboot was preceded by the unit's own show failover.
    expect(tr.device('a').sent('check')).toContain('show failover');
  });

  it('shows the order in a dry-run and sends nothing', async () => {
    const ha = new FakeHaPair('a', 'b');
    const tr = new FakeTransport({ a: ha.unit('a', dnsDevice([])), b: ha.unit('b', dnsDevice([])) });
    const { result } = await run(pb, [host('a', { ha_peer: 'b' }), host('b')], tr, { mode: 'check' });
    expect(result.haOrder).toEqual(['reboots b (standby) first, then a once b is Standby Ready']);
    expect(ha.rebootOrder).toEqual([]);
    expect(tr.device('a').sent('fix')).toEqual([]);
  });

  it('does not reboot the Active unit while its mate is Failed: the step fails with E_HA_PEER_NOT_READY and nothing is sent', async () => {
    const ha = new FakeHaPair('a', 'b');
    ha.failed.add('b');
    const tr = new FakeTransport({ a: ha.unit('a', dnsDevice([])), b: ha.unit('b', dnsDevice(['8.8.8.8'])) });
    const { result, sleeps } = await run(pb, [host('a', { ha_peer: 'b' }), host('b')], tr);
    const a = result.hosts.find((h) => h.name === 'a');
    expect(a?.status).toBe('failed');
    expect(a?.steps[0]?.error?.code).toBe('E_HA_PEER_NOT_READY');
    expect(a?.steps[0]?.error?.message).toMatch(/b is Failed .*reboot not sent/);
    expect(a?.steps[0]?.fix?.sent).toBe(false);
    expect(tr.device('a').sent('fix')).toEqual([]);
    expect(ha.rebootOrder).toEqual([]);
    // A Failed mate is not waited for.
    expect(sleeps).toEqual([]);
  });

  it('waits up to ha_ready_timeout for a rebooted mate that never gets ready, with progress, and never reboots the Active unit', async () => {
    const ha = new FakeHaPair('a', 'b');
    ha.neverReady.add('b');
    const tr = new FakeTransport({ a: ha.unit('a', dnsDevice([])), b: ha.unit('b', dnsDevice([])) });
    let clock = 0;
    const { result, events } = await run(pb, [host('a', { ha_peer: 'b', ha_ready_timeout: 30 }), host('b')], tr, {
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
      },
    });
    expect(ha.rebootOrder).toEqual(['b']);
    const a = result.hosts.find((h) => h.name === 'a');
    expect(a?.steps[0]?.error?.code).toBe('E_HA_PEER_NOT_READY');
    expect(a?.steps[0]?.error?.message).toMatch(/b is App Sync .*still after 30s \(ha_ready_timeout\): reboot not sent/);
    expect(result.hosts.find((h) => h.name === 'b')?.status).toBe('changed');
    const waits = events.filter((ev) => ev.type === 'step_progress' && ev.host === 'a' && /waiting for b to be Standby Ready/.test(ev.message));
    expect(waits.length).toBeGreaterThan(1);
    expect(clock).toBeGreaterThanOrEqual(30_000);
  });
});

describe('judgeHaReboot', () => {
  const on = (self: string, mate: string | null) => ({ failoverOn: true, self, mate });
  it('lets a Standby unit go while its mate is Active', () => {
    expect(judgeHaReboot(on('Standby Ready', 'Active'), 'm', undefined)).toEqual({ kind: 'go' });
  });
  it('lets an Active unit go only behind a Standby Ready mate', () => {
    expect(judgeHaReboot(on('Active', 'Standby Ready'), 'm', undefined)).toEqual({ kind: 'go' });
    expect(judgeHaReboot(on('Active', 'Not Detected'), 'm', undefined)).toEqual({ kind: 'refuse', why: 'm is Not Detected' });
    expect(judgeHaReboot(on('Active', 'Failed'), 'm', undefined).kind).toBe('refuse');
    expect(judgeHaReboot(on('Active', 'Active'), 'm', undefined).kind).toBe('refuse');
    expect(judgeHaReboot(on('Active', null), 'm', undefined)).toEqual({ kind: 'refuse', why: 'm is not shown by show failover' });
  });
  it('waits for a mate on its way to Standby Ready, or one this run rebooted', () => {
    expect(judgeHaReboot(on('Active', 'Sync Config'), 'm', undefined).kind).toBe('wait');
    expect(judgeHaReboot(on('Active', 'Not Detected'), 'm', { inProgress: false, downSeen: true, returned: true }).kind).toBe('wait');
    expect(judgeHaReboot(on('Active', 'Standby Ready'), 'm', { inProgress: true, downSeen: false, returned: false }).kind).toBe('wait');
  });
  it('does not trust a Standby Ready from a mate whose reboot went down and never came back', () => {
    expect(judgeHaReboot(on('Active', 'Standby Ready'), 'm', { inProgress: false, downSeen: true, returned: false }).kind).toBe('wait');
  });
});
