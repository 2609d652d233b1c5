// The part of `run` and `apply` after the hosts are known: connection targets, the one redactor, the lock and
// the consent, reporters, signals, the engine, the report files, the closing display and the exit code.
// The commands decide what to run (and `apply` puts each host behind its plan gate); this decides how.
import type { PlanGate } from '../engine/plan-gate.js';
import type { RunEvent } from '../engine/events.js';
import { addressOf } from '../engine/host-runner.js';
import type { RunMode, RunResult } from '../engine/results.js';
import { runPlaybook } from '../engine/run-playbook.js';
import { UsageError } from '../errors.js';
import type { InventoryHost } from '../inventory/model.js';
import { resolveHostVars } from '../playbook/host-vars.js';
import type { Playbook } from '../playbook/model.js';
import { createRedactor, type Redactor } from '../report/redact.js';
import { requestedPaths } from '../report/registry.js';
import { ConnectionRegistry, type ResolvedConnection } from '../connections/registry.js';
import { confirmRun } from './confirm.js';
import { EXIT, exitCodeAfterOutputs, exitCodeForRun } from './exit-codes.js';
import { acquireLock, type HeldLock } from './lock.js';
import { checkOutputPaths, type OutputPath } from './output-paths.js';
import { connectionFlagVars, connectionOptions, type CommonRunFlags, type RunSettings } from './run-flags.js';
import { runOutputs } from './run-output.js';
import { openRunJournal } from './run-journal.js';
import { distinctSecrets, secretEntries } from './run-secrets.js';
import { refuseShortSecrets } from './short-secrets.js';

/** What a finished run hands to the command's own last step. */
export interface AfterRun {
  result: RunResult;
  /** The run's redactor (every secret it knows). */
  redactor: Redactor;
  /** Write one output file (`what` names it: "plan p.json"); a failure is reported and makes the exit code 74. */
  writeOutput: (what: string, write: () => void) => void;
}

export interface ExecuteRunInput {
  playbook: Playbook;
  /** The inventory's path, for the report and the events. */
  inventory: string;
  /** The digest of every inventory file read (for the run journal). */
  inventorySha256: string;
  /** The hosts of each play, already selected, in play order (a play may have none). */
  hostsByPlay: InventoryHost[][];
  extraVars: Record<string, unknown>;
  mode: RunMode;
  flags: CommonRunFlags;
  settings: RunSettings;
  /** The lock file held for the whole run (`--lock`, or the default for the playbook+inventory pair). */
  lockPath: string;
  /** Hosts a fix may reboot, named in the confirmation. */
  reboots: number;
  /** A line said on stderr before the lock and the confirmation (apply: which plan, how old). */
  banner?: string;
  /** Applying a plan: the gate of a host in a play, given the run's redactor. */
  plan?: (redactor: Redactor) => (playIndex: number, host: InventoryHost) => PlanGate | undefined;
  /** Files the command writes itself (run: --plan-out), checked with the shared ones before anything is contacted. */
  outputs?: OutputPath[];
  /** Sees every event before the reporters (run's PlayRecorder for --plan-out). */
  tap?: (event: RunEvent) => void;
  /** After the run, before the report and the closing display (run: writing the plan through writeOutput). */
  afterRun?: (done: AfterRun) => void;
}

/** Run the engine over the selected hosts with everything around it; resolves to the exit code. */
export async function executeRun(input: ExecuteRunInput): Promise<number> {
  const selected = new Map(input.hostsByPlay.flat().map((h) => [h.name, h]));

  // 1. Each host's connection (kind and target), resolved once for the run; a host whose target cannot be built
  //    fails alone, at run time.
  const connections = resolveConnections(selected.values(), { ...input.extraVars, ...connectionFlagVars(input.flags) });
  const targets = new Map([...connections].map(([name, c]) => [name, c instanceof Error ? c : c.target]));

  // 2. One redactor for everything that leaves the process, from every secret the run knows; a secret too
  // short to redact without corrupting device output is refused here, before anything is contacted.
  const secrets = secretEntries({ hosts: [...selected.values()], targets, extraVars: input.extraVars, playVars: input.playbook.plays.map((p) => p.vars) });
  refuseShortSecrets(secrets);
  const redactor = createRedactor(distinctSecrets(secrets));
  try {
    return await executeWithRedactor(input, selected, connections, redactor);
  } catch (err) {
    // The error is printed by main.ts; its message may quote device output or a rendered command.
    throw redactError(err, redactor);
  }
}

async function executeWithRedactor(input: ExecuteRunInput, selected: Map<string, InventoryHost>, connections: Map<string, ResolvedConnection | Error>, redactor: Redactor): Promise<number> {
  const { flags, mode } = input;
  // 3. Every output can be written (exit 1 otherwise, nothing contacted). Then the lock (75 wins over a refused
  //    confirmation, and nobody starts the same rollout while a person is deciding), then consent.
  checkOutputPaths([...requestedPaths(flags), ...(input.outputs ?? [])]);
  if (input.banner !== undefined) process.stderr.write(redactor.redact(`firemend: ${input.banner}\n`));
  const lock: HeldLock = acquireLock(input.lockPath);
  if (lock.tookOver) process.stderr.write(`firemend: ${lock.tookOver}\n`);
  if (mode === 'apply') {
    const go = await confirmRun({ hosts: selected.size, reboots: input.reboots, isTTY: process.stdin.isTTY === true && process.stderr.isTTY === true, yes: flags.yes === true, input: process.stdin, output: process.stderr });
    if (!go) {
      lock.release();
      process.stderr.write('firemend: not confirmed; nothing was sent\n');
      return 1;
    }
  }
  // The run journal (always on): what is sent to which device survives even a SIGKILL.
  let journal;
  try {
    journal = openRunJournal({ playbookPath: input.playbook.path, playbookSha256: input.playbook.sha256, inventory: input.inventory, inventorySha256: input.inventorySha256, mode, hosts: [...selected.keys()] }, redactor);
  } catch (err) {
    lock.release();
    throw err;
  }

  // 4. Every output (report/registry.ts), behind the one mux: redacted, each failure isolated.
  let outputs;
  try {
    outputs = runOutputs(flags, redactor, {
      groupsOf: (name) => selected.get(name)?.groups ?? [],
      addressOf: (name) => {
        const h = selected.get(name);
        const c = connections.get(name);
        return h ? addressOf(h, c === undefined || c instanceof Error ? undefined : c.target) : name;
      },
    });
  } catch (err) {
    // The evidence folder could not be made: a usage error, nothing contacted.
    journal.end(EXIT.INPUT, false);
    lock.release();
    throw err;
  }
  const { mux } = outputs;
  // Lines the outputs buffered for their next write still reach stdout when the process ends abruptly (a crash,
  // a second signal's exit).
  const flushOnExit = (): void => mux.flush();
  process.once('exit', flushOnExit);

  // 5. The run. SIGINT/SIGTERM: no new host starts, in-flight steps end, the report is still written.
  //    A second signal stops at once; the files are then written from what the events told so far.
  const controller = new AbortController();
  let signals = 0;
  const onSignal = (sig: NodeJS.Signals): void => {
    signals += 1;
    if (signals === 1) {
      process.stderr.write(`firemend: ${sig}: finishing in-flight steps, starting nothing new (again to stop at once)\n`);
      controller.abort();
    } else {
      process.stderr.write(`firemend: ${sig} again: stopping now\n`);
      mux.writeFilesNow(outputs.snapshot.result(), EXIT.INTERRUPTED);
      // The live display hid the cursor; give it back.
      if (process.stdout.isTTY === true) process.stdout.write('\u001b[?25h\n');
      journal.end(EXIT.INTERRUPTED, true);
      lock.release();
      process.exit(EXIT.INTERRUPTED);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const exitCodeFor = (r: RunResult): number =>
    exitCodeForRun({ interrupted: r.interrupted, stoppedEarly: r.stoppedEarly !== undefined, summary: r.summary, check: mode === 'check', detailedExitcode: flags.detailedExitcode === true });
  const plan = input.plan?.(redactor);
  // run_finished waits until the files are written: its exit code and the DONE line must say if one was not.
  let finished: Extract<RunEvent, { type: 'run_finished' }> | undefined;
  let result: RunResult;
  try {
    result = await runPlaybook({
      playbook: input.playbook,
      inventory: input.inventory,
      hostsByPlay: input.hostsByPlay,
      extraVars: input.extraVars,
      mode,
      forks: input.settings.forks,
      connectionFor: (h) => {
        const c = connections.get(h.name);
        if (c === undefined || c instanceof Error) throw c ?? new UsageError(`host ${h.name}: no connection target`);
        return c;
      },
      // The transcript goes through the mux's isolation: a full or read-only evidence disk disables the writer
      // with a warning, and never fails the device's step.
      connectionOptions: (h) => {
        const onTranscript = outputs.transcriptFor(h.name);
        return { ...connectionOptions(), ...(onTranscript ? { onTranscript } : {}) };
      },
      emit: (ev) => {
        journal.onEvent(ev);
        input.tap?.(ev);
        if (ev.type === 'run_finished') finished = ev;
        else mux.onEvent(ev);
      },
      signal: controller.signal,
      ...(input.settings.window ? { window: input.settings.window } : {}),
      ...(plan ? { plan } : {}),
      journal,
      exitCodeFor,
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    lock.release();
  }

  // 6. Files first (the closing display says where they are), then the display's end. A file that cannot be
  //    written is said on stderr and in the DONE line and makes the exit code 74; the others are still written.
  //    The command's own files first, then the registry's (the report last of them: its exit_code is the end's).
  const runExitCode = exitCodeFor(result);
  const afterOutputs = (notWritten: number): number => exitCodeAfterOutputs(runExitCode, notWritten);
  input.afterRun?.({ result, redactor, writeOutput: (what, write) => mux.writeOutput(what, write) });
  mux.writeResultFiles(result, afterOutputs);
  const unwritten = mux.notWritten;
  if (finished) mux.onEvent({ ...finished, exitCode: afterOutputs(unwritten.length), ...(unwritten.length > 0 ? { unwritten } : {}) });
  await mux.finish();
  process.off('exit', flushOnExit);
  // SUMMARY.md is written by the evidence writer's finish; the mux has warned and listed it if that failed.
  const notWritten = mux.notWritten;
  const exitCode = afterOutputs(notWritten.length);
  if (notWritten.length > 0) process.stderr.write(redactor.redact(`firemend: the run ended, but not written: ${notWritten.join(', ')} (exit code ${exitCode}${exitCode === EXIT.OUTPUT_NOT_WRITTEN ? ': an output was not written' : ''})\n`));

  // 7. The exit code.
  return exitCode;
}

/** Each host's connection (kind and target) from its merged vars and the environment, or the Error that prevents one. */
function resolveConnections(hosts: Iterable<InventoryHost>, overrides: Record<string, unknown>): Map<string, ResolvedConnection | Error> {
  const registry = new ConnectionRegistry();
  const out = new Map<string, ResolvedConnection | Error>();
  for (const h of hosts) {
    try {
      out.set(h.name, registry.resolve(resolveHostVars(h, { vars: {} }, overrides), process.env));
    } catch (err) {
      out.set(h.name, err instanceof Error ? err : new Error(String(err)));
    }
  }
  return out;
}

// An error ending the command with the run's secrets taken out of its message and stack.
function redactError(err: unknown, redactor: Redactor): unknown {
  if (!(err instanceof Error)) return err;
  err.message = redactor.redact(err.message);
  if (err.stack !== undefined) err.stack = redactor.redact(err.stack);
  return err;
}
