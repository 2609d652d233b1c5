// The public entry of the engine: run a loaded playbook over already-selected hosts and return the results as data.
import type { InventoryHost } from '../inventory/model.js';
import type { Play, Playbook } from '../playbook/model.js';
import type { ConnectionOptions } from '../connections/connection.js';
import type { ResolvedConnection } from '../connections/registry.js';
import type { Vars } from '../template/index.js';
import type { EventSink } from './events.js';
import type { HostResult, RunMode, RunResult } from './results.js';
import { summarize, worseStatus } from './results.js';
import { FailureTracker } from './failure-tracker.js';
import { addressOf, runHost, skippedHost } from './host-runner.js';
import { Limiter, planBatches } from './scheduler.js';
import { errorInfo } from './step-executor.js';
import type { PlanGate } from './plan-gate.js';
import type { FixJournal } from './fix-journal.js';
import { haOrderLines, orderPairsStandbyFirst, type FailoverProbe, type HaPairOrder } from './ha-order.js';
import { HaRebootCoordinator, readFailover } from './ha-reboot.js';
import { haPeers } from './scheduler.js';
import { isoAt } from './timestamp.js';

export interface RunPlaybookOptions {
  playbook: Playbook;
  /** Path of the inventory, for the report. */
  inventory: string;
  /** The hosts of each play, already selected (play pattern ∩ --limit), in play order. */
  hostsByPlay: InventoryHost[][];
  extraVars: Vars;
  mode: RunMode;
  /** Hosts worked on at once (default 20). */
  forks?: number;
  /** A host's connection kind and target (ConnectionRegistry.resolve); throws for a host whose vars build none. Called once per host. */
  connectionFor: (host: InventoryHost) => ResolvedConnection;
  /** Limits and hooks of a host's connection (its transcript goes to that host's evidence). */
  connectionOptions: (host: InventoryHost) => ConnectionOptions;
  emit: EventSink;
  /** Interruption: no new host starts, in-flight hosts finish their current step, the rest is skipped. */
  signal?: AbortSignal;
  /** A maintenance window: no fix starts while it is closed, and a closing window stops the rollout. */
  window?: { allowsFixNow(): boolean };
  /** The exit code for the `run_finished` event (the CLI owns the mapping). */
  exitCodeFor?: (result: RunResult) => number;
  /** Applying a saved plan: the plan's gate for a host in a play (by index); hosts without one run as usual. */
  plan?: (playIndex: number, host: InventoryHost) => PlanGate | undefined;
  /** The run journal: every fix action is recorded (and awaited) before it is sent. */
  journal?: FixJournal;
  /** Injectable for tests: milliseconds since the epoch, and a delay. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** A play that can reboot must keep HA peers in different batches. */
export function playCanReboot(play: Play): boolean {
  return play.steps.some((s) => s.fix.some((a) => a.kind === 'reboot'));
}

/** Run every play, batch by batch, host by host; never throws for a device's sake. */
export async function runPlaybook(o: RunPlaybookOptions): Promise<RunResult> {
  const now = o.now ?? Date.now;
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const at = (): string => isoAt(now());
  const startedAt = at();
  const tracker = new FailureTracker();
  const limiter = new Limiter(o.forks ?? 20);
  const registeredByHost = new Map<string, Vars>();
  const merged = new Map<string, HostResult>();
  const interrupted = (): boolean => o.signal?.aborted === true;
  const haltReason = (): string | undefined =>
    interrupted() ? 'interrupted' : tracker.stopReason !== undefined ? `rollout stopped: ${tracker.stopReason}` : undefined;

  // 1. Announce the run.
  const allHosts = [...new Set(o.hostsByPlay.flat().map((h) => h.name))];
  o.emit({ type: 'run_started', at: startedAt, playbook: o.playbook.path, inventory: o.inventory, mode: o.mode, hosts: allHosts });
  const mates = mateOf(o.hostsByPlay.flat());
  const ha = new HaRebootCoordinator({ now, sleep, ...(o.signal ? { signal: o.signal } : {}) }, mates);
  const haPairs: HaPairOrder[] = [];
  const connectionOf = once(o.connectionFor);

  for (let p = 0; p < o.playbook.plays.length; p += 1) {
    const play = o.playbook.plays[p] as Play;
    const canReboot = playCanReboot(play);
    let hosts = o.hostsByPlay[p] ?? [];
    // 2. Batches from `serial`, HA peers apart when the play can reboot, each pair's Standby unit first.
    if (canReboot && mates.size > 0 && !interrupted()) {
      const ordered = await orderPairsStandbyFirst(hosts, mates, failoverProbe(o, connectionOf, hosts));
      hosts = ordered.hosts;
      haPairs.push(...ordered.pairs.filter((x) => !haPairs.some((y) => y.first === x.first && y.second === x.second)));
    }
    const batches = planBatches(hosts, play.serial, canReboot);
    for (let b = 0; b < batches.length; b += 1) {
      const batch = batches[b] as InventoryHost[];
      const halted = haltReason();
      if (halted !== undefined) {
        for (const h of batch) record(merged, skippedHost(h, halted, safeAddress(connectionOf, h)));
        continue;
      }
      o.emit({ type: 'batch_started', at: at(), play: play.name, batch: b + 1, batches: batches.length, hosts: batch.map((h) => h.name) });
      // 3. The batch, at most `forks` hosts at once; a host that has not started when the run halts is skipped.
      const results = await Promise.all(
        batch.map((host) =>
          limiter.run(async () => {
            const reason = haltReason();
            if (reason !== undefined) return skippedHost(host, reason, safeAddress(connectionOf, host));
            const gate = o.plan?.(p, host);
            let registered = registeredByHost.get(host.name);
            if (!registered) registeredByHost.set(host.name, (registered = {}));
            return isolate(o, connectionOf, host, now, () =>
              runHost({
                play,
                host,
                mode: o.mode,
                extraVars: o.extraVars,
                registered: registered as Vars,
                connection: connectionOf(host),
                options: o.connectionOptions(host),
                emit: o.emit,
                now,
                sleep,
                ...(o.signal ? { signal: o.signal } : {}),
                ...(o.window ? { window: o.window } : {}),
                ...(gate ? { plan: gate } : {}),
                ...(o.journal ? { journal: o.journal } : {}),
                ...(canReboot && ha.guardFor(host.name) ? { ha: ha.guardFor(host.name) } : {}),
                onWindowClosed: () => tracker.stop('the maintenance window closed'),
              }),
            );
          }),
        ),
      );
      for (const r of results) record(merged, r);
      // 4. The failure threshold is judged per batch.
      const wasStopped = tracker.stopped;
      tracker.recordBatch(play.name, b + 1, results, play.maxFailPercentage);
      if (!wasStopped && tracker.stopReason !== undefined) o.emit({ type: 'rollout_stopped', at: at(), reason: tracker.stopReason });
    }
  }

  // 5. The result, as data.
  const hosts = [...merged.values()];
  const result: RunResult = {
    playbook: o.playbook.path,
    inventory: o.inventory,
    mode: o.mode,
    startedAt,
    finishedAt: at(),
    interrupted: interrupted(),
    hosts,
    summary: summarize(hosts),
  };
  if (tracker.stopReason !== undefined) result.stoppedEarly = tracker.stopReason;
  const haOrder = haOrderLines(haPairs, hosts);
  if (haOrder.length > 0) result.haOrder = haOrder;
  o.emit({ type: 'run_finished', at: result.finishedAt, result, exitCode: o.exitCodeFor ? o.exitCodeFor(result) : 0 });
  return result;
}

// Each unit's one HA mate (`ha_peer`, declared on either unit).
function mateOf(hosts: readonly InventoryHost[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, peers] of haPeers(hosts)) {
    const first = [...peers][0];
    if (first !== undefined) out.set(name, first);
  }
  return out;
}

// `show failover` on a unit over a read-only connection of its own (also in check mode: it is only a read).
function failoverProbe(o: RunPlaybookOptions, connectionOf: ConnectionOf, hosts: readonly InventoryHost[]): FailoverProbe {
  return async (name) => {
    const host = hosts.find((h) => h.name === name);
    if (host === undefined) return undefined;
    try {
      const resolved = connectionOf(host);
      if (resolved instanceof Error) throw resolved;
      const connection = await resolved.kind.open(resolved.target, { ...o.connectionOptions(host), readOnly: true });
      try {
        const view = await readFailover(connection);
        return view.failoverOn ? view : undefined;
      } finally {
        await connection.close();
      }
    } catch (err) {
      o.emit({ type: 'warning', at: new Date().toISOString(), host: name, message: `could not read show failover to order its HA pair (${errorInfo(err).message}); keeping the inventory order` });
      return undefined;
    }
  };
}

// One host's unexpected exception (a bug, a misbehaving transport) fails that host only.
async function isolate(o: RunPlaybookOptions, connectionOf: ConnectionOf, host: InventoryHost, now: () => number, fn: () => Promise<HostResult>): Promise<HostResult> {
  const started = now();
  try {
    return await fn();
  } catch (err) {
    const r: HostResult = { name: host.name, address: safeAddress(connectionOf, host), status: 'failed', durationMs: now() - started, error: errorInfo(err), steps: [] };
    o.emit({ type: 'host_finished', at: isoAt(now()), result: r });
    return r;
  }
}

function safeAddress(connectionOf: ConnectionOf, host: InventoryHost): string {
  const resolved = connectionOf(host);
  return addressOf(host, resolved instanceof Error ? undefined : resolved.target);
}

/** A host's resolved connection (or the Error that prevents one), each host resolved at most once per run. */
type ConnectionOf = (host: InventoryHost) => ResolvedConnection | Error;

function once(resolve: (host: InventoryHost) => ResolvedConnection): ConnectionOf {
  const seen = new Map<string, ResolvedConnection | Error>();
  return (host) => {
    let r = seen.get(host.name);
    if (r === undefined) {
      try {
        r = resolve(host);
      } catch (err) {
        r = err instanceof Error ? err : new Error(String(err));
      }
      seen.set(host.name, r);
    }
    return r;
  };
}

// A host in several plays gets one result: its steps in play order, the worst status, the total time.
function record(merged: Map<string, HostResult>, r: HostResult): void {
  const prev = merged.get(r.name);
  if (!prev) {
    merged.set(r.name, r);
    return;
  }
  const next: HostResult = {
    ...prev,
    status: worseStatus(prev.status, r.status),
    durationMs: prev.durationMs + r.durationMs,
    steps: [...prev.steps, ...r.steps],
  };
  const error = prev.error ?? r.error;
  if (error) next.error = error;
  const reason = prev.reason ?? r.reason;
  if (reason) next.reason = reason;
  merged.set(r.name, next);
}
