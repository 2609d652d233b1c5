// One step on one host: check → [check mode: pending | fix → verify] or remedy. Every error becomes a result with a code.
import { FiremendError } from '../errors.js';
import type { ErrorCode } from '../errors.js';
import { evaluateBool, renderTemplate, renderValue, type Vars } from '../template/index.js';
import { notReadOnlyReason, type Step } from '../playbook/model.js';
import type { Connection } from '../connections/connection.js';
import { parserEntry, type Facts } from '../parsers/index.js';
import type { EventSink } from './events.js';
import type { ErrorInfo, RunMode, StepResult, StepStatus } from './results.js';
import { worseStatus } from './results.js';
import { evaluateExpect } from './expect.js';
import { checkFingerprint } from './fingerprint.js';
import { scopeFor } from './host-vars.js';
import type { PlanGate } from './plan-gate.js';
import type { FixJournal, JournaledAction } from './fix-journal.js';
import type { HaRebootGuard } from './ha-reboot.js';
import { fixView as renderedFixView, renderCheck, renderFix, type RenderedAction } from './actions.js';
import { isoAt } from './timestamp.js';

/** What a step needs about its host that does not change while the host's steps run (one per pass). */
export interface HostContext {
  host: string;
  mode: RunMode;
  connection: Connection;
  /** Play vars < inventory vars < the connection's vars (see host-vars.ts). */
  baseVars: Vars;
  extraVars: Vars;
  window?: { allowsFixNow(): boolean };
  emit: EventSink;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** Applying a saved plan: only the fixes it allows are sent. */
  planGate?: PlanGate;
  /** The run journal: each fix action is recorded (and awaited) before it is sent. */
  journal?: FixJournal;
  /** A unit of an HA pair: its reboots wait for the mate, or are not sent. */
  ha?: HaRebootGuard;
}

/** What the earlier steps of this pass left, as the host runner keeps it; a step reads it and never writes it. */
export interface HostState {
  /** `register:` results of earlier steps on this host. */
  readonly registered: Vars;
  /** Aggregated status of each step already run on this host in this pass (worst over loop items). */
  readonly stepStatus: ReadonlyMap<string, StepStatus>;
  /** For each step that ended pending only because of an earlier pending fix: the step whose fix runs first. */
  readonly waitsFor: ReadonlyMap<string, string>;
  /** A fix was sent on this host in this run: later checks may need time to settle, so they retry. */
  readonly changedSomething: boolean;
}

/** One step's outcome as data; the host runner records it and decides what happens next. */
export interface StepOutcome {
  /** One result per loop item (one for a step without a loop). */
  results: StepResult[];
  /** The step's status for `depends_on`: the worst of its items. */
  status: StepStatus;
  /** The value of the step's `register:`, when it has one. */
  registered?: { name: string; value: unknown };
  /** The step is pending only because of an earlier pending fix: the step whose fix runs first. */
  waitsFor?: string;
  /** At least one fix action was sent. */
  sent: boolean;
  /** A fix could not start because the maintenance window closed. */
  windowClosed: boolean;
  /** The plan refused a fix (the state moved since the plan): why. */
  planRefused?: string;
}

/** What one item did, besides its result. */
interface ItemOutcome {
  result: StepResult;
  reg: Registered;
  sent: boolean;
  windowClosed: boolean;
  planRefused?: string;
}

/** The outcome of one check run. */
interface CheckRun {
  command: string;
  output: string;
  exitStatus?: number;
  facts: Facts;
  passed: boolean;
  failures: string[];
  fingerprint?: string;
  durationMs: number;
  error?: ErrorInfo;
}

/** What `register:` stores for one item. */
interface Registered {
  output: string;
  exit_status: number | undefined;
  facts: Facts;
  passed: boolean;
  status: StepStatus;
}

/** Check errors that an earlier, still pending fix may cure (the dry-run reports them as pending on it). */
const CURABLE_BY_EARLIER_FIX: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['E_PARSE', 'E_COMMAND', 'E_FACT_UNKNOWN']);

/** Codes after which retrying a check cannot help: the connection is gone or the playbook itself is wrong. */
const NOT_RETRYABLE: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['E_TEMPLATE', 'E_DISCONNECTED', 'E_READ_ONLY', 'E_INTERNAL', 'E_NO_PARSER', 'E_SUDO_AUTH', 'E_MODE_UNAVAILABLE', 'E_PASSWORD_EXPIRED']);

// ignore_errors: a failed result stays failed and is marked ignored before anyone sees it (the step_finished
// event and every output built from it, the host runner's decision to go on).
function markIgnored(step: Step, r: StepResult): StepResult {
  if (step.ignoreErrors === true && r.status === 'failed') r.ignored = true;
  return r;
}

/** Run one step (every loop item) on the host; returns its outcome, never throws. */
export async function executeStep(step: Step, ctx: HostContext, state: HostState): Promise<StepOutcome> {
  const started = ctx.now();
  const alone = (r: StepResult, reg: Registered): StepOutcome => outcome(step, [r], [reg], false, { sent: false, windowClosed: false });

  // 1. depends_on: a dependency that did not succeed skips the step (in check mode a pending one does not).
  const gate = dependencyGate(step, ctx.mode, state);
  if (gate.kind === 'skip') return alone({ id: step.id, name: step.name, status: 'skipped', reason: gate.reason, durationMs: 0 }, skippedRegistration());

  // 2. loop: one run per item, each reported.
  let items: { value: unknown }[] | undefined;
  try {
    items = loopItems(step, scopeFor(ctx.baseVars, state.registered, ctx.extraVars));
  } catch (err) {
    const r = markIgnored(step, { id: step.id, name: step.name, status: 'failed', reason: 'loop could not be rendered', error: errorInfo(err), durationMs: ctx.now() - started });
    return alone(r, skippedRegistration('failed'));
  }
  if (items && items.length === 0) return alone({ id: step.id, name: step.name, status: 'skipped', reason: 'loop is empty', durationMs: 0 }, skippedRegistration());

  const results: StepResult[] = [];
  const regs: Registered[] = [];
  const did: { sent: boolean; windowClosed: boolean; planRefused?: string } = { sent: false, windowClosed: false };
  const runs = items ?? [undefined];
  for (let i = 0; i < runs.length; i += 1) {
    const item = runs[i];
    const id = items ? `${step.id}[${i}]` : step.id;
    ctx.emit({ type: 'step_started', at: iso(ctx), host: ctx.host, stepId: id, stepName: step.name });
    // An earlier item's fix counts as a change for the next item's checks.
    const one = await executeOne(step, ctx, state, state.changedSomething || did.sent, id, item, gate.kind === 'after-pending' ? gate : undefined);
    markIgnored(step, one.result);
    ctx.emit({ type: 'step_finished', at: iso(ctx), host: ctx.host, result: one.result });
    results.push(one.result);
    regs.push(one.reg);
    did.sent ||= one.sent;
    did.windowClosed ||= one.windowClosed;
    did.planRefused ??= one.planRefused;
  }
  return outcome(step, results, regs, items !== undefined, did);
}

// The step's aggregated status, its `register:` value and whether it only waits for an earlier fix.
function outcome(step: Step, results: StepResult[], regs: Registered[], looped: boolean, did: { sent: boolean; windowClosed: boolean; planRefused?: string }): StepOutcome {
  const status = results.reduce<StepStatus>((acc, r) => worseStatus(acc, r.status) as StepStatus, 'skipped');
  const out: StepOutcome = { results, status, sent: did.sent, windowClosed: did.windowClosed };
  if (did.planRefused !== undefined) out.planRefused = did.planRefused;
  const waitsFor = status === 'pending' ? results.find((r) => r.afterFixOf !== undefined)?.afterFixOf : undefined;
  // Only a step with no fix of its own that will run for certain is waiting; one pending item of its own makes it a root.
  if (waitsFor !== undefined && results.every((r) => r.status !== 'pending' || r.afterFixOf !== undefined)) out.waitsFor = waitsFor;
  if (step.register !== undefined) {
    const last = regs[regs.length - 1] ?? skippedRegistration();
    out.registered = { name: step.register, value: looped ? { ...last, passed: regs.every((r) => r.passed), status, results: regs } : { ...last, status } };
  }
  return out;
}

function skippedRegistration(status: StepStatus = 'skipped'): Registered {
  return { output: '', exit_status: undefined, facts: {}, passed: false, status };
}

type Gate = { kind: 'run' } | { kind: 'skip'; reason: string } | { kind: 'after-pending'; dep: string; root: string };

// A dependency must have succeeded (ok or changed). In check mode a `pending` one is a fix that would run
// first, so the step still runs its check but cannot be judged a failure: the fix may cure it.
function dependencyGate(step: Step, mode: RunMode, state: HostState): Gate {
  let afterPending: string | undefined;
  for (const dep of step.dependsOn) {
    const st = state.stepStatus.get(dep);
    if (st === 'ok' || st === 'changed') continue;
    if (st === 'pending' && mode === 'check') {
      afterPending ??= dep;
      continue;
    }
    return { kind: 'skip', reason: st === undefined ? `depends on '${dep}', which did not run` : `depends on '${dep}', which is ${st}` };
  }
  if (afterPending === undefined) return { kind: 'run' };
  // A dependency that is itself only waiting for an earlier fix is no fix that will run: follow it to one that will.
  return { kind: 'after-pending', dep: afterPending, root: state.waitsFor.get(afterPending) ?? afterPending };
}

// The loop's items: a literal list, or a template that renders to a list.
function loopItems(step: Step, vars: Vars): { value: unknown }[] | undefined {
  if (step.loop === undefined) return undefined;
  const value = Array.isArray(step.loop) ? step.loop : renderValue(step.loop, vars);
  if (!Array.isArray(value)) {
    throw new FiremendError('E_TEMPLATE', `loop of step '${step.id}' did not render to a list (got ${typeof value})`);
  }
  return value.map((v: unknown) => ({ value: v }));
}

// One item: when → check → outcome.
async function executeOne(
  step: Step,
  ctx: HostContext,
  state: HostState,
  /** A fix was sent on this host before this item: its checks may need to retry while the device settles. */
  changed: boolean,
  id: string,
  item: { value: unknown } | undefined,
  pendingDep: { dep: string; root: string } | undefined,
): Promise<ItemOutcome> {
  const started = ctx.now();
  const base: StepResult = { id, name: step.name, status: 'skipped', durationMs: 0 };
  if (item) base.item = item.value;
  let sent = false;
  let windowClosed = false;
  let planRefused: string | undefined;
  const done = (r: Partial<StepResult> & { status: StepStatus }, run?: CheckRun): ItemOutcome => {
    const result: StepResult = { ...base, ...r, durationMs: ctx.now() - started };
    const reg: Registered = run
      ? { output: run.output, exit_status: run.exitStatus, facts: run.facts, passed: run.passed, status: result.status }
      : skippedRegistration(result.status);
    return { result, reg, sent, windowClosed, ...(planRefused !== undefined ? { planRefused } : {}) };
  };

  try {
    const loop = item ? { name: step.loopVar, value: item.value } : undefined;
    const vars = scopeFor(ctx.baseVars, state.registered, ctx.extraVars, loop);

    // 1. when
    if (step.when && !evaluateBool(step.when, vars)) return done({ status: 'skipped', reason: `when is false: ${step.when.src}` });

    // 2. the read-only check (a step without one always needs its fix or remedy); one declared not_read_only
    // is never sent in check mode (the connection would refuse it anyway)
    if (step.check?.notReadOnly !== undefined && ctx.mode === 'check') {
      return done({ status: 'skipped', reason: notReadOnlyReason(step.check.notReadOnly) });
    }
    let first: CheckRun | undefined;
    let probe: RenderedAction | undefined;
    let fixVars = vars;
    if (step.check) {
      probe = renderCheck(step, vars);
      first = await runCheck(step, probe, vars, ctx, ctx.mode === 'apply' && changed);
      const check = checkView(first);
      if (first.passed) return done({ status: 'ok', check }, first);
      // The fix and the remedy see this check's result under the step's `register` name (read-modify-write).
      if (step.register !== undefined) {
        const own = { output: first.output, exit_status: first.exitStatus, facts: first.facts, passed: false, status: 'pending' };
        fixVars = scopeFor(ctx.baseVars, { ...state.registered, [step.register]: own }, ctx.extraVars, loop);
      }
      // Output the pending fix may change (a check that fails, a parser or the device refusing the probe)
      // is not a failure to predict; a connection that broke is a failure either way.
      if (pendingDep !== undefined && (!first.error || CURABLE_BY_EARLIER_FIX.has(first.error.code))) {
        const fix = fixOffered(step, fixVars) ? { ...renderedFixView(renderFix(step, fixVars)), sent: false } : undefined;
        return done({ status: 'pending', reason: `depends on the pending fix of '${pendingDep.dep}'`, afterFixOf: pendingDep.root, check, ...(fix ? { fix } : {}) }, first);
      }
      if (first.error) {
        // The device cannot give the step's mode: the operator gets the step's manual remedy along with the error.
        const remedy = first.error.code === 'E_MODE_UNAVAILABLE' && step.remedy ? { remedy: renderTemplate(step.remedy, fixVars) } : {};
        return done({ status: 'failed', reason: `check could not run: ${first.error.message}`, check, error: first.error, ...remedy }, first);
      }
    }
    const check = first ? checkView(first) : undefined;
    const withCheck = check ? { check } : {};

    // 3. no automated fix: the operator gets the remedy rendered for this host
    if (!fixOffered(step, fixVars)) {
      if (step.remedy) return done({ status: 'action_required', reason: failureLine(first), ...withCheck, remedy: renderTemplate(step.remedy, fixVars) }, first);
      return done({ status: 'failed', reason: `check failed: ${failureLine(first)}`, ...withCheck, error: { code: 'E_CHECK_FAILED', message: failureLine(first) } }, first);
    }

    // 4. the fix, rendered; in check mode it is only reported (guard one of two: the engine never schedules it)
    const actions = renderFix(step, fixVars);
    const fixView = renderedFixView(actions);
    if (ctx.mode === 'check') return done({ status: 'pending', reason: failureLine(first), ...withCheck, fix: { ...fixView, sent: false } }, first);
    if (ctx.planGate) {
      const refused = ctx.planGate.refuseFix(id, fixView.commands, first?.fingerprint, changed);
      if (refused !== undefined) {
        planRefused = refused;
        return done({ status: 'skipped', reason: refused, ...withCheck, fix: { ...fixView, sent: false } }, first);
      }
    }
    if (ctx.window && !ctx.window.allowsFixNow()) {
      windowClosed = true;
      return done({ status: 'skipped', reason: 'outside the maintenance window: fix not started', ...withCheck, fix: { ...fixView, sent: false } }, first);
    }

    // 5. send it, action by action; a failing action stops the rest. A fix that reboots a unit of an HA pair
    //    starts only when the mate is ready (and the reboot itself checks again).
    const remedy = step.remedy ? renderTemplate(step.remedy, fixVars) : undefined;
    const withRemedy = remedy !== undefined ? { remedy } : {};
    for (const action of [...(ctx.ha && fixView.reboot ? ['ha-ready' as const] : []), ...actions]) {
      try {
        if (action === 'ha-ready') {
          await ctx.ha?.ready(ctx.connection, fixVars, (message) => progress(ctx, step, message));
          continue;
        }
        await sendAction(step, action, ctx, fixVars, () => {
          sent = true;
        });
      } catch (err) {
        const error = errorInfo(err);
        return done({ status: 'failed', reason: `fix failed: ${error.message}`, ...withCheck, fix: { ...fixView, sent }, error, ...withRemedy }, first);
      }
    }

    // 6. verify: the same check again, retried while the device settles
    if (!step.check || !probe) return done({ status: 'changed', fix: { ...fixView, sent }, ...withRemedy }, undefined);
    const verify = await runCheck(step, probe, vars, ctx, true);
    const verifyView = { passed: verify.passed, output: verify.output };
    if (verify.passed) return done({ status: 'changed', ...withCheck, fix: { ...fixView, sent }, verify: verifyView }, verify);
    const error = verify.error ?? { code: 'E_VERIFY_FAILED', message: `check still fails after the fix: ${failureLine(verify)}` };
    return done({ status: 'failed', reason: error.message, ...withCheck, fix: { ...fixView, sent }, verify: verifyView, error, ...withRemedy }, verify);
  } catch (err) {
    const error = errorInfo(err);
    return done({ status: 'failed', reason: error.message, error });
  }
}

// Whether the step has a fix to offer for this host: it has one, and its `fix_when` (if any) holds.
function fixOffered(step: Step, vars: Vars): boolean {
  return step.fix.length > 0 && (step.fixWhen === undefined || evaluateBool(step.fixWhen, vars));
}

// Run the check, retrying a failing run `retries` times `delay` apart when `mayRetry` (after a fix: the device settles).
async function runCheck(step: Step, probe: RenderedAction, vars: Vars, ctx: HostContext, mayRetry: boolean): Promise<CheckRun> {
  const attempts = mayRetry ? step.retries + 1 : 1;
  let run = await checkOnce(step, probe, vars, ctx);
  for (let a = 1; a < attempts && !run.passed; a += 1) {
    if (run.error && NOT_RETRYABLE.has(run.error.code)) break;
    ctx.emit({ type: 'step_progress', at: iso(ctx), host: ctx.host, stepId: step.id, message: `check not passing yet, retry ${a}/${step.retries} in ${step.delayS}s` });
    await ctx.sleep(step.delayS * 1000);
    run = await checkOnce(step, probe, vars, ctx);
  }
  return run;
}

// One run of the check: send, parse, judge. Errors are returned, not thrown.
async function checkOnce(step: Step, probe: RenderedAction, vars: Vars, ctx: HostContext): Promise<CheckRun> {
  const started = ctx.now();
  const check = step.check;
  const command = probe.display;
  const out: CheckRun = { command, output: '', facts: {}, passed: false, failures: [], durationMs: 0 };
  if (!check) return out;
  try {
    // In check mode the connection's guard (two of two) refuses the action unless it is read-only as rendered.
    const res = await ctx.connection.run(probe.action, 'check');
    out.output = res.output;
    // Facts the connection established (an API response) are the step's facts; a parser's are merged over them.
    if (res.facts !== undefined) out.facts = res.facts;
    if (res.exitStatus !== undefined) out.exitStatus = res.exitStatus;
    if (res.deviceError !== undefined) {
      out.error = { code: 'E_COMMAND', message: `the device rejected '${command}': ${res.deviceError}` };
      return out;
    }
    let volatile: readonly string[] = [];
    let absent: readonly string[] = [];
    let parsed: Facts | undefined;
    if (check.parse !== undefined) {
      const parser = parserEntry(check.parse);
      if (!parser) {
        out.error = { code: 'E_NO_PARSER', message: `no parser named '${check.parse}' is built into this version` };
        return out;
      }
      volatile = parser.volatile;
      absent = parser.absent ?? [];
      try {
        parsed = parser.parse(res.output, { command });
      } catch (err) {
        // A parser that trips on output is a parse failure of this step, whatever it threw.
        out.error = err instanceof FiremendError ? errorInfo(err) : { code: 'E_PARSE', message: `${check.parse}: ${err instanceof Error ? err.message : String(err)}` };
        return out;
      }
      out.facts = { ...out.facts, ...parsed };
    }
    out.fingerprint = checkFingerprint(res.output, parsed, volatile);
    const verdict = evaluateExpect(
      check.expect,
      { output: res.output, ...(res.exitStatus !== undefined ? { exitStatus: res.exitStatus } : {}), facts: out.facts, ...(check.parse !== undefined ? { parser: check.parse } : {}), absent },
      vars,
    );
    out.passed = verdict.passed;
    out.failures = verdict.failures;
    // Unknown is not a verdict: neither ok nor the remedy, but a failed step showing the output.
    if (verdict.unknown) out.error = { code: 'E_FACT_UNKNOWN', message: verdict.unknown.message };
  } catch (err) {
    out.error = errorInfo(err);
    out.passed = false;
  } finally {
    out.durationMs = ctx.now() - started;
  }
  return out;
}

// Send one fix action: an HA reboot first waits for the mate, then the journal records the action (awaited:
// nothing leaves unrecorded), `onSend` marks it sent, and its outcome is recorded. A reboot is phased by the
// connection (confirm → down → back → prompt) and logs in again.
async function sendAction(step: Step, rendered: RenderedAction, ctx: HostContext, vars: Vars, onSend: () => void): Promise<void> {
  if (ctx.mode !== 'apply') throw new FiremendError('E_READ_ONLY', 'refusing to send a fix in check mode');
  const { action, display } = rendered;
  if (action.kind === 'reboot') await ctx.ha?.ready(ctx.connection, vars, (message) => progress(ctx, step, message));
  const record: JournaledAction = { host: ctx.host, stepId: step.id, kind: action.kind, command: display };
  await ctx.journal?.sending(record);
  onSend();
  try {
    if (action.kind === 'reboot') {
      progress(ctx, step, `rebooting (up to ${rendered.rebootTimeoutS ?? action.timeoutMs / 1000}s)`);
      ctx.ha?.rebootStarted();
      try {
        await ctx.connection.run(action, 'fix');
        ctx.ha?.rebootEnded(true, true);
      } catch (err) {
        ctx.ha?.rebootEnded(errorInfo(err).code !== 'E_REBOOT_NOT_DOWN', false);
        throw err;
      }
    } else {
      const res = await ctx.connection.run(action, 'fix');
      if (res.deviceError !== undefined) throw new FiremendError('E_COMMAND', `the device rejected '${display}': ${res.deviceError}`);
    }
  } catch (err) {
    await ctx.journal?.finished(record, { ok: false, error: errorInfo(err) });
    throw err;
  }
  await ctx.journal?.finished(record, { ok: true });
}

function progress(ctx: HostContext, step: Step, message: string): void {
  ctx.emit({ type: 'step_progress', at: iso(ctx), host: ctx.host, stepId: step.id, message });
}

function checkView(run: CheckRun): NonNullable<StepResult['check']> {
  const v: NonNullable<StepResult['check']> = { command: run.command, passed: run.passed, output: run.output, durationMs: run.durationMs };
  if (run.exitStatus !== undefined) v.exitStatus = run.exitStatus;
  if (run.fingerprint !== undefined) v.fingerprint = run.fingerprint;
  return v;
}

function failureLine(run: CheckRun | undefined): string {
  if (!run) return 'the step has no check';
  if (run.error) return run.error.message;
  return run.failures.join('; ') || 'check failed';
}

/** A thrown value as report data: firemend errors keep their code, anything else is E_INTERNAL. */
export function errorInfo(err: unknown): ErrorInfo {
  if (err instanceof FiremendError) return { code: err.code, message: err.message };
  return { code: 'E_INTERNAL', message: err instanceof Error ? err.message : String(err) };
}

function iso(ctx: HostContext): string {
  return isoAt(ctx.now());
}
