import { describe, expect, it } from 'vitest';
import { parseWindow } from '../../../src/engine/window.js';
import { UsageError } from '../../../src/errors.js';

// Local-time instants on a fixed day, so the tests hold in any time zone.
const at = (h: number, m: number, s = 0, day = 15): Date => new Date(2025, 4, day, h, m, s);

describe('parseWindow', () => {
  it('allows fixes only between start and end of a same-day window', () => {
    const w = parseWindow('09:30-17:00');
    expect(w.allowsFixNow(at(9, 29, 59))).toBe(false);
    expect(w.allowsFixNow(at(9, 30))).toBe(true);
    expect(w.allowsFixNow(at(16, 59, 59))).toBe(true);
    expect(w.allowsFixNow(at(17, 0))).toBe(false);
  });

  it('supports a window that crosses midnight', () => {
    const w = parseWindow('22:00-02:00');
    expect(w.allowsFixNow(at(21, 59))).toBe(false);
    expect(w.allowsFixNow(at(22, 0))).toBe(true);
    expect(w.allowsFixNow(at(23, 59, 59))).toBe(true);
    expect(w.allowsFixNow(at(0, 0))).toBe(true);
    expect(w.allowsFixNow(at(1, 59))).toBe(true);
    expect(w.allowsFixNow(at(2, 0))).toBe(false);
    expect(w.allowsFixNow(at(12, 0))).toBe(false);
    expect(w.describe()).toBe('22:00-02:00 local time (crosses midnight)');
  });

  it('says when an open window closes, on the right day', () => {
    const w = parseWindow('22:00-02:00');
    expect(w.closesAt(at(23, 0))).toEqual(at(2, 0, 0, 16));
    expect(w.closesAt(at(1, 0, 0, 16))).toEqual(at(2, 0, 0, 16));
    const day = parseWindow('09:00-17:00');
    expect(day.closesAt(at(10, 0))).toEqual(at(17, 0));
    expect(day.closesAt(at(18, 0))).toEqual(at(17, 0, 0, 16));
  });

  it('says when a shut window next opens', () => {
    const w = parseWindow('22:00-02:00');
    expect(w.opensAt(at(12, 0))).toEqual(at(22, 0));
    expect(w.opensAt(at(23, 0))).toEqual(at(23, 0));
    expect(parseWindow('01:00-03:00').opensAt(at(4, 0))).toEqual(at(1, 0, 0, 16));
  });

  it('uses the injected clock when no instant is given', () => {
    let now = at(21, 0);
    const w = parseWindow('22:00-23:00', { now: () => now });
    expect(w.allowsFixNow()).toBe(false);
    now = at(22, 30);
    expect(w.allowsFixNow()).toBe(true);
    expect(w.closesAt()).toEqual(at(23, 0));
  });

  it('rejects malformed windows with a usage error that shows the expected form', () => {
    for (const bad of ['', '22:00', '22-02', '24:00-01:00', '10:60-11:00', '10:00-10:00', 'a:bc-01:00', '10:00-11:00-12:00']) {
      expect(() => parseWindow(bad), bad).toThrow(UsageError);
    }
    expect(() => parseWindow('22-02')).toThrow(/HH:MM-HH:MM/);
  });

  it('accepts single-digit hours and surrounding spaces', () => {
    expect(parseWindow(' 7:05 - 9:00 ').describe()).toBe('07:05-09:00 local time');
  });
});
