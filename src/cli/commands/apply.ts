// `firemend apply PLAN.json`: apply exactly a saved plan. Everything that can make the plan unusable is found
// before any device is contacted (exit 1): an unreadable, malformed or edited plan, an expired one, changed
// playbook/vars/inventory. Then only the plan's hosts with fixes are worked on; on each, every check runs
// again first and a host whose state moved since the plan is skipped as `stale: <step>` with nothing sent.
import { realpath } from 'node:fs/promises';
import type { Command } from 'commander';
import { Option } from 'commander';
import { PlanError, UsageError } from '../../errors.js';
import { runPlaybook } from '../../engine/run-playbook.js';
import type { RunResult } from '../../engine/results.js';
import { parseWindow } from '../../engine/window.js';
import { matchHosts, resolveLimitPattern, selectHosts } from '../../inventory/host-patterns.js';
import { loadInventory } from '../../inventory/load-inventory.js';
import type { InventoryHost } from '../../inventory/model.js';
import { isSecretVar } from '../../inventory/redact.js';
import { loadPlaybook } from '../../playbook/load-playbook.js';
import { resolveHostVars } from '../../playbook/host-vars.js';
import { hasPendingFix, secretExtraVarValues } from '../../plan/build-plan.js';
import { formatDuration, parseDuration } from '../../plan/max-age.js';
import type { PlanFile } from '../../plan/model.js';
import { createPlanGate } from '../../plan/plan-gate.js';
import { readPlan } from '../../plan/read-plan.js';
import { checkPlanAge, checkPlanInputs } from '../../plan/verify-inputs.js';
import { createJsonReporter } from '../../report/json-reporter.js';
import { createLineReporter } from '../../report/line-reporter.js';
import { writeJunit } from '../../report/junit.js';
import { createRedactor } from '../../report/redact.js';
import { buildReport, writeReport } from '../../report/report-json.js';
import { ReporterMux } from '../../report/reporter.js';
import { SshTransport } from '../../transport/ssh-transport.js';
import { resolveTarget } from '../../transport/target.js';
import type { ConnectTarget, HostKeyPolicy } from '../../transport/transport.js';
import { confirmRun } from '../confirm.js';
import { exitCodeForRun } from '../exit-codes.js';
import { collectRepeatable, parseExtraVars } from '../extra-vars.js';
import { acquireLock, type HeldLock } from '../lock.js';
import { secretsOf, sessionOptions } from './run.js';

const VERSION = '0.1.0';

interface ApplyFlags {
  maxAge: string;
  inventory?: string;
  limit?: string;
  extraVars: string[];
  forks: string;
  report?: string;
  junit?: string;
  output: 'auto' | 'line' | 'json';
  yes?: boolean;
  lock?: string;
  window?: string;
  knownHosts?: string;
  hostKeyPolicy: HostKeyPolicy;
  verbose?: boolean;
}

/** Register the `apply` command. */
export function registerApply(program: Command): void {
  program
    .command('apply')
    .description('apply exactly a saved plan (run --check --plan-out): re-check each host, skip those that moved, send only the planned fixes')
    .argument('<plan>', 'plan file written by firemend run --check --plan-out')
    .option('--max-age <duration>', 'refuse a plan older than this (90s, 30m, 24h, 2d)', '24h')
    .option('-i, --inventory <file>', "the plan's inventory (optional; must be the one the plan was made from)")
    .option('-l, --limit <pattern>', "apply to fewer of the plan's hosts (a:b, a:&b, a:!b, globs, @file)")
    .option('-e, --extra-vars <vars>', "only for the plan's secret extra vars, which it does not store (k=v, @file.yml)", collectRepeatable, [])
    .option('-f, --forks <n>', 'hosts worked on at once', '20')
    .option('--report <file>', 'write the JSON report (schemas/report.schema.json), also when interrupted')
    .option('--junit <file>', 'write a JUnit XML report')
    .addOption(new Option('--output <kind>', 'auto: one line per event; json: JSON lines on stdout').choices(['auto', 'line', 'json']).default('auto'))
    .option('--yes', 'no confirmation prompt (needed when not on a terminal)')
    .option('--lock <file>', 'hold this lock file for the run (exit 75 when another run holds it)')
    .option('--window <HH:MM-HH:MM>', 'local-time maintenance window: no fix starts outside it')
    .option('--known-hosts <file>', 'known_hosts file (default ~/.ssh/known_hosts)')
    .addOption(new Option('--host-key-policy <policy>', 'unknown or changed host keys').choices(['strict', 'accept-new', 'off']).default('strict'))
    .option('-v, --verbose', 'more detail (never secrets)')
    .action(async (planPath: string, flags: ApplyFlags) => {
      process.exitCode = await applyCommand(planPath, flags);
    });
}

// 1. flags → 2. the plan (read, age, inputs) → 3. load → 4. the plan's hosts → 5. confirm/lock → 6. run → 7. report.
async function applyCommand(planPath: string, flags: ApplyFlags): Promise<number> {
  // 1. Flags.
  const forks = Number(flags.forks);
  if (!Number.isInteger(forks) || forks < 1) throw new UsageError(`--forks must be a positive integer (got '${flags.forks}')`);
  const maxAgeMs = parseDuration(flags.maxAge);
  const window = flags.window !== undefined ? parseWindow(flags.window) : undefined;

  // 2. The plan itself: readable, well-formed, unedited, young enough, made from these very files.
  const plan = readPlan(planPath);
  checkPlanAge(plan, maxAgeMs, Date.now(), planPath);
  checkPlanInputs(plan, planPath);
  if (flags.inventory !== undefined && (await sameFile(flags.inventory, plan.inventory.path)) === false) {
    throw new UsageError(`-i ${flags.inventory} is not the inventory the plan was made from (${plan.inventory.path})`);
  }
  const extraVars = await planExtraVars(plan, flags.extraVars, planPath);

  // 3. Load what the plan was made from; a file that changed in between is still a changed input.
  const inventory = await loadInventory(plan.inventory.path);
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
    const limited = new Set(selectHosts(inventory, await resolveLimitPattern(flags.limit)).map((h) => h.name));
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
  const selected = new Map(hostsByPlay.flat().map((h) => [h.name, h]));

  const targets = new Map<string, ConnectTarget | Error>();
  for (const h of selected.values()) {
    try {
      targets.set(h.name, resolveTarget(resolveHostVars(h, { vars: {} }, extraVars), process.env));
    } catch (err) {
      targets.set(h.name, err instanceof Error ? err : new Error(String(err)));
    }
  }
  const redactor = createRedactor([...secretsOf(selected.values(), targets), ...secretExtraVarValues(extraVars, isSecretVar)]);

  // 5. Consent, then the lock.
  const age = formatDuration(Date.now() - Date.parse(plan.created_at));
  process.stderr.write(`firemend: applying ${planPath} (made ${age} ago): ${selected.size} of ${plan.hosts.length} planned hosts have fixes to send\n`);
  const reboots = [...selected.keys()].filter((n) => planHosts.get(n)?.plays.some((p) => p.steps.some((s) => s.status === 'pending' && s.fix?.reboot === true))).length;
  const go = await confirmRun({ hosts: selected.size, reboots, isTTY: process.stdin.isTTY === true && process.stderr.isTTY === true, yes: flags.yes === true, input: process.stdin, output: process.stderr });
  if (!go) {
    process.stderr.write('firemend: not confirmed; nothing was sent\n');
    return 1;
  }
  let lock: HeldLock | undefined;
  if (flags.lock !== undefined) {
    lock = acquireLock(flags.lock);
    if (lock.tookOver) process.stderr.write(`firemend: ${lock.tookOver}\n`);
  }

  // 6. The run, each host behind its plan gate. SIGINT/SIGTERM: no new host starts, in-flight steps end.
  const mux = new ReporterMux(
    [flags.output === 'json' ? createJsonReporter({ output: process.stdout, redactor }) : createLineReporter({ output: process.stdout, verbose: flags.verbose === true })],
    { redactor, onWarning: (m) => process.stderr.write(`firemend: ${m}\n`) },
  );
  const controller = new AbortController();
  let signals = 0;
  const onSignal = (sig: NodeJS.Signals): void => {
    signals += 1;
    if (signals === 1) {
      process.stderr.write(`firemend: ${sig}: finishing in-flight steps, starting nothing new (again to abort at once)\n`);
      controller.abort();
    } else {
      process.stderr.write(`firemend: ${sig} again: exiting now\n`);
      lock?.release();
      process.exit(130);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const exitCodeFor = (r: RunResult): number =>
    exitCodeForRun({ interrupted: r.interrupted, stoppedEarly: r.stoppedEarly !== undefined, summary: r.summary, check: false, detailedExitcode: false });
  let result: RunResult;
  try {
    result = await runPlaybook({
      playbook,
      inventory: plan.inventory.path,
      hostsByPlay,
      extraVars,
      mode: 'apply',
      forks,
      transport: new SshTransport(),
      targetFor: (h) => {
        const t = targets.get(h.name);
        if (t === undefined || t instanceof Error) throw t ?? new UsageError(`host ${h.name}: no connection target`);
        return t;
      },
      sessionOptions: () => sessionOptions(flags),
      emit: (ev) => mux.onEvent(ev),
      signal: controller.signal,
      ...(window ? { window } : {}),
      plan: (p, host) => {
        const planned = planHosts.get(host.name)?.plays.find((pp) => pp.index === p);
        // A host reaches the engine only through the plan, so a missing entry is a bug; refuse every fix then.
        return createPlanGate(planned?.steps ?? [], redactor);
      },
      exitCodeFor,
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    lock?.release();
  }
  await mux.finish();

  // 7. Files, then the exit code.
  const exitCode = exitCodeFor(result);
  if (flags.report !== undefined) writeReport(flags.report, buildReport(result, { exitCode, toolVersion: VERSION, redactor }));
  if (flags.junit !== undefined) writeJunit(flags.junit, result, redactor);
  return exitCode;
}

// The plan's extra vars, with its secret ones given again on the command line (they are not stored).
async function planExtraVars(plan: PlanFile, given: string[], source: string): Promise<Record<string, unknown>> {
  const extra = await parseExtraVars(given);
  const secret = new Set(plan.secret_extra_vars);
  for (const k of Object.keys(extra)) {
    if (!secret.has(k)) throw new UsageError(`-e ${k}: apply reuses the plan's extra vars; only its secret ones (${[...secret].join(', ') || 'none'}) may be given`);
  }
  const missing = [...secret].filter((k) => !(k in extra));
  if (missing.length > 0) throw new PlanError(`${source} was made with secret extra vars it does not store: give them again with -e (${missing.join(', ')})`);
  return { ...plan.extra_vars, ...extra };
}

async function sameFile(a: string, b: string): Promise<boolean> {
  try {
    return (await realpath(a)) === (await realpath(b));
  } catch {
    return false;
  }
}

