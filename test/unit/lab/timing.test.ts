// Device timing (`--timing`): which delay a line gets, seeded draws within the stated bounds, and the ledger.
import { describe, expect, it } from 'vitest';
import { DeviceTiming, TIMING_PROFILES, delayKindOf, timingProfileOption, timingReport, type TimingProfile } from '../../../src/lab/timing.js';
import { UsageError } from '../../../src/errors.js';

const device = TIMING_PROFILES.device as TimingProfile;

describe('delayKindOf', () => {
  it('classifies the mode ladder and ordinary lines by the mode they are typed in', () => {
    expect(delayKindOf('clish', 'show network')).toBe('clish');
    expect(delayKindOf('clish', 'expert')).toBe('expert');
    expect(delayKindOf('clish', 'exit')).toBe('clish');
    expect(delayKindOf('expert', 'sudo su -')).toBe('sudo');
    expect(delayKindOf('expert', 'sudo -i')).toBe('sudo');
    expect(delayKindOf('expert', 'sudo su')).toBe('sudo');
    expect(delayKindOf('expert', 'sudo pmtool status')).toBe('shell');
    expect(delayKindOf('expert', 'exit')).toBe('exit');
    expect(delayKindOf('root', 'logout')).toBe('exit');
    expect(delayKindOf('root', 'curl -v -m 10 https://api-sse.cisco.com')).toBe('shell');
  });
});

describe('DeviceTiming', () => {
  it('draws the same delays for the same seed and device, and others for another device', () => {
    const seq = (name: string): number[] => {
      const t = new DeviceTiming(device, 's', name);
      return ['login', 'clish', 'expert', 'shell', 'shell', 'sudo', 'auth', 'exit'].map((k) => t.draw(k as 'login'));
    };
    expect(seq('ftd-001')).toEqual(seq('ftd-001'));
    expect(seq('ftd-001')).not.toEqual(seq('ftd-002'));
  });

  it('keeps every draw within the distribution bounds and centres it on the median', () => {
    const t = new DeviceTiming(device, 'bounds', 'ftd-001');
    const draws = Array.from({ length: 2001 }, () => t.draw('expert')).sort((a, b) => a - b);
    expect(draws[0]).toBeGreaterThanOrEqual(device.expert.minMs);
    expect(draws[draws.length - 1]).toBeLessThanOrEqual(device.expert.maxMs);
    const median = draws[1000] as number;
    expect(median).toBeGreaterThan(device.expert.medianMs * 0.9);
    expect(median).toBeLessThan(device.expert.medianMs * 1.1);
  });

  it('records answers and their sum per kind; without a profile it only counts', () => {
    const t = new DeviceTiming(device, 's', 'ftd-001');
    const a = t.draw('clish');
    const b = t.draw('clish');
    const c = t.draw('auth');
    expect(t.record).toMatchObject({ answers: 3, delayMs: a + b + c, byKind: { clish: { n: 2, ms: a + b }, auth: { n: 1, ms: c } } });
    const none = new DeviceTiming(undefined, 's', 'ftd-001');
    expect(none.draw('expert')).toBe(0);
    expect(none.record.answers).toBe(1);
  });

  it('gives the critical path as delays plus one round trip per answer and per handshake flight', () => {
    const t = new DeviceTiming(device, 's', 'ftd-001');
    t.draw('login');
    t.record.handshakeFlights = 4;
    const ledger = timingReport('device', 50, [t.record]);
    expect(ledger.devices[0]?.criticalMs).toBe(t.record.delayMs + 5 * 50);
    expect(ledger.distributions).toBe(device);
  });
});

describe('timingProfileOption', () => {
  it('accepts the profile names and rejects others with a usage error', () => {
    expect(timingProfileOption('device')).toBe('device');
    expect(timingProfileOption('none')).toBe('none');
    expect(() => timingProfileOption('fast')).toThrow(UsageError);
  });
});
