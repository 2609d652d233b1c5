import { describe, expect, it } from 'vitest';
import { compactIds } from '../../../src/report/step-ids.js';

describe('compactIds', () => {
  it('folds adjacent items of one loop into a range and leaves plain ids as they are', () => {
    expect(compactIds(['dns-resolves', 'cloud-reachable[0]', 'cloud-reachable[1]', 'cloud-reachable[2]', 'tls-path'])).toBe('dns-resolves, cloud-reachable[0-2], tls-path');
  });

  it('keeps gaps visible and never merges items of different loops', () => {
    expect(compactIds(['a[0]', 'a[1]', 'a[3]', 'b[0]', 'a[4]'])).toBe('a[0-1,3], b[0], a[4]');
    expect(compactIds(['x[2]'])).toBe('x[2]');
    expect(compactIds([])).toBe('');
  });
});
