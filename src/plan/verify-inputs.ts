// Before apply contacts anything: the plan must be young enough, and the playbook, its vars files and the
// inventory must be byte for byte what the plan was made from.
import { PlanError } from '../errors.js';
import { readInputFile } from '../yaml/input-file.js';
import { formatDuration } from './max-age.js';
import type { PlanFile, PlanInputFile } from './model.js';

/** Refuse a plan older than `maxAgeMs` (or dated in the future beyond a minute of clock skew). */
export function checkPlanAge(plan: PlanFile, maxAgeMs: number, nowMs: number, source: string): void {
  const created = Date.parse(plan.created_at);
  if (!Number.isFinite(created)) throw new PlanError(`${source}: created_at is not a date`);
  const age = nowMs - created;
  if (age < -60_000) throw new PlanError(`${source} was created in the future (${plan.created_at}): check this machine's clock`);
  if (age > maxAgeMs) {
    throw new PlanError(`${source} expired: it was made ${formatDuration(age)} ago (${plan.created_at}), more than --max-age ${formatDuration(maxAgeMs)}; devices may have moved since, make a new plan`);
  }
}

// Hashed as the loaders hash them: the UTF-8 text.
function sha256Of(path: string): string | undefined {
  const file = readInputFile(path, 'input');
  return file.ok ? file.sha256 : undefined;
}

/** Refuse when the playbook, a vars file or the inventory is missing or differs from the plan's digest. */
export function checkPlanInputs(plan: PlanFile, source: string): void {
  const files: [string, PlanInputFile][] = [
    ['playbook', plan.playbook],
    ...plan.playbook.vars_files.map((f): [string, PlanInputFile] => ['vars file', f]),
    ['inventory', plan.inventory],
  ];
  for (const [what, f] of files) {
    const now = sha256Of(f.path);
    if (now === undefined) throw new PlanError(`${source}: the ${what} ${f.path} it was made from cannot be read any more`);
    if (now !== f.sha256) throw new PlanError(`${source}: the ${what} ${f.path} changed since the plan was made; make a new plan`);
  }
}
