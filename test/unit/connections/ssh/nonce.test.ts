import { describe, expect, it } from 'vitest';
import { randomHex } from '../../../../src/connections/ssh/nonce.js';

describe('randomHex', () => {
  it('returns the asked number of bytes as lower-case hex', () => {
    expect(randomHex(6)).toMatch(/^[0-9a-f]{12}$/);
    expect(randomHex(1)).toMatch(/^[0-9a-f]{2}$/);
  });

  it('hands out distinct markers across several refills of its pool', () => {
    // 6 bytes each, 3,000 draws: more than four 4 KiB pools, so refills and the boundary are crossed.
    const seen = new Set<string>();
    for (let i = 0; i < 3000; i++) seen.add(randomHex(6));
    expect(seen.size).toBe(3000);
  });

  it('refuses a request larger than its pool', () => {
    expect(() => randomHex(5000)).toThrow(RangeError);
  });
});
