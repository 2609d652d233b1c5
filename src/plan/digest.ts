// The plan's own digest: sha256 of its body as canonical JSON (keys sorted), so any hand edit shows.
import { createHash } from 'node:crypto';
import { stableJson } from '../engine/fingerprint.js';
import type { PlanBody, PlanFile } from './model.js';

/** The canonical JSON both seals cover: the body, without the `sha256` and `hmac_sha256` fields themselves. */
export function canonicalPlanBody(plan: PlanBody | PlanFile): string {
  const { sha256: _digest, hmac_sha256: _hmac, ...body } = plan as PlanFile;
  return stableJson(body);
}

/** sha256 (hex) of the plan body's canonical JSON. */
export function planDigest(plan: PlanBody | PlanFile): string {
  return createHash('sha256').update(canonicalPlanBody(plan)).digest('hex');
}
