// Before apply contacts anything: the plan must be young enough, and the playbook, its vars files and the
// inventory must be byte for byte what the plan was made from.
import { resolve as resolvePath } from 'node:path';
import { PlanError } from '../errors.js';
import { readInputFile } from '../yaml/input-file.js';
import { formatDuration } from './max-age.js';
import type { RemoteDeviceList } from '../inventory/model.js';
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

/**
 * Refuse when an FMC that a `plugin: fmc` inventory read lists other devices than at the dry-run (added, removed,
 * renamed, readdressed or re-paired; health changes do not count), or when the inventory now reads a different
 * set of FMCs.
 */
export function checkPlanDeviceLists(plan: PlanFile, now: readonly RemoteDeviceList[] | undefined, source: string): void {
  const then = plan.inventory.fmc_device_lists ?? [];
  const key = (l: { source: string; fmc: string }): string => `${resolvePath(l.source)}\u0000${l.fmc}`;
  const current = new Map((now ?? []).map((l) => [key(l), l]));
  for (const old of then) {
    const cur = current.get(key(old));
    if (cur === undefined) throw new PlanError(`${source}: the inventory no longer reads the FMC ${old.fmc} (${old.source}) it was made from; make a new plan`);
    if (cur.sha256 !== old.sha256) {
      const counts = cur.devices === old.devices ? `still ${cur.devices} devices, but their names, addresses, ids or HA pairs differ` : `${cur.devices} devices now, ${old.devices} then`;
      throw new PlanError(`${source}: the FMC ${old.fmc} (${old.source}) lists other devices than when the plan was made (${counts}); make a new plan`);
    }
    current.delete(key(old));
  }
  const extra = [...current.values()][0];
  if (extra !== undefined) throw new PlanError(`${source}: the inventory now reads the FMC ${extra.fmc} (${extra.source}), which the plan was not made from; make a new plan`);
}
