// An FTD high-availability pair in the lab: which unit is Active, what each unit sees of its mate while one
// reboots, the failover when the Active unit goes down, and the "traffic down" record when both are down
// at once (FTD-CLI.md §11 and §12.6). Pure model: the devices call in when they go down and come back.
import type { SimDevice } from './sim-device.js';

export type FailoverRole = 'Primary' | 'Secondary';

/**
 * What a unit's `show failover` says of itself or of its mate. `Not Detected` is LINA's word for a mate that is off;
 * `Failed` a unit with the `ha-failed` fault; `App Sync` one with `ha-never-ready` after a reboot (it never gets further).
 */
export type FailoverState = 'Active' | 'Standby Ready' | 'Not Detected' | 'Failed' | 'App Sync';

/** A time when both units of a pair were down, so the pair passed no traffic. `endedAt` is unset while it lasts. */
export interface PairOutage {
  pair: [string, string];
  startedAt: number;
  endedAt?: number;
}

/** The event line written to both units' audit logs when a pair loses both units. */
export interface HaTrafficDownEvent {
  time: string;
  device: string;
  event: 'ha-traffic-down';
  pair: [string, string];
  /** The unit whose going down completed the outage. */
  trigger: string;
}

/** One HA pair: the first unit is Primary (Active at start), the second Secondary (Standby Ready). */
export class HaPair {
  readonly outages: PairOutage[] = [];
  /** The unit passing traffic; undefined while both are down. */
  private active: SimDevice | undefined;
  private lastFailoverAt: number | undefined;
  /** Accumulated Active time per unit, plus the moment the current Active period began. */
  private readonly activeMs = new Map<SimDevice, number>();
  private activeSince: number;
  /** Units that booted again since the pair formed (an `ha-never-ready` unit is stuck from its first reboot). */
  private readonly rebooted = new Set<SimDevice>();

  constructor(
    /** 1 for the first pair (ftd-001/ftd-002), 2 for the next …; numbers the pair's data subnets. */
    readonly number: number,
    readonly primary: SimDevice,
    readonly secondary: SimDevice,
    private readonly onTrafficDown?: (event: HaTrafficDownEvent) => void,
  ) {
    // A Failed Primary leaves the Secondary Active. The pair formed when the Active unit last booted.
    this.active = primary.state.faults.includes('ha-failed') ? secondary : primary;
    this.activeSince = this.active.state.bootTime;
    this.activeMs.set(primary, 0);
    this.activeMs.set(secondary, 0);
  }

  /** Both unit names, Primary first. */
  get names(): [string, string] {
    return [this.primary.name, this.secondary.name];
  }

  /** The other unit of the pair. */
  mate(unit: SimDevice): SimDevice {
    return unit === this.primary ? this.secondary : this.primary;
  }

  /** The configured failover role (it never changes; Active/Standby does). */
  role(unit: SimDevice): FailoverRole {
    return unit === this.primary ? 'Primary' : 'Secondary';
  }

  /** What `show failover` says of `unit` right now. */
  stateOf(unit: SimDevice): FailoverState {
    if (unit.down) return 'Not Detected';
    if (this.active === unit) return 'Active';
    if (unit.state.faults.includes('ha-failed')) return 'Failed';
    if (unit.state.faults.includes('ha-never-ready') && this.rebooted.has(unit)) return 'App Sync';
    return 'Standby Ready';
  }

  // Only a Standby Ready unit can take over the traffic.
  private canTakeOver(unit: SimDevice): boolean {
    return this.stateOf(unit) === 'Standby Ready';
  }

  /** Seconds `unit` has been Active in total (LINA's `Active time`). */
  activeSeconds(unit: SimDevice, now: number): number {
    const past = this.activeMs.get(unit) ?? 0;
    const current = this.active === unit ? Math.max(0, now - this.activeSince) : 0;
    return Math.floor((past + current) / 1000);
  }

  /** When the last failover (change of Active unit) happened, if any since the pair formed. */
  get lastFailover(): number | undefined {
    return this.lastFailoverAt;
  }

  /** Whether no unit passes traffic right now (both down, or the Active one down and its mate unable to take over). */
  get trafficDown(): boolean {
    return this.active === undefined;
  }

  /** `unit` has just gone down (its `down` flag is set): the mate takes over, or the pair loses traffic. */
  unitDown(unit: SimDevice, now: number): void {
    const mate = this.mate(unit);
    const wasPassing = this.active !== undefined;
    if (this.active === unit) {
      this.activeMs.set(unit, (this.activeMs.get(unit) ?? 0) + Math.max(0, now - this.activeSince));
      this.active = undefined;
      if (this.canTakeOver(mate)) this.becomeActive(mate, now);
    }
    if (wasPassing && this.active === undefined) {
      this.outages.push({ pair: this.names, startedAt: now });
      const time = new Date(now).toISOString();
      for (const d of [this.primary, this.secondary]) {
        this.onTrafficDown?.({ time, device: d.name, event: 'ha-traffic-down', pair: this.names, trigger: unit.name });
      }
    }
  }

  /** `unit` has finished booting: Standby Ready behind an Active mate, or Active when the mate is down too. */
  unitUp(unit: SimDevice, now: number): void {
    this.rebooted.add(unit);
    if (this.active !== undefined || !this.canTakeOver(unit)) return;
    this.becomeActive(unit, now);
    const open = this.outages.find((o) => o.endedAt === undefined);
    if (open) open.endedAt = now;
  }

  private becomeActive(unit: SimDevice, now: number): void {
    this.active = unit;
    this.activeSince = now;
    this.lastFailoverAt = now;
  }
}
