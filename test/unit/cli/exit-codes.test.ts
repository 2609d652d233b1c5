import { describe, expect, it } from 'vitest';
import { EXIT, EXIT_PRECEDENCE, exitCodeAfterOutputs } from '../../../src/cli/exit-codes.js';

describe('exitCodeAfterOutputs', () => {
  it('keeps the run’s code when every output was written', () => {
    for (const code of EXIT_PRECEDENCE) expect(exitCodeAfterOutputs(code, 0)).toBe(code);
  });

  it('is 74 when an output was not written, unless 130, 75 or 1 applies (they come first)', () => {
    expect(exitCodeAfterOutputs(EXIT.OK, 1)).toBe(74);
    expect(exitCodeAfterOutputs(EXIT.FAILED, 2)).toBe(74);
    expect(exitCodeAfterOutputs(EXIT.STOPPED_EARLY, 1)).toBe(74);
    expect(exitCodeAfterOutputs(EXIT.INTERRUPTED, 1)).toBe(130);
    expect(exitCodeAfterOutputs(EXIT.INPUT, 1)).toBe(1);
  });

  it('documents the precedence the README states', () => {
    expect(EXIT_PRECEDENCE).toEqual([130, 75, 1, 74, 8, 2, 4, 3, 0]);
  });
});
