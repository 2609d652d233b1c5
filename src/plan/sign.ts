// Signed plans. The plain `sha256` of a plan catches accidents (a hand edit, a truncated copy); anyone who can
// write the file can also recompute it. With a secret key (FIREMEND_PLAN_KEY or --plan-key-file), the plan also
// carries an HMAC-SHA256 of the same canonical JSON, which only a holder of the key can produce; an `apply`
// that has the key refuses a plan without a valid one.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalPlanBody } from './digest.js';
import type { PlanFile } from './model.js';

/** Shorter keys are refused: an HMAC is only as strong as its key. */
export const MIN_PLAN_KEY_BYTES = 16;

/** HMAC-SHA256 (hex) of the plan's canonical body with `key`. */
export function planHmac(plan: PlanFile, key: Buffer): string {
  return createHmac('sha256', key).update(canonicalPlanBody(plan)).digest('hex');
}

/** The plan with its signature. */
export function signPlan(plan: PlanFile, key: Buffer): PlanFile {
  return { ...plan, hmac_sha256: planHmac(plan, key) };
}

/** Whether a plan carries a signature made with `key` (compared in constant time). */
export function checkPlanSignature(plan: PlanFile, key: Buffer): 'valid' | 'unsigned' | 'invalid' {
  if (plan.hmac_sha256 === undefined) return 'unsigned';
  const want = Buffer.from(planHmac(plan, key), 'hex');
  const got = Buffer.from(plan.hmac_sha256, 'hex');
  return got.length === want.length && timingSafeEqual(got, want) ? 'valid' : 'invalid';
}
