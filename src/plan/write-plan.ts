// Plans are written whole or not at all, like reports.
import { writeFileAtomic } from '../report/atomic-write.js';
import type { PlanFile } from './model.js';

/** Write the plan as pretty JSON, atomically. */
export function writePlan(path: string, plan: PlanFile): void {
  writeFileAtomic(path, JSON.stringify(plan, null, 2) + '\n');
}
