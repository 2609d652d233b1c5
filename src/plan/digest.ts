// The plan's own digest: sha256 of its body as canonical JSON (keys sorted), so any hand edit shows.
import { createHash } from 'node:crypto';
import { stableJson } from '../engine/fingerprint.js';
import type { PlanBody, PlanFile } from './model.js';

/** sha256 (hex) of the plan body's canonical JSON; the `sha256` field itself is not covered. */
export function planDigest(plan: PlanBody | PlanFile): string {
  const { sha256: _ignored, ...body } = plan as PlanFile;
  return createHash('sha256').update(stableJson(body)).digest('hex');
}
