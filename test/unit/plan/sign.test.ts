import { describe, expect, it } from 'vitest';
import { planDigest } from '../../../src/plan/digest.js';
import type { PlanFile } from '../../../src/plan/model.js';
import { checkPlanSignature, planHmac, signPlan } from '../../../src/plan/sign.js';

const key = Buffer.from('0123456789abcdef0123456789abcdef');
function plan(): PlanFile {
  const body = { version: 1, tool: { name: 'firemend', version: '0' }, created_at: '2025-01-01T00:00:00.000Z', extra_vars: { a: 1 }, secret_extra_vars: [], hosts: [] } as unknown as PlanFile;
  return { ...body, sha256: planDigest(body) };
}

describe('plan signatures', () => {
  it('signs the same canonical body the sha256 covers, so signing does not change the digest', () => {
    const p = plan();
    const s = signPlan(p, key);
    expect(s.hmac_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(planDigest(s)).toBe(p.sha256);
    expect(checkPlanSignature(s, key)).toBe('valid');
  });

  it('tells an unsigned plan from one whose body or key differs', () => {
    expect(checkPlanSignature(plan(), key)).toBe('unsigned');
    const s = signPlan(plan(), key);
    const edited = { ...s, extra_vars: { a: 2 } } as PlanFile;
    edited.sha256 = planDigest(edited);
    expect(checkPlanSignature(edited, key)).toBe('invalid');
    expect(checkPlanSignature(s, Buffer.from('another key of sixteen+ bytes'))).toBe('invalid');
    expect(checkPlanSignature({ ...s, hmac_sha256: 'abc' }, key)).toBe('invalid');
  });

  it('depends on key order in no way (canonical JSON)', () => {
    const p = plan();
    const reordered = Object.fromEntries(Object.entries(p).reverse()) as unknown as PlanFile;
    expect(planHmac(reordered, key)).toBe(planHmac(p, key));
  });
});
