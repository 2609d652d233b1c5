import { describe, expect, it } from 'vitest';
import { isoAt } from '../../../src/engine/timestamp.js';

describe('isoAt', () => {
  it('is toISOString of the millisecond asked, also when asked again or going back', () => {
    for (const ms of [0, 1_764_547_200_000, 1_764_547_200_000, 1_764_547_200_001, 1_764_547_199_999, 0]) {
      expect(isoAt(ms)).toBe(new Date(ms).toISOString());
    }
  });
});
