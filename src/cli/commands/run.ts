// `firemend run PLAYBOOK -i INVENTORY [flags]`: load, select, confirm, run the engine, report, exit code.
import type { Command } from 'commander';
import { Option } from 'commander';
import { UsageError } from '../../errors.js';
import { runPlaybook, playCanReboot } from '../../engine/run-playbook.js';
import type { RunResult } from '../../engine/results.js';
import { parseWindow } from '../../engine/window.js';
import { matchHosts, resolveLimitPattern, selectHosts } from '../../inventory/host-patterns.js';
import { loadInventory } from '../../inventory/load-inventory.js';
import type { Inventory, InventoryHost } from '../../inventory/model.js';
import { loadPlaybook } from '../../playbook/load-playbook.js';
import { resolveHostVars } from '../../playbook/host-vars.js';
import type { Playbook } from '../../playbook/model.js';
import { createJsonReporter } from '../../report/json-reporter.js';
import { createLineReporter } from '../../report/line-reporter.js';
import { writeJunit } from '../../report/junit.js';
import { createRedactor, MIN_SECRET_LENGTH, type Redactor } from '../../report/redact.js';
import { buildReport, writeReport } from '../../report/report-json.js';
import { ReporterMux, type Reporter } from '../../report/reporter.js';
import { SshTransport } from '../../transport/ssh-transport.js';
import { resolveTarget } from '../../transport/target.js';
import type { ConnectTarget, HostKeyPolicy, SessionOptions } from '../../transport/transport.js';
import { confirmRun } from '../confirm.js';
import { exitCodeForRun } from '../exit-codes.js';
import { collectRepeatable, parseExtraVars } from '../extra-vars.js';
import { acquireLock, type HeldLock } from '../lock.js';
import { join } from 'node:path';
import { FiremendError } from '../../errors.js';
import { addressOf } from '../../engine/host-runner.js';
import { renderCheckPlan } from '../../report/check-plan.js';
import { EvidenceWriter } from '../../report/evidence.js';
import { formatRecap } from '../../report/recap.js';
import { RunSnapshot } from '../../report/run-snapshot.js';
import { shouldUseColor } from '../../report/style.js';
import { createTtyReporter } from '../../report/tty-reporter.js';
import { runSecrets } from '../run-secrets.js';
import { defaultLockPath } from '../state-dir.js';
import { buildPlan, secretExtraVarValues } from '../../plan/build-plan.js';
import { PlayRecorder } from '../../plan/play-recorder.js';
import { writePlan } from '../../plan/write-plan.js';
import { isSecretVar } from '../../inventory/redact.js';

const VERSION = '0.1.0';

// The redactor of the run in progress: an error that ends the command is printed by main.ts, and its
// message may quote device output or a rendered command, so it is redacted on the way out.
let runRedactor: Redactor | undefined;

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
      try {
        process.exitCode = await runCommand(playbookPath, flags);
      } catch (err) {
        throw redactError(err, runRedactor);
      }
    });
}

// 1. validate flags → 2. load → 3. select → 4. lock/confirm → 5. run with signals wired → 6. report → exit code.
async function runCommand(playbookPath: string, flags: RunFlags): Promise<number> {
  // 1. Flags that do not fit together, before anything is read.
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
  const redactor = createRedactor(runSecrets({ hosts: selected.values(), targets, extraVars, playVars: playbook.plays.map((p) => p.vars) }));
  runRedactor = redactor;
  if (redactor.skippedShort > 0) {
    process.stderr.write(`firemend: warning: ${redactor.skippedShort} secret(s) shorter than ${MIN_SECRET_LENGTH} characters cannot be redacted from output\n`);
  }

  // 4. The lock first (75 wins over a refused confirmation, and nobody starts the same rollout while a person
  //    is deciding), then consent before changing devices. Without --lock, runs of the same playbook and
  //    inventory still exclude each other, through a per-user lock file.
  const lock: HeldLock = acquireLock(flags.lock ?? defaultLockPath(playbookPath, flags.inventory));
  if (lock.tookOver) process.stderr.write(`firemend: ${lock.tookOver}\n`);
  if (mode === 'apply') {
    const rebootable = new Set(playbook.plays.flatMap((p, i) => (playCanReboot(p) ? (hostsByPlay[i] ?? []).map((h) => h.name) : [])));
    const go = await confirmRun({ hosts: selected.size, reboots: rebootable.size, isTTY: process.stdin.isTTY === true && process.stderr.isTTY === true, yes: flags.yes === true, input: process.stdin, output: process.stderr });
    if (!go) {
      lock.release();
      process.stderr.write('firemend: not confirmed; nothing was sent\n');
      return 1;
    }
  }

  // 5. The run. SIGINT/SIGTERM: no new host starts, in-flight steps end, the report is still written.
  //    A second signal stops at once; the report is then built from what the events told so far.
  const snapshot = new RunSnapshot((name) => {
    const h = selected.get(name);
    const t = targets.get(name);
    return h ? addressOf(h, t instanceof Error ? undefined : t) : name;
  });
  const evidence = flags.evidence !== undefined ? openEvidence(flags.evidence, redactor) : undefined;
  const mux = new ReporterMux([snapshot, ...(evidence ? [evidence] : []), terminalReporter(flags, redactor)], {
    redactor,
    onWarning: (m) => process.stderr.write(`firemend: ${m}\n`),
  });
  const controller = new AbortController();
  let signals = 0;
  const onSignal = (sig: NodeJS.Signals): void => {
    signals += 1;
    if (signals === 1) {
      process.stderr.write(`firemend: ${sig}: finishing in-flight steps, starting nothing new (again to stop at once)\n`);
      controller.abort();
    } else {
      process.stderr.write(`firemend: ${sig} again: stopping now\n`);
      writeFilesNow(snapshot.result(), flags, redactor, evidence);
      lock.release();
      process.exit(130);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // --plan-out: the run's events, split per host and play, become the plan.
  const recorder = flags.planOut !== undefined ? new PlayRecorder(playbook.plays.map((p) => p.name), hostsByPlay.map((hs) => hs.map((h) => h.name))) : undefined;
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
      sessionOptions: (h) => ({ ...sessionOptions(flags), ...(evidence ? { onTranscript: evidence.transcriptFor(h.name) } : {}) }),
      emit: (ev) => {
        recorder?.onEvent(ev);
        mux.onEvent(ev);
      },
      signal: controller.signal,
      ...(window ? { window } : {}),
      exitCodeFor,
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    lock?.release();
  }
  // 6. Files first (the closing display says where they are), then the display's end, then the exit code.
  const exitCode = exitCodeFor(result);
  let writeError: unknown;
  try {
    if (flags.report !== undefined) writeReport(flags.report, buildReport(result, { exitCode, toolVersion: VERSION, redactor }));
    if (flags.junit !== undefined) writeJunit(flags.junit, result, redactor);
  } catch (err) {
    writeError = err;
  }
  await mux.finish();
  if (writeError !== undefined) throw new FiremendError('E_REPORT_WRITE', `the run ended (exit code ${exitCode}) but a report could not be written: ${errorText(writeError)}`);
  if (flags.planOut !== undefined && recorder) {
    if (result.interrupted) process.stderr.write('firemend: the dry-run was interrupted: no plan written\n');
    else {
      const planRedactor = createRedactor([...secretsOf(selected.values(), targets), ...secretExtraVarValues(extraVars, isSecretVar)]);
      writePlan(flags.planOut, buildPlan({ result, plays: recorder, playbook, inventory, ...(flags.limit !== undefined ? { limit: flags.limit } : {}), extraVars, redactor: planRedactor, toolVersion: VERSION }));
      process.stderr.write(`firemend: plan written to ${flags.planOut} (review: firemend show ${flags.planOut}; apply: firemend apply ${flags.planOut})\n`);
    }
  }
  return exitCode;
}

// auto: the live display on a terminal that has a size, one line per event otherwise (pipes, CI logs, cron).
function terminalReporter(flags: RunFlags, redactor: Redactor): Reporter {
  const out = process.stdout;
  const kind = flags.output === 'auto' ? (out.isTTY === true && (out.columns ?? 0) > 0 ? 'tty' : 'line') : flags.output;
  if (kind === 'json') return createJsonReporter({ output: out, redactor });
  if (kind === 'line') return createLineReporter({ output: out, verbose: flags.verbose === true });
  const color = shouldUseColor(process.env, out.isTTY === true);
  return createTtyReporter({ output: out, errorOutput: process.stderr, color, epilogue: (result, exitCode) => runEpilogue(result, exitCode, flags, redactor, color) });
}

// What stays on screen after the live display: the --check plan, the recap, where the files went, the exit code.
function runEpilogue(result: RunResult, exitCode: number, flags: RunFlags, redactor: Redactor, color: boolean): string {
  const parts: string[] = [];
  if (result.mode === 'check') parts.push(renderCheckPlan(result, { redactor, color }).trimEnd(), '');
  parts.push(formatRecap(result).trimEnd(), '');
  parts.push(flags.report !== undefined ? `report: ${flags.report}` : 'report: not written (--report FILE.json keeps one)');
  if (flags.junit !== undefined) parts.push(`JUnit: ${flags.junit}`);
  if (flags.evidence !== undefined) parts.push(`evidence: ${join(flags.evidence, 'SUMMARY.md')}`);
  parts.push(`exit code ${exitCode}`);
  return redactor.redact(parts.join('\n'));
}

// The evidence folder is made before any device is contacted: a folder that cannot be made is a usage error.
function openEvidence(dir: string, redactor: Redactor): EvidenceWriter {
  try {
    return new EvidenceWriter(dir, redactor);
  } catch (err) {
    throw new UsageError(`cannot create the evidence folder ${dir}: ${errorText(err)}`);
  }
}

// A second signal: no await from here on, the process exits right after. Each file is written whole
// (tmp + rename) or not at all; one that fails does not keep the others from being written.
function writeFilesNow(result: RunResult, flags: RunFlags, redactor: Redactor, evidence: EvidenceWriter | undefined): void {
  const attempt = (what: string, fn: () => void): void => {
    try {
      fn();
      process.stderr.write(`firemend: ${what} written (interrupted)\n`);
    } catch (err) {
      process.stderr.write(redactor.redact(`firemend: could not write ${what}: ${errorText(err)}\n`));
    }
  };
  if (flags.report !== undefined) attempt(`report ${flags.report}`, () => writeReport(flags.report as string, buildReport(result, { exitCode: 130, toolVersion: VERSION, redactor })));
  if (flags.junit !== undefined) attempt(`JUnit ${flags.junit}`, () => writeJunit(flags.junit as string, result, redactor));
  // EvidenceWriter.finish writes synchronously before its promise settles; SUMMARY.md says the run is incomplete.
  if (evidence) attempt(`evidence ${evidence.dir}`, () => void evidence.finish());
  // The live display hid the cursor; give it back.
  if (process.stdout.isTTY === true) process.stdout.write('\u001b[?25h\n');
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

// An error ending `run` with the run's secrets taken out of its message and stack.
function redactError(err: unknown, redactor: Redactor | undefined): unknown {
  if (redactor === undefined || !(err instanceof Error)) return err;
  err.message = redactor.redact(err.message);
  if (err.stack !== undefined) err.stack = redactor.redact(err.stack);
  return err;
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

/** Session options from the connection flags (shared with `apply`). */
export function sessionOptions(flags: Pick<RunFlags, 'knownHosts' | 'hostKeyPolicy'>): SessionOptions {
  return {
    ...(flags.knownHosts !== undefined ? { knownHostsPath: flags.knownHosts } : {}),
    hostKeyPolicy: flags.hostKeyPolicy,
    connectTimeoutMs: 15_000,
    promptTimeoutMs: 30_000,
    commandTimeoutMs: 120_000,
  };
}

// Every secret the run knows: resolved passwords and passphrases, and inventory values of secret variables.
export function secretsOf(hosts: Iterable<InventoryHost>, targets: Map<string, ConnectTarget | Error>): string[] {
  return runSecrets({ hosts, targets });
}
