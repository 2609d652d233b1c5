// The HA pair model without SSH: who is Active after each unit goes down and comes back, Active time, and the
// traffic-down record (with its event for both audit logs) only when both units are down at once.
import { describe, expect, it } from 'vitest';
import { HaPair, SimDevice, startLab, type HaTrafficDownEvent } from '../../../src/lab/index.js';
import { parseShowFailover } from '../../../src/parsers/show-failover.js';
import { renderShowFailover } from '../../../src/lab/render/show-failover.js';

function pairAt(clock: { t: number }): { a: SimDevice; b: SimDevice; pair: HaPair; events: HaTrafficDownEvent[] } {
  const now = (): number => clock.t;
  const a = new SimDevice({ index: 0, name: 'ftd-001', region: 'us', faults: [] }, { clock: now });
  const b = new SimDevice({ index: 1, name: 'ftd-002', region: 'us', faults: [] }, { clock: now });
  const events: HaTrafficDownEvent[] = [];
  const pair = new HaPair(1, a, b, (e) => events.push(e));
  a.ha = pair;
  b.ha = pair;
  return { a, b, pair, events };
}

describe('HaPair', () => {
  it('starts with the Primary Active since its boot and the Secondary Standby Ready', () => {
    const clock = { t: Date.UTC(2024, 5, 3, 10, 0, 0) };
    const { a, b, pair } = pairAt(clock);
    expect(pair.stateOf(a)).toBe('Active');
    expect(pair.stateOf(b)).toBe('Standby Ready');
    expect(pair.activeSeconds(a, clock.t)).toBe(Math.floor((clock.t - a.state.bootTime) / 1000));
    expect(pair.activeSeconds(b, clock.t)).toBe(0);
    expect(pair.lastFailover).toBeUndefined();
  });

  it('hands Active to the mate when the Active unit goes down and keeps it there when that unit returns', () => {
    const clock = { t: Date.UTC(2024, 5, 3, 10, 0, 0) };
    const { a, b, pair } = pairAt(clock);
    a.shutdown();
    expect(pair.stateOf(a)).toBe('Not Detected');
    expect(pair.stateOf(b)).toBe('Active');
    expect(pair.lastFailover).toBe(clock.t);
    clock.t += 30_000;
    a.boot();
    expect(pair.stateOf(a)).toBe('Standby Ready');
    expect(pair.stateOf(b)).toBe('Active');
    expect(pair.activeSeconds(b, clock.t)).toBe(30);
    expect(pair.outages).toEqual([]);
    const text = renderShowFailover(b);
    expect(text).toContain(`Last Failover at: 10:00:00 UTC Jun 3 2024\n`);
    expect(parseShowFailover(text)).toMatchObject({ this_state: 'Active', peer_state: 'Standby Ready', last_failover_at: '10:00:00 UTC Jun 3 2024' });
  });

  it('records an outage and tells both units when the second unit goes down, and ends it when one comes back', () => {
    const clock = { t: Date.UTC(2024, 5, 3, 10, 0, 0) };
    const { a, b, pair, events } = pairAt(clock);
    b.shutdown();
    expect(pair.outages).toEqual([]);
    expect(pair.stateOf(a)).toBe('Active');
    clock.t += 5_000;
    a.shutdown();
    expect(pair.trafficDown).toBe(true);
    expect(pair.outages).toEqual([{ pair: ['ftd-001', 'ftd-002'], startedAt: clock.t }]);
    expect(events.map((e) => [e.device, e.event, e.trigger])).toEqual([
      ['ftd-001', 'ha-traffic-down', 'ftd-001'],
      ['ftd-002', 'ha-traffic-down', 'ftd-001'],
    ]);
    clock.t += 20_000;
    b.boot();
    expect(pair.stateOf(b)).toBe('Active');
    expect(pair.outages[0]?.endedAt).toBe(clock.t);
    a.boot();
    expect(pair.stateOf(a)).toBe('Standby Ready');
    expect(events).toHaveLength(2);
  });

  it('renders a standalone unit as Failover Off', () => {
    const d = new SimDevice({ index: 4, name: 'ftd-005', region: 'us', faults: [] });
    expect(renderShowFailover(d)).toMatch(/^Failover Off\nFailover unit Primary\nFailover LAN Interface: not Configured\n/);
    expect(parseShowFailover(renderShowFailover(d))).toMatchObject({ failover_on: false });
  });

  it('refuses more pairs than half the fleet, before any device listens', async () => {
    await expect(startLab({ devices: 3, haPairs: 2 })).rejects.toThrow(/--ha-pairs must be a whole number from 0 to 1/);
    await expect(startLab({ devices: 4, haPairs: 1.5 })).rejects.toThrow(/--ha-pairs/);
  });
});
