// HA-aware reboots: before a unit of an HA pair (`ha_peer`) is rebooted, its own `show failover` must say the
// pair keeps passing traffic through the mate. A Standby unit goes when its mate is Active; an Active unit only
// once its mate is `Standby Ready` (and, when this run rebooted the mate, only after that reboot was seen going
// down and coming back). A mate on its way back is waited for (`ha_ready_timeout`, default 900 s, with progress);
// a mate that is Failed, Not Detected without a reboot of ours, or never gets ready: the reboot is not sent.
import { FiremendError } from '../errors.js';
import { parseShowFailover } from '../parsers/show-failover.js';
import type { Connection } from '../connections/connection.js';
import type { Vars } from '../template/index.js';

/** Seconds to wait for the mate to be Standby Ready when the playbook does not say (`ha_ready_timeout`). */
const DEFAULT_HA_READY_TIMEOUT_S = 900;

/** What this unit's `show failover` says of itself and its mate; states as LINA prints them. */
export interface FailoverView {
  failoverOn: boolean;
  self: string | null;
  mate: string | null;
}

/** Read and parse `show failover` over an open connection (clish, a read-only check). Throws E_COMMAND / E_PARSE. */
export async function readFailover(connection: Connection): Promise<FailoverView> {
  const res = await connection.run({ kind: 'command', command: 'show failover', mode: 'clish' }, 'check');
  if (res.deviceError !== undefined) throw new FiremendError('E_COMMAND', `the device rejected 'show failover': ${res.deviceError}`);
  const facts = parseShowFailover(res.output);
  const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
  return { failoverOn: facts['failover_on'] === true, self: str(facts['this_state']), mate: str(facts['peer_state']) };
}

/** What this run did to a unit's reboot, as its mate needs to know. */
interface RebootSeen {
  inProgress: boolean;
  /** The connection dropped after the reboot was confirmed: the unit went down. */
  downSeen: boolean;
  /** It came back and was logged into again. */
  returned: boolean;
}

type Verdict = { kind: 'go' } | { kind: 'wait'; why: string } | { kind: 'refuse'; why: string };

// A mate in one of these is on its way to Standby Ready (LINA's failover states between boot and ready).
const ON_ITS_WAY = /sync|negotiat|cold standby|learn|bulk/i;

/** The rule, as data: may this unit be rebooted now, should it wait, or must it not be rebooted at all. */
export function judgeHaReboot(view: FailoverView, mateName: string, mateReboot: RebootSeen | undefined): Verdict {
  const mate = view.mate ?? 'not shown by show failover';
  if (mateReboot?.inProgress === true) return { kind: 'wait', why: `${mateName} is rebooting` };
  const onItsWay = mateReboot?.downSeen === true || ON_ITS_WAY.test(mate);
  const notReady = (): Verdict => (onItsWay ? { kind: 'wait', why: `${mateName} is ${mate}` } : { kind: 'refuse', why: `${mateName} is ${mate}` });
  if (view.self === 'Active') {
    if (view.mate !== 'Standby Ready') return notReady();
    // A mate this run rebooted counts only once it went down and came back: a Standby Ready from before proves nothing.
    if (mateReboot?.downSeen === true && !mateReboot.returned) return { kind: 'wait', why: `${mateName} has not come back from its reboot` };
    return { kind: 'go' };
  }
  // Standby (or worse) here: the pair passes traffic only if the mate is Active.
  return view.mate === 'Active' ? { kind: 'go' } : notReady();
}

export interface HaGuardClock {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  signal?: AbortSignal;
}

/** One host's side of the coordinator: called by the step executor around a reboot. */
export interface HaRebootGuard {
  /** Resolves when rebooting this unit now is safe (waiting for the mate if it is on its way); throws E_HA_PEER_NOT_READY otherwise. */
  ready(connection: Connection, vars: Vars, progress: (message: string) => void): Promise<void>;
  /** The reboot is being sent: the mate waits until it ends. */
  rebootStarted(): void;
  /** The reboot ended: `downSeen` when the device went down, `returned` when it came back. */
  rebootEnded(downSeen: boolean, returned: boolean): void;
}

/** The units of the pairs of one run, what happened to their reboots, and the guard each host's reboot passes. */
export class HaRebootCoordinator {
  private readonly seen = new Map<string, RebootSeen>();

  constructor(
    private readonly clock: HaGuardClock,
    /** Unit name → its mate's name (both directions). */
    private readonly mates: ReadonlyMap<string, string>,
  ) {}

  /** The guard for a host's reboots, or undefined for a host without an HA mate. */
  guardFor(host: string): HaRebootGuard | undefined {
    const mate = this.mates.get(host);
    if (mate === undefined) return undefined;
    return {
      ready: (connection, vars, progress) => this.waitUntilSafe(host, mate, connection, haReadyTimeoutS(vars), progress),
      rebootStarted: () => this.seen.set(host, { inProgress: true, downSeen: false, returned: false }),
      rebootEnded: (downSeen, returned) => this.seen.set(host, { inProgress: false, downSeen, returned }),
    };
  }

  private async waitUntilSafe(host: string, mate: string, connection: Connection, timeoutS: number, progress: (m: string) => void): Promise<void> {
    const { now, sleep, signal } = this.clock;
    const started = now();
    // Poll often enough for a short lab timeout, at most every 10 s on real devices.
    const pollMs = Math.min(10_000, Math.max(100, (timeoutS * 1000) / 40));
    for (;;) {
      const view = await readFailover(connection);
      if (!view.failoverOn) {
        progress(`failover is off on ${host}: no HA mate to wait for`);
        return;
      }
      if (view.self === null) throw new FiremendError('E_FACT_UNKNOWN', `show failover on ${host} does not say this unit's state: reboot not sent`);
      const verdict = judgeHaReboot(view, mate, this.seen.get(mate));
      if (verdict.kind === 'go') return;
      const prefix = `HA mate not ready: ${verdict.why} (${host} is ${view.self})`;
      if (verdict.kind === 'refuse') throw new FiremendError('E_HA_PEER_NOT_READY', `${prefix}: reboot not sent`);
      const waited = Math.round((now() - started) / 1000);
      if (now() - started >= timeoutS * 1000) throw new FiremendError('E_HA_PEER_NOT_READY', `${prefix}, still after ${timeoutS}s (ha_ready_timeout): reboot not sent`);
      if (signal?.aborted === true) throw new FiremendError('E_HA_PEER_NOT_READY', `${prefix}; interrupted while waiting: reboot not sent`);
      progress(`waiting for ${mate} to be Standby Ready before rebooting: ${verdict.why} (${waited}s of ${timeoutS}s)`);
      await sleep(pollMs);
    }
  }
}

/** `ha_ready_timeout` from the host's variables, in seconds; a value that is not a positive number is an error. */
function haReadyTimeoutS(vars: Vars): number {
  const raw = vars['ha_ready_timeout'];
  if (raw === undefined || raw === null) return DEFAULT_HA_READY_TIMEOUT_S;
  const n = typeof raw === 'number' ? raw : Number(String(raw).trim());
  if (!Number.isFinite(n) || n <= 0) throw new FiremendError('E_TEMPLATE', `ha_ready_timeout must be a positive number of seconds, got ${JSON.stringify(raw)}`);
  return n;
}
