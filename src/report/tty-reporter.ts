// The live terminal display: batches → hosts → the step in flight, with elapsed time; each host's line
// settles to its outcome. listr2 renders; it does not schedule: every host task here is a promise that
// resolves when the engine's host_finished event arrives, so listr2 never decides what runs or stops.
import { Writable } from 'node:stream';
import { DefaultRenderer, Listr, ListrLogger, PRESET_TIMER, ProcessOutput, type ListrTask, type ListrTaskWrapper } from 'listr2';
import { eventHandled, type RunEvent } from '../engine/events.js';
import type { HostResult, RunResult } from '../engine/results.js';
import type { Reporter } from './reporter.js';
import { createStyle, stripSgr, type Style } from './style.js';
import { compactIds } from './step-ids.js';
import { compareHostNames } from './host-order.js';
import { CHECK_NOTICE } from './line-reporter.js';

export interface TtyReporterOptions {
  /** Where the live display goes (the CLI passes process.stdout). */
  output: Writable;
  /** Held back while the display is live and printed after it (the CLI passes process.stderr). Default: output. */
  errorOutput?: Writable;
  /** Colours on or off; the CLI decides (NO_COLOR, FORCE_COLOR). Off strips every colour, listr2's too. */
  color: boolean;
  /** Clock in ms, for elapsed times; injectable for tests. */
  now?: () => number;
  /** How often the elapsed time of the step in flight is refreshed (ms). */
  tickMs?: number;
  /** Text printed after the display, e.g. the recap table, the report path, the --check plan. */
  epilogue?: (result: RunResult, exitCode: number) => string;
}

// listr2 only uses its live renderer when process.stdout is a TTY. The CLI has already chosen this
// reporter for a terminal (or the user asked for `--output tty`), and the stream is injected, so the
// renderer is told to run regardless of what process.stdout is.
class InjectedStreamRenderer extends DefaultRenderer {
  static override nonTTY = true;
}

type HostTask = ListrTaskWrapper<unknown, typeof InjectedStreamRenderer, typeof InjectedStreamRenderer>;

interface HostSlot {
  name: string;
  address?: string;
  startedAt?: number;
  step?: { id: string; name: string; startedAt: number; progress?: string };
  stepsDone: number;
  task?: HostTask;
  settled: boolean;
  result: Promise<HostResult | undefined>;
  resolve: (r: HostResult | undefined) => void;
}

interface Group {
  title: string;
  slots: HostSlot[];
}

/** Format a duration as "850ms", "12s", "3m05s". */
export function formatElapsed(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

const oneLine = (s: string): string => (s.split('\n').find((l) => l.trim() !== '') ?? '').trim();

/**
 * The settled line of a host: name, outcome, and for failures the error code and a one-line reason; then the
 * steps whose failure was ignored (ignore_errors), which did not change the host's outcome.
 */
export function hostOutcomeLine(r: HostResult, st: Style): string {
  const ignored = r.steps.filter((s) => s.status === 'failed' && s.ignored === true).map((s) => s.id);
  return outcomeLine(r, st) + (ignored.length > 0 ? `  ${st.yellow(`ignored failure${ignored.length === 1 ? '' : 's'}: ${compactIds(ignored)}`)}` : '');
}

function outcomeLine(r: HostResult, st: Style): string {
  const ids = (pick: (s: HostResult['steps'][number]) => boolean): string[] => r.steps.filter(pick).map((s) => s.id);
  const head = `${r.name}  ${st.status(r.status)}`;
  switch (r.status) {
    case 'ok':
      return `${head}  ${st.dim(plural(r.steps.filter((s) => s.status === 'ok').length, 'check') + ' passed')}`;
    case 'changed': {
      const rebooted = r.steps.some((s) => s.status === 'changed' && s.fix?.reboot);
      return `${head}  fixed: ${ids((s) => s.status === 'changed').join(', ')}${rebooted ? ' (rebooted)' : ''}`;
    }
    case 'pending': {
      // Steps waiting for an earlier fix are counted, not listed as fixes: a real run only re-checks them after it.
      const direct = r.steps.filter((s) => s.status === 'pending' && s.afterFixOf === undefined);
      const waiting = r.steps.filter((s) => s.status === 'pending' && s.afterFixOf !== undefined);
      const after = waiting.length > 0 ? ` (+${waiting.length} re-checked after ${direct.length === 1 ? 'it' : 'them'})` : '';
      const reboot = direct.some((s) => s.fix?.reboot) ? ' (would reboot)' : waiting.some((s) => s.fix?.reboot) ? ' (may reboot)' : '';
      // The reboot flag before the count: listr2 truncates a long title to the terminal's width, and a reboot must stay visible.
      return `${head}  would fix: ${compactIds(direct.map((s) => s.id)) || 'nothing for certain'}${reboot}${after}`;
    }
    case 'skipped':
      return `${head}  ${r.reason ?? 'skipped'}`;
    case 'action_required': {
      const step = r.steps.find((s) => s.status === 'action_required');
      return `${head}  ${step ? `${step.id}: ${oneLine(step.remedy ?? 'manual remedy in the report')}` : 'manual remedy in the report'}`;
    }
    case 'failed':
    case 'unreachable': {
      const step = r.steps.find((s) => s.status === 'failed' && s.ignored !== true);
      const err = step?.error ?? r.error;
      const code = err?.code ?? (r.status === 'failed' ? 'check_failed' : 'E_UNREACHABLE');
      const reason = oneLine(step?.reason ?? err?.message ?? r.reason ?? r.status);
      return `${head}  [${code}] ${step ? `${step.id}: ` : ''}${reason}`;
    }
  }
}

// A Writable that forwards to `target`, optionally without colour escapes, keeping the terminal size the
// renderer reads. It holds on to target's own write: listr2 swaps the write method of the streams it is
// given while it renders (to hold back stray output), and our forwarded frames must not be caught by that.
function forwarding(target: Writable, strip: boolean): Writable {
  const write = target.write.bind(target) as (chunk: string) => boolean;
  const w = new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      write(strip ? stripSgr(chunk.toString()) : chunk.toString());
      cb();
    },
  });
  const t = target as Writable & { columns?: number; rows?: number; isTTY?: boolean };
  Object.assign(w, { columns: t.columns, rows: t.rows, isTTY: t.isTTY });
  return w;
}

/** The live listr2 display of a run, as a Reporter. */
export function createTtyReporter(options: TtyReporterOptions): Reporter {
  const st = createStyle(options.color);
  const now = options.now ?? (() => Date.now());
  const out = options.color ? options.output : forwarding(options.output, true);
  // Without a separate error stream there is nothing to hold back; a private forwarder keeps listr2's
  // hold-back from catching the display itself.
  const err = options.errorOutput ?? forwarding(options.output, false);
  const processOutput = new ProcessOutput(out as NodeJS.WriteStream, err as NodeJS.WriteStream, { leaveEmptyLine: false });
  const logger = new ListrLogger({ useIcons: true, toStderr: [], processOutput });

  const slots = new Map<string, HostSlot>();
  const warnings: string[] = [];
  let chain: Promise<void> = Promise.resolve();
  let stopReason: string | undefined;
  let final: { result: RunResult; exitCode: number } | undefined;
  let ticker: ReturnType<typeof setInterval> | undefined;
  let finished = false;

  const newSlot = (name: string): HostSlot => {
    let resolve!: (r: HostResult | undefined) => void;
    const result = new Promise<HostResult | undefined>((r) => (resolve = r));
    const slot: HostSlot = { name, stepsDone: 0, settled: false, result, resolve };
    slots.set(name, slot);
    return slot;
  };

  const settle = (slot: HostSlot, r: HostResult | undefined): void => {
    if (slot.settled) return;
    slot.settled = true;
    slot.resolve(r);
  };

  const runningLine = (slot: HostSlot): string => {
    if (slot.startedAt === undefined) return st.dim('waiting for a free fork');
    if (!slot.step) return st.dim(`connecting… ${formatElapsed(now() - slot.startedAt)}`);
    const s = slot.step;
    const progress = s.progress ? st.dim(` · ${oneLine(s.progress)}`) : '';
    return `${s.id}  ${s.name}  ${st.cyan(formatElapsed(now() - s.startedAt))}${progress}`;
  };

  const refresh = (slot: HostSlot): void => {
    if (slot.task && !slot.settled) slot.task.output = runningLine(slot);
  };

  const hostTask = (slot: HostSlot): ListrTask<unknown, typeof InjectedStreamRenderer, typeof InjectedStreamRenderer> => ({
    title: slot.address ? `${slot.name} ${st.dim(`(${slot.address})`)}` : slot.name,
    rendererOptions: { outputBar: 1, persistentOutput: false },
    task: async (_ctx, task) => {
      slot.task = task;
      refresh(slot);
      const r = await slot.result;
      if (r === undefined) {
        task.skip(`${slot.name}  ${st.status('skipped')}  ${final?.result.interrupted ? 'interrupted before it started' : (stopReason ?? 'not started')}`);
        return;
      }
      const line = hostOutcomeLine(r, st);
      if (r.status === 'skipped') {
        task.skip(line);
        return;
      }
      if (r.status === 'failed' || r.status === 'unreachable' || r.status === 'action_required') throw new Error(line);
      task.title = line;
    },
  });

  const runGroup = async (group: Group): Promise<void> => {
    const listr = new Listr<unknown, typeof InjectedStreamRenderer, typeof InjectedStreamRenderer>(
      [
        {
          title: group.title,
          task: (_ctx, task) => task.newListr(group.slots.map(hostTask), { concurrent: true, exitOnError: false }),
        },
      ],
      {
        renderer: InjectedStreamRenderer,
        fallbackRenderer: InjectedStreamRenderer,
        rendererOptions: { logger, timer: PRESET_TIMER, collapseSubtasks: false, collapseErrors: true, showErrorMessage: true, formatOutput: 'truncate' },
        // The CLI owns SIGINT: an interrupted run must still finish its in-flight steps and write the report.
        registerSignalListeners: false,
        exitOnError: false,
      },
    );
    await listr.run();
  };

  const startGroup = (title: string, hosts: string[]): void => {
    // Always fresh slots: a host that is in several plays gets a new line in each play's batch.
    const group: Group = { title, slots: hosts.map(newSlot) };
    chain = chain.then(() => runGroup(group)).catch((err: unknown) => {
      warnings.push(`live display error: ${err instanceof Error ? err.message : String(err)}`);
    });
    if (ticker === undefined) {
      ticker = setInterval(() => {
        for (const s of slots.values()) refresh(s);
      }, options.tickMs ?? 1000);
      ticker.unref();
    }
  };

  return {
    name: 'tty',
    onEvent(e: RunEvent): void {
      if (finished) return;
      switch (e.type) {
        case 'run_started':
          // Before anything moves on screen: a dry-run says so on its first line.
          if (e.mode === 'check') out.write(`${st.bold(CHECK_NOTICE)}\n`);
          return;
        case 'batch_started':
          startGroup(`${e.play}  ${st.dim(`batch ${e.batch}/${e.batches} · ${e.hosts.length} host${e.hosts.length === 1 ? '' : 's'}`)}`, [...e.hosts].sort(compareHostNames));
          return;
        case 'host_started': {
          // A host outside any announced batch still gets a line, in a group of its own.
          if (slots.get(e.host)?.settled !== false) startGroup(e.host, [e.host]);
          const slot = slots.get(e.host) as HostSlot;
          slot.address = e.address;
          slot.startedAt = now();
          if (slot.task) slot.task.title = `${slot.name} ${st.dim(`(${e.address})`)}`;
          refresh(slot);
          return;
        }
        case 'step_started': {
          const slot = slots.get(e.host);
          if (!slot) return;
          slot.step = { id: e.stepId, name: e.stepName, startedAt: now() };
          refresh(slot);
          return;
        }
        case 'step_progress': {
          const slot = slots.get(e.host);
          if (!slot?.step) return;
          slot.step.progress = e.message;
          refresh(slot);
          return;
        }
        case 'step_finished': {
          const slot = slots.get(e.host);
          if (!slot) return;
          slot.stepsDone += 1;
          slot.step = undefined;
          refresh(slot);
          return;
        }
        case 'host_finished': {
          const slot = slots.get(e.result.name);
          if (slot) settle(slot, e.result);
          return;
        }
        case 'warning':
          warnings.push(e.host ? `${e.host}: ${e.message}` : e.message);
          return;
        case 'rollout_stopped':
          stopReason = `rollout stopped: ${e.reason}`;
          return;
        case 'run_finished': {
          final = { result: e.result, exitCode: e.exitCode };
          const byName = new Map(e.result.hosts.map((h) => [h.name, h]));
          for (const s of slots.values()) settle(s, byName.get(s.name));
          return;
        }
        default:
          eventHandled(e);
      }
    },
    async finish(): Promise<void> {
      if (finished) return;
      finished = true;
      // Without run_finished (a hard stop), no host line may keep spinning.
      for (const s of slots.values()) settle(s, undefined);
      await chain;
      if (ticker !== undefined) clearInterval(ticker);
      const tail: string[] = [];
      if (stopReason) tail.push(st.yellow(stopReason));
      for (const w of warnings) tail.push(`${st.yellow('warning:')} ${w}`);
      if (final && options.epilogue) tail.push(options.epilogue(final.result, final.exitCode).replace(/\n+$/, ''));
      if (tail.length > 0) out.write('\n' + tail.join('\n') + '\n');
    },
  };
}
