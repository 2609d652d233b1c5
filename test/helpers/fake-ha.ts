// An HA pair for engine tests over FakeTransport: both units answer `show failover` from the real FTDv capture
// (test/fixtures/outputs/show-failover/ftdv-918-primary-active.txt) with the roles and states of the moment,
// and a reboot of the Active unit fails over to a Standby Ready mate (or loses the traffic when there is none).
import { readFileSync } from 'node:fs';
import type { DeviceScript } from './fake-transport.js';

const CAPTURE = readFileSync('test/fixtures/outputs/show-failover/ftdv-918-primary-active.txt', 'utf8');

export class FakeHaPair {
  active: string;
  /** Units that are Failed from the start. */
  readonly failed = new Set<string>();
  /** Units that never get back to Standby Ready after a reboot (they stay in App Sync). */
  readonly neverReady = new Set<string>();
  readonly rebootOrder: string[] = [];
  /** Set when a reboot took the Active unit down with no Standby Ready mate to take over. */
  trafficLost = false;
  private readonly rebooted = new Set<string>();

  constructor(
    readonly primary: string,
    readonly secondary: string,
  ) {
    this.active = primary;
  }

  mate(unit: string): string {
    return unit === this.primary ? this.secondary : this.primary;
  }

  stateOf(unit: string): string {
    if (this.active === unit) return 'Active';
    if (this.failed.has(unit)) return 'Failed';
    if (this.neverReady.has(unit) && this.rebooted.has(unit)) return 'App Sync';
    return 'Standby Ready';
  }

  /** `show failover` on `unit`: the capture with this moment's roles and states. */
  showFailover(unit: string): string {
    const role = (u: string): string => (u === this.primary ? 'Primary' : 'Secondary');
    return CAPTURE.replace(/^Failover unit \w+/m, `Failover unit ${role(unit)}`)
      .replace(/This host: Primary - Active/, `This host: ${role(unit)} - ${this.stateOf(unit)}`)
      .replace(/Other host: Secondary - Standby Ready/, `Other host: ${role(this.mate(unit))} - ${this.stateOf(this.mate(unit))}`);
  }

  /** `base` with `show failover` answered for `unit` and its reboots failing over. */
  unit(unit: string, base: DeviceScript): DeviceScript {
    return {
      ...base,
      respond: (command, state, purpose) => (command === 'show failover' ? { output: this.showFailover(unit) } : base.respond?.(command, state, purpose)),
      onReboot: (state, options) => {
        this.rebootOrder.push(unit);
        if (this.active === unit) {
          const mate = this.mate(unit);
          if (this.stateOf(mate) === 'Standby Ready') this.active = mate;
          else this.trafficLost = true;
        }
        this.rebooted.add(unit);
        base.onReboot?.(state, options);
      },
    };
  }
}
