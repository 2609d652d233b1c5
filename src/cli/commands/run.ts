// `firemend run PLAYBOOK -i INVENTORY [flags]`: load, select the hosts, then execute (lock, confirm, engine,
// reports, exit code); with --plan-out, the dry-run's events also become a saved plan.
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { playCanReboot } from '../../engine/run-playbook.js';
import { matchHosts } from '../../inventory/host-patterns.js';
import { renderInventoryVars } from '../../inventory/render-vars.js';
import { selectLimit } from '../limit.js';
import type { Inventory, InventoryHost } from '../../inventory/model.js';
import { loadPlaybook } from '../../playbook/load-playbook.js';
import type { Playbook } from '../../playbook/model.js';
import { buildPlan } from '../../plan/build-plan.js';
import { PlayRecorder } from '../../plan/play-recorder.js';
import { signPlan } from '../../plan/sign.js';
import { writePlan } from '../../plan/write-plan.js';
import { executeRun, type AfterRun } from '../execute-run.js';
import { collectRepeatable, parseExtraVars } from '../extra-vars.js';
import { addInventoryOptions, loadInventoryFromFlags, type InventoryFlags } from '../inventory-flags.js';
import { PLAN_KEY_ENV, readPlanKey } from '../plan-key.js';
import { playbookListing, wantsListing, type ListingFlags } from '../playbook-listing.js';
import { addCommonRunOptions, parseRunSettings, type CommonRunFlags } from '../run-flags.js';
import { defaultLockPath } from '../state-dir.js';
import { VERSION } from '../version.js';

interface RunFlags extends CommonRunFlags, InventoryFlags, ListingFlags {
  limit?: string;
  extraVars: string[];
  check?: boolean;
  planOut?: string;
  planKeyFile?: string;
}

/** Register the `run` command. */
export function registerRun(program: Command): void {
  const cmd = program
    .command('run')
    .description('run a playbook against the selected hosts: check, fix where the check fails, verify (--check: dry-run, nothing sent)')
    .argument('<playbook>', 'playbook file (YAML)');
  addInventoryOptions(cmd)
    .option('-l, --limit <pattern>', 'further limit the hosts (a:b, a:&b, a:!b, globs, @file)')
    .option('-e, --extra-vars <vars>', 'extra vars (k=v, @file.yml, or JSON); repeatable, highest precedence', collectRepeatable, [])
    .option('--check', 'dry-run: every check runs, no fix is ever sent')
    .option('--plan-out <file>', 'with --check: also save a reviewable plan')
    .option('--plan-key-file <file>', `sign the plan with the key in this file (default: $${PLAN_KEY_ENV} when set)`)
    .option('--list-hosts', 'list the hosts of each play (after --limit) and exit; nothing is contacted')
    .option('--list-tasks', 'list the steps of each play and exit; nothing is contacted')
    .option('--syntax-check', 'load and check the playbook (and inventory) and exit; nothing is contacted');
  addCommonRunOptions(cmd, {
    yes: 'no confirmation prompt (needed for non-interactive runs that may change devices)',
    detailedExitcode: 'with --check: exit 3 when changes are pending and nothing failed',
  }).action(async (playbookPath: string, flags: RunFlags) => {
    process.exitCode = await runCommand(playbookPath, flags);
  });
}

// 1. validate flags → 2. load → 3. select → 4. execute (lock/confirm, run with signals wired, report) → 5. plan.
async function runCommand(playbookPath: string, flags: RunFlags): Promise<number> {
  // 1. Flags that do not fit together, before anything is read.
  if (flags.planOut !== undefined && !flags.check) throw new UsageError('--plan-out needs --check');
  if (flags.planOut !== undefined && (flags.inventory ?? []).length > 1) throw new UsageError('--plan-out takes one -i (a plan names one inventory)');
  const settings = parseRunSettings(flags);
  const mode = flags.check ? 'check' : 'apply';
  if (flags.planKeyFile !== undefined && flags.planOut === undefined) throw new UsageError('--plan-key-file needs --plan-out');
  const planKey = flags.planOut !== undefined ? readPlanKey(flags.planKeyFile) : undefined;

  // 2. Load: any problem here is exit 1 with nothing contacted.
  const extraVars = await parseExtraVars(flags.extraVars);
  const inventory = await loadInventoryFromFlags(flags, 'run', { playbookDir: dirname(playbookPath) });
  const inventoryPath = inventory.path;
  const playbook = await loadPlaybook(playbookPath, { inventory, extraVars });

  // 3. The hosts of each play: its pattern, intersected with --limit.
  const hostsByPlay = renderSelected(await selectPlayHosts(playbook, inventory, flags.limit), extraVars);
  if (wantsListing(flags)) {
    process.stdout.write(playbookListing(playbook, hostsByPlay, flags));
    return 0;
  }
  const selected = new Set(hostsByPlay.flat().map((h) => h.name));
  if (selected.size === 0) throw new UsageError('no host of the inventory matches the plays (and --limit)');
  const rebootable = new Set(playbook.plays.flatMap((p, i) => (playCanReboot(p) ? (hostsByPlay[i] ?? []).map((h) => h.name) : [])));

  // 4. Execute. Without --lock, runs of the same playbook and inventory still exclude each other, through a
  //    per-user lock file. --plan-out: the run's events, split per host and play, become the plan.
  const recorder = flags.planOut !== undefined ? new PlayRecorder(playbook.plays.map((p) => p.name), hostsByPlay.map((hs) => hs.map((h) => h.name))) : undefined;
  return executeRun({
    playbook,
    inventory: inventoryPath,
    inventorySha256: inventory.sha256,
    hostsByPlay,
    extraVars,
    mode,
    flags,
    settings,
    lockPath: flags.lock ?? defaultLockPath(playbookPath, inventoryPath),
    reboots: rebootable.size,
    ...(recorder
      ? {
          outputs: [{ flag: '--plan-out', path: flags.planOut as string, kind: 'file' as const }],
          tap: (ev) => recorder.onEvent(ev),
          // 5. The plan, from a dry-run that ran to its end.
          afterRun: ({ result, redactor, writeOutput }: AfterRun) => {
            const planOut = flags.planOut as string;
            if (result.interrupted) {
              process.stderr.write('firemend: the dry-run was interrupted: no plan written\n');
              return;
            }
            // The run's own redactor: apply redacts the commands it renders with the same secrets (the plan's
            // play vars and extra vars among them) before comparing them with the plan's, so both must agree.
            writeOutput(`plan ${planOut}`, () => {
              const plan = buildPlan({ result, plays: recorder, playbook, inventory, ...(flags.limit !== undefined ? { limit: flags.limit } : {}), extraVars, redactor, toolVersion: VERSION });
              writePlan(planOut, planKey ? signPlan(plan, planKey) : plan);
              process.stderr.write(`firemend: ${planKey ? 'signed ' : ''}plan written to ${planOut} (review: firemend show ${planOut}; apply: firemend apply ${planOut})\n`);
            });
          },
        }
      : {}),
  });
}

// Each play's hosts: its own pattern (a pattern matching nothing runs the play on no host, as in Ansible) ∩ --limit.
async function selectPlayHosts(playbook: Playbook, inv: Inventory, limit: string | undefined): Promise<InventoryHost[][]> {
  const limited = limit !== undefined ? new Set((await selectLimit(inv, limit)).map((h) => h.name)) : undefined;
  return playbook.plays.map((play) => {
    let hosts: InventoryHost[];
    try {
      hosts = matchHosts(inv, play.hosts);
    } catch {
      hosts = [];
    }
    return limited ? hosts.filter((h) => limited.has(h.name)) : hosts;
  });
}

// Templated inventory vars of the selected hosts, rendered once per host before anything is contacted.
export function renderSelected(hostsByPlay: InventoryHost[][], extraVars: Record<string, unknown>): InventoryHost[][] {
  const done = new Map<string, InventoryHost>();
  return hostsByPlay.map((hs) =>
    hs.map((h) => {
      let r = done.get(h.name);
      if (!r) {
        r = renderInventoryVars(h, extraVars);
        done.set(h.name, r);
      }
      return r;
    }),
  );
}
