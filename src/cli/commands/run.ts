// `firemend run PLAYBOOK -i INVENTORY [flags]`: load, select, confirm, run the engine, report, exit code.
import type { Command } from 'commander';
import { Option } from 'commander';
import { UsageError } from '../../errors.js';
import { runPlaybook, playCanReboot } from '../../engine/run-playbook.js';
import type { RunResult } from '../../engine/results.js';
import { parseWindow } from '../../engine/window.js';
import { matchHosts, resolveLimitPattern, selectHosts } from '../../inventory/host-patterns.js';
import { loadInventory } from '../../inventory/load-inventory.js';
import { SECRET_VARS, type Inventory, type InventoryHost } from '../../inventory/model.js';
import { loadPlaybook } from '../../playbook/load-playbook.js';
import { resolveHostVars } from '../../playbook/host-vars.js';
import type { Playbook } from '../../playbook/model.js';
import { createJsonReporter } from '../../report/json-reporter.js';
import { createLineReporter } from '../../report/line-reporter.js';
import { writeJunit } from '../../report/junit.js';
import { createRedactor } from '../../report/redact.js';
import { buildReport, writeReport } from '../../report/report-json.js';
import { ReporterMux } from '../../report/reporter.js';
import { SshTransport } from '../../transport/ssh-transport.js';
import { resolveTarget } from '../../transport/target.js';
import type { ConnectTarget, HostKeyPolicy, SessionOptions } from '../../transport/transport.js';
import { confirmRun } from '../confirm.js';
import { exitCodeForRun } from '../exit-codes.js';
import { collectRepeatable, parseExtraVars } from '../extra-vars.js';
import { acquireLock, type HeldLock } from '../lock.js';

const VERSION = '0.1.0';

interface RunFlags {
  inventory?: string;
  limit?: string;
  extraVars: string[];
  forks: string;
  check?: boolean;
  planOut?: string;
  report?: string;
  junit?: string;
  evidence?: string;
  output: 'auto' | 'tty' | 'line' | 'json';
  yes?: boolean;
  lock?: string;
  window?: string;
  knownHosts?: string;
  hostKeyPolicy: HostKeyPolicy;
  detailedExitcode?: boolean;
  verbose?: boolean;
}

/** Register the `run` command. */
export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run a playbook against the selected hosts: check, fix where the check fails, verify (--check: dry-run, nothing sent)')
    .argument('<playbook>', 'playbook file (YAML)')
    .option('-i, --inventory <file>', 'inventory file (Ansible YAML format)')
    .option('-l, --limit <pattern>', 'further limit the hosts (a:b, a:&b, a:!b, globs, @file)')
    .option('-e, --extra-vars <vars>', 'extra vars (k=v, @file.yml, or JSON); repeatable, highest precedence', collectRepeatable, [])
    .option('-f, --forks <n>', 'hosts worked on at once', '20')
    .option('--check', 'dry-run: every check runs, no fix is ever sent')
    .option('--plan-out <file>', 'with --check: also save a reviewable plan')
    .option('--report <file>', 'write the JSON report (schemas/report.schema.json), also when interrupted')
    .option('--junit <file>', 'write a JUnit XML report')
    .option('--evidence <dir>', 'per-host before/after outputs, commands, redacted transcript, Markdown summary')
    .addOption(new Option('--output <kind>', 'auto: progress on a TTY, one line per event otherwise; json: JSON lines on stdout').choices(['auto', 'tty', 'line', 'json']).default('auto'))
    .option('--yes', 'no confirmation prompt (needed for non-interactive runs that may change devices)')
    .option('--lock <file>', 'hold this lock file for the run (exit 75 when another run holds it)')
    .option('--window <HH:MM-HH:MM>', 'local-time maintenance window: no fix starts outside it')
    .option('--known-hosts <file>', 'known_hosts file (default ~/.ssh/known_hosts)')
    .addOption(new Option('--host-key-policy <policy>', 'unknown or changed host keys').choices(['strict', 'accept-new', 'off']).default('strict'))
    .option('--detailed-exitcode', 'with --check: exit 3 when changes are pending and nothing failed')
    .option('-v, --verbose', 'more detail (never secrets)')
    .action(async (playbookPath: string, flags: RunFlags) => {
      process.exitCode = await runCommand(playbookPath, flags);
    });
}

// 1. validate flags → 2. load → 3. select → 4. confirm/lock → 5. run with signals wired → 6. report → exit code.
async function runCommand(playbookPath: string, flags: RunFlags): Promise<number> {
  // 1. Flags that are declared but whose part is not built yet say so instead of being ignored.
  if (flags.planOut !== undefined) throw new UsageError('--plan-out is not built yet in this version');
  if (flags.evidence !== undefined) throw new UsageError('--evidence is not built yet in this version');
  if (flags.output === 'tty') throw new UsageError('--output tty (the live progress view) is not built yet in this version; use --output line or json');
  if (flags.planOut !== undefined && !flags.check) throw new UsageError('--plan-out needs --check');
  if (!flags.inventory) throw new UsageError('firemend run needs -i INVENTORY');
  const forks = Number(flags.forks);
  if (!Number.isInteger(forks) || forks < 1) throw new UsageError(`--forks must be a positive integer (got '${flags.forks}')`);
  const window = flags.window !== undefined ? parseWindow(flags.window) : undefined;
  const mode = flags.check ? 'check' : 'apply';

  // 2. Load: any problem here is exit 1 with nothing contacted.
  const extraVars = await parseExtraVars(flags.extraVars);
  const inventory = await loadInventory(flags.inventory);
  const playbook = await loadPlaybook(playbookPath, { inventory, extraVars });

  // 3. The hosts of each play: its pattern, intersected with --limit.
  const hostsByPlay = await selectPlayHosts(playbook, inventory, flags.limit);
  const selected = new Map(hostsByPlay.flat().map((h) => [h.name, h]));
  if (selected.size === 0) throw new UsageError('no host of the inventory matches the plays (and --limit)');

  // Targets are resolved once per host; a host whose target cannot be built fails alone, at run time.
  const targets = new Map<string, ConnectTarget | Error>();
  for (const h of selected.values()) {
    try {
      targets.set(h.name, resolveTarget(resolveHostVars(h, { vars: {} }, extraVars), process.env));
    } catch (err) {
      targets.set(h.name, err instanceof Error ? err : new Error(String(err)));
    }
  }
  const redactor = createRedactor(secretsOf(selected.values(), targets));

  // 4. Consent before changing devices, then the lock (exit 75 when held).
  if (mode === 'apply') {
    const rebootable = new Set(playbook.plays.flatMap((p, i) => (playCanReboot(p) ? (hostsByPlay[i] ?? []).map((h) => h.name) : [])));
    const go = await confirmRun({ hosts: selected.size, reboots: rebootable.size, isTTY: process.stdin.isTTY === true && process.stderr.isTTY === true, yes: flags.yes === true, input: process.stdin, output: process.stderr });
    if (!go) {
      process.stderr.write('firemend: not confirmed; nothing was sent\n');
      return 1;
    }
  }
  let lock: HeldLock | undefined;
  if (flags.lock !== undefined) {
    lock = acquireLock(flags.lock);
    if (lock.tookOver) process.stderr.write(`firemend: ${lock.tookOver}\n`);
  }

  // 5. The run. SIGINT/SIGTERM: no new host starts, in-flight steps end, the report is still written.
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
    exitCodeForRun({ interrupted: r.interrupted, stoppedEarly: r.stoppedEarly !== undefined, summary: r.summary, check: mode === 'check', detailedExitcode: flags.detailedExitcode === true });
  let result: RunResult;
  try {
    result = await runPlaybook({
      playbook,
      inventory: flags.inventory,
      hostsByPlay,
      extraVars,
      mode,
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
      exitCodeFor,
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    lock?.release();
  }
  await mux.finish();

  // 6. Files, then the exit code.
  const exitCode = exitCodeFor(result);
  if (flags.report !== undefined) writeReport(flags.report, buildReport(result, { exitCode, toolVersion: VERSION, redactor }));
  if (flags.junit !== undefined) writeJunit(flags.junit, result, redactor);
  return exitCode;
}

// Each play's hosts: its own pattern (a pattern matching nothing runs the play on no host, as in Ansible) ∩ --limit.
async function selectPlayHosts(playbook: Playbook, inv: Inventory, limit: string | undefined): Promise<InventoryHost[][]> {
  const limited = limit !== undefined ? new Set(selectHosts(inv, await resolveLimitPattern(limit)).map((h) => h.name)) : undefined;
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

function sessionOptions(flags: RunFlags): SessionOptions {
  return {
    ...(flags.knownHosts !== undefined ? { knownHostsPath: flags.knownHosts } : {}),
    hostKeyPolicy: flags.hostKeyPolicy,
    connectTimeoutMs: 15_000,
    promptTimeoutMs: 30_000,
    commandTimeoutMs: 120_000,
  };
}

// Every secret the run knows: resolved passwords and passphrases, and inventory values of secret variables.
function secretsOf(hosts: Iterable<InventoryHost>, targets: Map<string, ConnectTarget | Error>): string[] {
  const out = new Set<string>();
  const add = (v: unknown): void => {
    if (typeof v === 'string' && v !== '') out.add(v);
  };
  for (const h of hosts) {
    for (const k of SECRET_VARS) add(h.vars[k]);
    let t: ConnectTarget | Error | undefined = targets.get(h.name);
    while (t !== undefined && !(t instanceof Error)) {
      add(t.password);
      add(t.passphrase);
      add(t.sudoPassword);
      t = t.jump;
    }
  }
  return [...out];
}
