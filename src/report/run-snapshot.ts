// What is known about a run at any instant, rebuilt from its events. A second Ctrl-C stops the process at
// once, before the engine returns its RunResult; the report must still be written (CONTRACT.md), so the CLI
// keeps this snapshot and builds the report from it synchronously.
import { eventHandled, type RunEvent } from '../engine/events.js';
import type { HostResult, RunResult, StepResult } from '../engine/results.js';
import { summarize, worseStatus } from '../engine/results.js';
import type { Reporter } from './reporter.js';

interface Live {
  address: string;
  startedAtMs: number;
  steps: StepResult[];
  /** The step in flight when the process stopped, if any, with its last progress message (`rebooting …`). */
  inFlight?: { id: string; name: string; startedAtMs: number; progress?: string };
}

/** Collects run events so a RunResult can be produced even when the run never finishes. */
export class RunSnapshot implements Reporter {
  readonly name = 'snapshot';
  private run?: { playbook: string; inventory: string; mode: 'check' | 'apply'; startedAt: string; hosts: string[] };
  private readonly done = new Map<string, HostResult>();
  private readonly live = new Map<string, Live>();
  private stoppedEarly?: string;
  private final?: RunResult;

  constructor(
    /** Where a host that never started would have been reached (the engine's addressOf), for the report. */
    private readonly addressOf: (host: string) => string = () => '',
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Feed every event of the run, in order. */
  onEvent(e: RunEvent): void {
    switch (e.type) {
      case 'run_started':
        this.run = { playbook: e.playbook, inventory: e.inventory, mode: e.mode, startedAt: e.at, hosts: e.hosts };
        return;
      case 'host_started':
        this.live.set(e.host, { address: e.address, startedAtMs: Date.parse(e.at), steps: [] });
        return;
      case 'step_started': {
        const l = this.live.get(e.host);
        if (l) l.inFlight = { id: e.stepId, name: e.stepName, startedAtMs: Date.parse(e.at) };
        return;
      }
      case 'step_progress': {
        const f = this.live.get(e.host)?.inFlight;
        if (f?.id === e.stepId) f.progress = e.message;
        return;
      }
      case 'step_finished': {
        const l = this.live.get(e.host);
        if (!l) return;
        l.steps.push(e.result);
        l.inFlight = undefined;
        return;
      }
      case 'host_finished':
        this.live.delete(e.result.name);
        this.merge(e.result);
        return;
      case 'rollout_stopped':
        this.stoppedEarly = e.reason;
        return;
      case 'run_finished':
        this.final = e.result;
        return;
      case 'batch_started':
      case 'warning':
        return;
      default:
        eventHandled(e);
    }
  }

  finish(): Promise<void> {
    return Promise.resolve();
  }

  /**
   * The run as known now, marked interrupted. Hosts cut off mid-run are `failed` with E_INTERRUPTED (a step
   * may have been half-done: the device must be looked at), with the step in flight as a `failed` step of its
   * own, so every output built from this result says where it stopped; hosts never started are `skipped`.
   */
  result(): RunResult {
    if (this.final) return { ...this.final, interrupted: true };
    const nowDate = this.now();
    const hosts = new Map(this.done);
    for (const [name, l] of this.live) {
      const cut: HostResult = {
        name,
        address: l.address,
        status: 'failed',
        durationMs: Math.max(0, nowDate.getTime() - l.startedAtMs),
        error: {
          code: 'E_INTERRUPTED',
          message: l.inFlight !== undefined ? `stopped at once by a second signal during step ${l.inFlight.id}; check the device` : 'stopped at once by a second signal',
        },
        steps: l.inFlight !== undefined ? [...l.steps, cutStep(l.inFlight, nowDate)] : l.steps,
      };
      hosts.set(name, merged(hosts.get(name), cut));
    }
    for (const name of this.run?.hosts ?? []) {
      if (!hosts.has(name)) hosts.set(name, { name, address: this.addressOf(name), status: 'skipped', durationMs: 0, reason: 'interrupted before it started', steps: [] });
    }
    const list = [...hosts.values()];
    const r: RunResult = {
      playbook: this.run?.playbook ?? '',
      inventory: this.run?.inventory ?? '',
      mode: this.run?.mode ?? 'check',
      startedAt: this.run?.startedAt ?? nowDate.toISOString(),
      finishedAt: nowDate.toISOString(),
      interrupted: true,
      hosts: list,
      summary: summarize(list),
    };
    if (this.stoppedEarly !== undefined) r.stoppedEarly = this.stoppedEarly;
    return r;
  }

  private merge(r: HostResult): void {
    this.done.set(r.name, merged(this.done.get(r.name), r));
  }
}

// The step a second signal cut: whatever it had sent (a fix, a reboot) may have reached the device.
function cutStep(f: NonNullable<Live['inFlight']>, now: Date): StepResult {
  const last = f.progress !== undefined ? ` (last: ${f.progress})` : '';
  return {
    id: f.id,
    name: f.name,
    status: 'failed',
    reason: `stopped at once by a second signal in the middle of this step${last}; its commands may have been sent: check the device`,
    error: { code: 'E_INTERRUPTED', message: `stopped at once by a second signal in the middle of this step${last}` },
    durationMs: Math.max(0, now.getTime() - f.startedAtMs),
  };
}

// A host in several plays is one host of the report (as the engine merges it): steps in order, worst status.
function merged(prev: HostResult | undefined, r: HostResult): HostResult {
  if (!prev) return r;
  const next: HostResult = { ...prev, status: worseStatus(prev.status, r.status), durationMs: prev.durationMs + r.durationMs, steps: [...prev.steps, ...r.steps] };
  const error = prev.error ?? r.error;
  if (error) next.error = error;
  const reason = prev.reason ?? r.reason;
  if (reason) next.reason = reason;
  return next;
}
