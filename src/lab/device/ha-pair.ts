// An FTD high-availability pair in the lab: which unit is Active, what each unit sees of its mate while one
// reboots, the failover when the Active unit goes down, and the "traffic down" record when both are down
// at once (FTD-CLI.md §11 and §12.6). Pure model: the devices call in when they go down and come back.
import type { SimDevice } from './sim-device.js';

export type FailoverRole = 'Primary' | 'Secondary';

/** What a unit's `show failover` says of itself or of its mate. `Not Detected` is LINA's word for a mate that is off. */
export type FailoverState = 'Active' | 'Standby Ready' | 'Not Detected';

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

  constructor(
    /** 1 for the first pair (ftd-001/ftd-002), 2 for the next …; numbers the pair's data subnets. */
    readonly number: number,
    readonly primary: SimDevice,
    readonly secondary: SimDevice,
    private readonly onTrafficDown?: (event: HaTrafficDownEvent) => void,
  ) {
    this.active = primary;
    // The pair formed when the Primary last booted; it has been Active since.
    this.activeSince = primary.state.bootTime;
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
    return this.active === unit ? 'Active' : 'Standby Ready';
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

  /** Whether both units are down right now. */
  get trafficDown(): boolean {
    return this.primary.down && this.secondary.down;
  }

  /** `unit` has just gone down (its `down` flag is set): the mate takes over, or the pair loses traffic. */
  unitDown(unit: SimDevice, now: number): void {
    const mate = this.mate(unit);
    if (this.active === unit) {
      this.activeMs.set(unit, (this.activeMs.get(unit) ?? 0) + Math.max(0, now - this.activeSince));
      this.active = undefined;
      if (!mate.down) this.becomeActive(mate, now);
    }
    if (mate.down) {
      this.outages.push({ pair: this.names, startedAt: now });
      const time = new Date(now).toISOString();
      for (const d of [this.primary, this.secondary]) {
        this.onTrafficDown?.({ time, device: d.name, event: 'ha-traffic-down', pair: this.names, trigger: unit.name });
      }
    }
  }

  /** `unit` has finished booting: Standby Ready behind an Active mate, or Active when the mate is down too. */
  unitUp(unit: SimDevice, now: number): void {
    if (this.active !== undefined) return;
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
