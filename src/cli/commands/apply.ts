// `firemend apply PLAN.json`: apply exactly a saved plan. Everything that can make the plan unusable is found
// before any device is contacted (exit 1): an unreadable, malformed or edited plan, an expired one, changed
// playbook/vars/inventory. Then only the plan's hosts with fixes are worked on; on each, every check runs
// again first and a host whose state moved since the plan is skipped as `stale: <step>` with nothing sent.
import { realpath } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { PlanError, UsageError } from '../../errors.js';
import { matchHosts } from '../../inventory/host-patterns.js';
import { selectLimit } from '../limit.js';
import { loadInventory } from '../../inventory/load-inventory.js';
import { addInventoryOptions, vaultSecrets, type InventoryFlags } from '../inventory-flags.js';
import { renderSelected } from './run.js';
import type { InventoryHost } from '../../inventory/model.js';
import { loadPlaybook } from '../../playbook/load-playbook.js';
import { hasPendingFix } from '../../plan/build-plan.js';
import { formatDuration, parseDuration } from '../../plan/max-age.js';
import type { PlanFile } from '../../plan/model.js';
import { createPlanGate } from '../../plan/plan-gate.js';
import { readPlan } from '../../plan/read-plan.js';
import { checkPlanSignature } from '../../plan/sign.js';
import { checkPlanAge, checkPlanInputs } from '../../plan/verify-inputs.js';
import { executeRun } from '../execute-run.js';
import { collectRepeatable, parseExtraVars } from '../extra-vars.js';
import { PLAN_KEY_ENV, readPlanKey } from '../plan-key.js';
import { addCommonRunOptions, parseRunSettings, type CommonRunFlags } from '../run-flags.js';
import { defaultLockPath } from '../state-dir.js';

interface ApplyFlags extends CommonRunFlags, InventoryFlags {
  maxAge: string;
  limit?: string;
  extraVars: string[];
  planKeyFile?: string;
}

/** Register the `apply` command. */
export function registerApply(program: Command): void {
  const cmd = program
    .command('apply')
    .description('apply exactly a saved plan (run --check --plan-out): re-check each host, skip those that moved, send only the planned fixes')
    .argument('<plan>', 'plan file written by firemend run --check --plan-out')
    .option('--max-age <duration>', 'refuse a plan older than this (90s, 30m, 24h, 2d)', '24h');
  addInventoryOptions(cmd, "the plan's inventory (optional; must be the one the plan was made from)")
    .option('-l, --limit <pattern>', "apply to fewer of the plan's hosts (a:b, a:&b, a:!b, globs, @file)")
    .option('-e, --extra-vars <vars>', "only for the plan's secret extra vars, which it does not store (k=v, @file.yml)", collectRepeatable, [])
    .option('--plan-key-file <file>', `apply only a plan signed with the key in this file (default: $${PLAN_KEY_ENV} when set)`);
  addCommonRunOptions(cmd, {
    yes: 'no confirmation prompt (needed when not on a terminal)',
    // Accepted so the flags of `run` carry over; an apply is never a dry-run, so 3 cannot happen.
    detailedExitcode: 'accepted for symmetry with run; no effect: apply never leaves changes pending',
  }).action(async (planPath: string, flags: ApplyFlags) => {
    process.exitCode = await applyCommand(planPath, flags);
  });
}

// 1. flags → 2. the plan (read, age, inputs) → 3. load → 4. the plan's hosts → 5. execute behind the plan gates.
async function applyCommand(planPath: string, flags: ApplyFlags): Promise<number> {
  // 1. Flags.
  const settings = parseRunSettings(flags);
  const maxAgeMs = parseDuration(flags.maxAge);
  const planKey = readPlanKey(flags.planKeyFile);

  // 2. The plan itself: readable, well-formed, unedited (signed, when a key is set), young enough, made from these very files.
  const plan = readPlan(planPath);
  const signature = planKey ? checkPlanSignature(plan, planKey) : undefined;
  if (signature === 'unsigned') throw new PlanError(`${planPath} is not signed, and a plan key is set: only plans signed with it are applied (make one with firemend run --check --plan-out and the same key)`);
  if (signature === 'invalid') throw new PlanError(`${planPath}: its signature does not match: it was changed after it was signed (a re-hashed sha256 does not make an edit valid), or signed with another key`);
  checkPlanAge(plan, maxAgeMs, Date.now(), planPath);
  checkPlanInputs(plan, planPath);
  const given = flags.inventory ?? [];
  if (given.length > 1) throw new UsageError('apply takes one -i: the inventory the plan was made from');
  if (given[0] !== undefined && (await sameFile(given[0], plan.inventory.path)) === false) {
    throw new UsageError(`-i ${given[0]} is not the inventory the plan was made from (${plan.inventory.path})`);
  }
  const extraVars = await planExtraVars(plan, flags.extraVars, planPath);

  // 3. Load what the plan was made from; a file that changed in between is still a changed input.
  const inventory = await loadInventory(plan.inventory.path, { vault: await vaultSecrets(flags), playbookDir: dirname(plan.playbook.path), env: process.env });
  const playbook = await loadPlaybook(plan.playbook.path, { inventory, extraVars });
  if (inventory.sha256 !== plan.inventory.sha256 || playbook.sha256 !== plan.playbook.sha256) {
    throw new PlanError(`${planPath}: the playbook or inventory changed while it was being loaded; make a new plan`);
  }

  // 4. Only the plan's hosts with a fix to send, in each play the plan saw them in.
  const planHosts = new Map(plan.hosts.filter(hasPendingFix).map((h) => [h.name, h]));
  const byName = new Map(inventory.hosts.map((h) => [h.name, h]));
  for (const name of planHosts.keys()) if (!byName.has(name)) throw new PlanError(`${planPath}: host ${name} is not in the inventory`);
  for (const h of planHosts.values()) {
    for (const p of h.plays) {
      if (playbook.plays[p.index]?.name !== p.name) throw new PlanError(`${planPath}: play ${p.index + 1} '${p.name}' of host ${h.name} is not in the playbook`);
    }
  }
  if (flags.limit !== undefined) {
    const limited = new Set((await selectLimit(inventory, flags.limit)).map((h) => h.name));
    for (const name of [...planHosts.keys()]) if (!limited.has(name)) planHosts.delete(name);
  }
  const hostsByPlay: InventoryHost[][] = playbook.plays.map((play, p) => {
    let matched: InventoryHost[];
    try {
      matched = matchHosts(inventory, play.hosts);
    } catch {
      matched = [];
    }
    return matched.filter((h) => planHosts.get(h.name)?.plays.some((pp) => pp.index === p) === true);
  });
  const selected = new Set(hostsByPlay.flat().map((h) => h.name));
  const reboots = [...selected].filter((n) => planHosts.get(n)?.plays.some((p) => p.steps.some((s) => s.status === 'pending' && s.fix?.reboot === true))).length;
  const age = formatDuration(Date.now() - Date.parse(plan.created_at));

  // 5. Execute, each host behind its plan gate. The default lock is the one a `run` of the plan's playbook and
  //    inventory takes, so an apply and a run of the same pair exclude each other.
  return executeRun({
    playbook,
    inventory: plan.inventory.path,
    inventorySha256: inventory.sha256,
    hostsByPlay: renderSelected(hostsByPlay, extraVars),
    extraVars,
    mode: 'apply',
    flags,
    settings,
    lockPath: flags.lock ?? defaultLockPath(plan.playbook.path, plan.inventory.path),
    reboots,
    banner: `applying ${planPath} (made ${age} ago${signatureNote(signature, plan)}): ${selected.size} of ${plan.hosts.length} planned hosts have fixes to send`,
    plan: (redactor) => (p, host) => {
      const planned = planHosts.get(host.name)?.plays.find((pp) => pp.index === p);
      // A host reaches the engine only through the plan, so a missing entry is a bug; refuse every fix then.
      return createPlanGate(planned?.steps ?? [], redactor);
    },
  });
}

// The plan's extra vars, with its secret ones given again in an -e @FILE (they are not stored, and never come from the command line).
async function planExtraVars(plan: PlanFile, given: string[], source: string): Promise<Record<string, unknown>> {
  const extra = await parseExtraVars(given);
  const secret = new Set(plan.secret_extra_vars);
  for (const k of Object.keys(extra)) {
    if (!secret.has(k)) throw new UsageError(`-e ${k}: apply reuses the plan's extra vars; only its secret ones (${[...secret].join(', ') || 'none'}) may be given`);
  }
  const missing = [...secret].filter((k) => !(k in extra));
  if (missing.length > 0) throw new PlanError(`${source} was made with secret extra vars it does not store: give them again with -e @FILE, a vars file holding them (${missing.join(', ')})`);
  return { ...plan.extra_vars, ...extra };
}

function signatureNote(signature: 'valid' | undefined, plan: PlanFile): string {
  if (signature === 'valid') return ', signature valid';
  return plan.hmac_sha256 !== undefined ? `, signed, but not verified: no plan key (${PLAN_KEY_ENV} or --plan-key-file)` : '';
}

async function sameFile(a: string, b: string): Promise<boolean> {
  try {
    return (await realpath(a)) === (await realpath(b));
  } catch {
    return false;
  }
}

