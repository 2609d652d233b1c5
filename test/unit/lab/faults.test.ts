// Fault specs: parsing, deterministic choice from the seed, `mixed`, combinations and clear errors.
import { describe, expect, it } from 'vitest';
import { FAULTS, MIXED, deviceName, parseFaultSpec } from '../../../src/lab/faults.js';

describe('parseFaultSpec', () => {
  it('gives each requested fault to the requested number of distinct devices', () => {
    const m = parseFaultSpec('no-dns=3,zmq-socket=2', 10, 'seed');
    const all = [...m.values()];
    expect(all.filter((f) => f.includes('no-dns'))).toHaveLength(3);
    expect(all.filter((f) => f.includes('zmq-socket'))).toHaveLength(2);
    expect(all.filter((f) => f.length > 1)).toHaveLength(0);
    expect(all.filter((f) => f.length === 0)).toHaveLength(5);
  });

  it('chooses the same devices for the same seed and different ones for another seed', () => {
    const a = parseFaultSpec('bad-dns=4', 50, 'one');
    const b = parseFaultSpec('bad-dns=4', 50, 'one');
    const c = parseFaultSpec('bad-dns=4', 50, 'two');
    const picked = (m: Map<string, string[]>): string[] => [...m].filter(([, f]) => f.length > 0).map(([n]) => n);
    expect(picked(a)).toEqual(picked(b));
    expect(picked(a)).not.toEqual(picked(c));
  });

  it('puts every fault on at least one device with mixed, and refuses mixed on a fleet too small for it', () => {
    const m = parseFaultSpec('mixed', 100, 'firemend');
    for (const f of MIXED) expect([...m.values()].some((list) => list.includes(f))).toBe(true);
    expect(MIXED).toEqual(FAULTS.filter((f) => !f.startsWith('ha-')));
    expect([...m.values()].filter((l) => l.length === 0).length).toBeGreaterThan(50);
    expect(() => parseFaultSpec('mixed', 5, 'x')).toThrow(/at least 14 devices/);
  });

  it('combines faults with + and wraps around when more faults than devices are asked for', () => {
    const m = parseFaultSpec('no-dns+egress-blocked=2', 3, 's');
    expect([...m.values()].filter((f) => f.length === 2)).toHaveLength(2);
    const wrapped = parseFaultSpec('no-dns=2,slow=2', 2, 's');
    for (const f of wrapped.values()) expect(f.sort()).toEqual(['no-dns', 'slow']);
  });

  it('rejects an unknown fault or a bad count with a message naming it', () => {
    expect(() => parseFaultSpec('no-dsn=1', 3, 's')).toThrow(/unknown fault 'no-dsn'.*no-dns/);
    expect(() => parseFaultSpec('no-dns=x', 3, 's')).toThrow(/count for 'no-dns' must be a whole number/);
  });

  it('names devices ftd-001 … with at least three digits', () => {
    expect(deviceName(0, 5)).toBe('ftd-001');
    expect(deviceName(999, 1000)).toBe('ftd-1000');
    expect(deviceName(41, 1000)).toBe('ftd-0042');
  });
});

describe('parseFaultSpec with named devices', () => {
  it('puts a fault exactly on the devices named after @, with + or a comma list', () => {
    const plus = parseFaultSpec('zmq-socket=@ftd-001+ftd-004', 6, 's');
    const comma = parseFaultSpec('zmq-socket=@ftd-001,ftd-004', 6, 's');
    for (const m of [plus, comma]) {
      expect([...m].filter(([, f]) => f.includes('zmq-socket')).map(([n]) => n)).toEqual(['ftd-001', 'ftd-004']);
      expect([...m.values()].flat()).toHaveLength(2);
    }
  });

  it('leaves the seeded choice of the other terms unchanged', () => {
    const seeded = parseFaultSpec('no-dns=2', 10, 'seed');
    const both = parseFaultSpec('slow=@ftd-010,no-dns=2', 10, 'seed');
    const pick = (m: Map<string, string[]>): string[] => [...m].filter(([, f]) => f.includes('no-dns')).map(([n]) => n);
    expect(pick(both)).toEqual(pick(seeded));
    expect(both.get('ftd-010')).toContain('slow');
  });

  it('rejects a name that is not one of the lab devices', () => {
    expect(() => parseFaultSpec('zmq-socket=@ftd-007', 6, 's')).toThrow(/no lab device named 'ftd-007'/);
    expect(() => parseFaultSpec('zmq-socket=@router1', 6, 's')).toThrow(/'router1' after '@' is not a lab device name/);
  });
});
