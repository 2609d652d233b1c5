// One host through one play: open its connection, run the steps in order, close. Never throws: a connection
// failure is an `unreachable` result with its code, any other failure a `failed` one.
import { UNREACHABLE_CODES } from '../errors.js';
import type { InventoryHost } from '../inventory/model.js';
import type { Play } from '../playbook/model.js';
import type { Connection, ConnectionOptions, ResolvedTarget } from '../connections/connection.js';
import type { ResolvedConnection } from '../connections/registry.js';
import type { Vars } from '../template/index.js';
import type { EventSink } from './events.js';
import type { HostResult, HostStatus, RunMode, StepResult, StepStatus } from './results.js';
import { worseStatus } from './results.js';
import { baseHostVars } from './host-vars.js';
import { errorInfo, executeStep, type HostContext } from './step-executor.js';
import type { PlanGate } from './plan-gate.js';
import type { FixJournal } from './fix-journal.js';
import type { HaRebootGuard } from './ha-reboot.js';
import { isoAt } from './timestamp.js';

export interface HostRunOptions {
  play: Play;
  host: InventoryHost;
  mode: RunMode;
  extraVars: Vars;
  /** This host's `register:` results, kept across plays. */
  registered: Vars;
  /** This host's connection kind and target, resolved once per run (an Error when its vars build none). */
  connection: ResolvedConnection | Error;
  options: ConnectionOptions;
  emit: EventSink;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  signal?: AbortSignal;
  window?: { allowsFixNow(): boolean };
  /** Called when a fix could not start because the window closed: the rollout stops. */
  onWindowClosed: () => void;
  /** Applying a saved plan: re-run every check read-only first, let the plan judge them, send only what it allows. */
  plan?: PlanGate;
  /** The run journal: every fix action is recorded before it is sent. */
  journal?: FixJournal;
  /** This host is a unit of an HA pair: its reboots go through the guard. */
  ha?: HaRebootGuard;
}

/** Address shown for a host: where firemend connects (the target's), else its ansible_host. */
export function addressOf(host: InventoryHost, target?: ResolvedTarget): string {
  if (target) return target.address;
  const h = host.vars['ansible_host'];
  return typeof h === 'string' ? h : host.name;
}

/** Run every step of the play on one host. */
export async function runHost(o: HostRunOptions): Promise<HostResult> {
  const started = o.now();
  const at = (): string => isoAt(o.now());
  let address = addressOf(o.host);
  const result = (status: HostStatus, steps: StepResult[], extra: Partial<HostResult> = {}): HostResult => ({
    name: o.host.name,
    address,
    status,
    durationMs: o.now() - started,
    steps,
    ...extra,
  });

  // 1. Where to connect (resolved once for the run); a target that could not be built (missing password
  //    variable …) fails this host only.
  const resolved = o.connection;
  if (resolved instanceof Error) {
    o.emit({ type: 'host_started', at: at(), host: o.host.name, address });
    return finishHost(o, result('failed', [], { error: errorInfo(resolved) }));
  }
  address = addressOf(o.host, resolved.target);
  o.emit({ type: 'host_started', at: at(), host: o.host.name, address });

  // 2. Open the connection; in check mode it refuses anything it cannot prove read-only (guard two of two).
  let currentStep: string | undefined;
  const base = o.options;
  const options: ConnectionOptions = {
    ...base,
    readOnly: o.mode === 'check',
    onProgress: (message) => {
      base.onProgress?.(message);
      if (currentStep !== undefined) o.emit({ type: 'step_progress', at: at(), host: o.host.name, stepId: currentStep, message });
    },
    onWarning: (message) => {
      base.onWarning?.(message);
      o.emit({ type: 'warning', at: at(), host: o.host.name, message });
    },
  };
  let connection: Connection;
  try {
    connection = await resolved.kind.open(resolved.target, options);
  } catch (err) {
    const error = errorInfo(err);
    return finishHost(o, result(UNREACHABLE_CODES.has(error.code) ? 'unreachable' : 'failed', [], { error }));
  }

  // 3. Steps in order. A failed step ends the host's run: the later steps are skipped with that reason.
  const ctx: HostContext = {
    host: o.host.name,
    mode: o.mode,
    connection,
    // Merged once for the host's play: play vars < inventory vars < what the connection established.
    baseVars: { ...baseHostVars(o.play.vars, o.host), ...(connection.vars ?? {}) },
    extraVars: o.extraVars,
    emit: o.emit,
    now: o.now,
    sleep: o.sleep,
    ...(o.window ? { window: o.window } : {}),
    ...(o.journal ? { journal: o.journal } : {}),
    ...(o.ha ? { ha: o.ha } : {}),
  };
  // 3a. Applying a plan: every check first, read-only; a state that moved since the plan leaves the host alone.
  //     The pre-check pass has its own copy of the registered values and no step events (the apply pass that
  //     may follow reports the steps); in check mode the executor never sends a fix.
  if (o.plan) {
    let pre: StepResult[];
    try {
      const checkOnly: HostContext = {
        ...ctx,
        mode: 'check',
        emit: (ev) => {
          if (ev.type === 'warning') o.emit(ev);
        },
      };
      pre = (await runSteps(o, checkOnly, newPass(structuredClone(o.registered)))).steps;
    } catch (err) {
      await connection.close();
      throw err;
    }
    const stale = o.signal?.aborted ? undefined : o.plan.judge(pre);
    if (stale !== undefined) {
      await connection.close();
      const steps = pre.map((r): StepResult => ({ ...r, status: 'skipped', reason: `${stale} (re-checked before anything was sent)` }));
      return finishHost(o, result('skipped', steps, { reason: stale }));
    }
    ctx.planGate = o.plan;
  }

  let steps: StepResult[];
  try {
    const run = await runSteps(o, ctx, newPass(o.registered), (id) => (currentStep = id));
    steps = run.steps;
    if (run.windowClosed) o.onWindowClosed();
  } finally {
    await connection.close();
  }

  // 4. The host's status is the worst of its steps; a failed host carries the first failure's error.
  // An ignored failure counts as ok for the host, as in Ansible.
  const status = steps.length === 0 ? 'ok' : steps.reduce<StepStatus>((acc, r) => worseStatus(acc, r.ignored === true ? 'ok' : r.status) as StepStatus, 'skipped');
  const firstError = steps.find((r) => r.status === 'failed' && r.ignored !== true && r.error)?.error;
  return finishHost(o, result(status, steps, status === 'failed' && firstError ? { error: firstError } : {}));
}

/** One pass over the play's steps on a host: what the earlier steps left, kept by the host runner. */
interface Pass {
  registered: Vars;
  stepStatus: Map<string, StepStatus>;
  waitsFor: Map<string, string>;
  changedSomething: boolean;
}

function newPass(registered: Vars): Pass {
  return { registered, stepStatus: new Map(), waitsFor: new Map(), changedSomething: false };
}

// The step loop of both passes (pre-check and run): each step's outcome is recorded in the pass, and decides
// whether the later steps run. A failure, a plan that refused a fix, a closed window or an interruption
// skips the rest with the reason.
async function runSteps(o: HostRunOptions, ctx: HostContext, pass: Pass, onStep?: (id: string) => void): Promise<{ steps: StepResult[]; windowClosed: boolean }> {
  const steps: StepResult[] = [];
  let stopReason: string | undefined;
  let windowClosed = false;
  for (const step of o.play.steps) {
    if (stopReason === undefined && o.signal?.aborted) stopReason = 'interrupted';
    if (stopReason !== undefined) {
      pass.stepStatus.set(step.id, 'skipped');
      steps.push({ id: step.id, name: step.name, status: 'skipped', reason: stopReason, durationMs: 0 });
      continue;
    }
    onStep?.(step.id);
    const out = await executeStep(step, ctx, pass);
    pass.stepStatus.set(step.id, out.status);
    if (out.waitsFor !== undefined) pass.waitsFor.set(step.id, out.waitsFor);
    if (out.registered) pass.registered[out.registered.name] = out.registered.value;
    pass.changedSomething ||= out.sent;
    steps.push(...out.results);
    const failed = out.results.find((r) => r.status === 'failed' && r.ignored !== true);
    if (failed) stopReason = `after an earlier failure (step '${failed.id}')`;
    else if (out.planRefused !== undefined) stopReason = out.planRefused;
    else if (out.windowClosed) {
      stopReason = 'the maintenance window closed';
      windowClosed = true;
    }
  }
  return { steps, windowClosed };
}

function finishHost(o: HostRunOptions, r: HostResult): HostResult {
  o.emit({ type: 'host_finished', at: isoAt(o.now()), result: r });
  return r;
}

/** A host that never started (rollout stopped, interrupted): skipped as a whole, with the reason. */
export function skippedHost(host: InventoryHost, reason: string, address: string): HostResult {
  return { name: host.name, address, status: 'skipped', durationMs: 0, reason, steps: [] };
}
