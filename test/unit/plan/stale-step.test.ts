import { describe, expect, it } from 'vitest';
import type { StepResult } from '../../../src/engine/results.js';
import type { PlanStep } from '../../../src/plan/model.js';
import { createPlanGate, staleStep } from '../../../src/plan/plan-gate.js';
import { createRedactor } from '../../../src/report/redact.js';

const FP = 'a'.repeat(64);
const now = (id: string, status: StepResult['status'], fingerprint = FP): StepResult => ({ id, name: id, status, check: { command: 'c', passed: status === 'ok', output: '', fingerprint }, durationMs: 0 });
const planned = (id: string, status: PlanStep['status'], fingerprint = FP): PlanStep => ({ id, name: id, status, check: { command: 'c', passed: status === 'ok', fingerprint, duration_ms: 0 } });

describe('which re-checked steps make a host stale', () => {
  it('never a check that passes now, whether or not it ran at plan time', () => {
    expect(staleStep([planned('dns', 'pending')], [now('dns', 'ok'), now('cloud[0]', 'ok')])).toBeUndefined();
    expect(staleStep([planned('dns', 'pending'), planned('cloud', 'skipped')], [now('dns', 'ok'), now('cloud', 'ok')])).toBeUndefined();
  });

  it('a check that fails now but passed at plan time, or failed differently then', () => {
    expect(staleStep([planned('dns', 'ok')], [now('dns', 'pending')])).toBe('dns');
    expect(staleStep([planned('dns', 'pending')], [now('dns', 'pending', 'b'.repeat(64))])).toBe('dns');
    expect(staleStep([planned('dns', 'pending')], [now('dns', 'pending')])).toBeUndefined();
  });

  it('not a check the plan holds no result for; its fix, not being in the plan, is refused when it comes to it', () => {
    expect(staleStep([], [now('cloud[0]', 'pending')])).toBeUndefined();
    expect(staleStep([planned('cloud', 'skipped')], [now('cloud', 'action_required')])).toBeUndefined();
    const gate = createPlanGate([], createRedactor([]));
    expect(gate.refuseFix('cloud[0]', ['x'], FP, false)).toBe('stale: cloud[0] (its fix is not in the plan)');
  });
});
