// The lab FMC's state: its version, Smart Licensing status, the Cisco Cloud Event Configuration singleton, the
// cloud regions, and the devices it manages (the lab's FTDs, read live). FMC faults set the starting values;
// PUTs change the cloud events object as a real FMC would.
import { createHash } from 'node:crypto';
import type { Region } from '../device/cloud.js';
import type { FmcFault } from '../faults.js';

/** The Global domain UUID, the same on every FMC (FMC-API.md §1). */
export const GLOBAL_DOMAIN_UUID = 'e276abec-e0f2-11e3-8169-6d9ed49b625f';


/** The FMC's software version: 7.4.1 like the lab FTDs, or 6.6.0 (no licence API) with fmc-old-version. */
const FMC_VERSION = '7.4.1 (build 172)';
const FMC_OLD_VERSION = '6.6.0 (build 90)';

/** Region names the lab FMC serves (our wording: real `name` values are unverified, FMC-API.md §1b). */
export const LAB_REGION_NAMES: Record<Region, string> = { us: 'US Region', eu: 'EU Region', apj: 'APJ Region' };

/** The send flags of the cloud events object (FMCAnsible `cloud_events` model). */
export const CLOUD_EVENT_FLAGS = ['sendIntrusionEvents', 'sendFileEvents', 'sendConnectionEvents', 'sendAllConnectionEvents'] as const;
export type CloudEventFlag = (typeof CLOUD_EVENT_FLAGS)[number];

/** A device health as the FMC shows it. */
export interface DeviceHealth {
  status: 'green' | 'yellow' | 'red';
  /** Empty when green. */
  message: string;
}

/** A managed device as the FMC knows it; health is read at request time. */
export interface ManagedDevice {
  name: string;
  /** The address the device was registered with: what firemend's FMC inventory uses as ansible_host. */
  hostName: string;
  health(): DeviceHealth;
}

/** An HA pair of managed devices, by name. */
export interface ManagedPair {
  primary: string;
  secondary: string;
}

export interface FmcModelOptions {
  devices: readonly ManagedDevice[];
  pairs: readonly ManagedPair[];
  faults: readonly FmcFault[];
  /** The region the FMC is meant to be in (the lab inventory's sse_region of the FMC host). */
  region: Region;
}

/** A stable UUID for a lab object (the same lab gives the same ids run after run). */
function labUuid(kind: string, name: string): string {
  const h = createHash('sha256').update(`firemend-lab/${kind}/${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export interface CloudRegionState {
  id: string;
  name: string;
  region: Region;
  current: boolean;
}

/** A managed device with its FMC object id. */
export interface DeviceRecord {
  id: string;
  device: ManagedDevice;
}

/** An HA pair object: its id and name, and its two device records. */
export interface PairRecord {
  id: string;
  name: string;
  primary: DeviceRecord;
  secondary: DeviceRecord;
}

/** Everything the lab FMC answers from. */
export class FmcModel {
  readonly version: string;
  readonly licence: { regStatus: 'REGISTERED' | 'EVALUATION'; virtualAccount: string; evalExpiresInDays: number; evalUsed: boolean };
  readonly cloudEventsId = labUuid('cloudevents', 'singleton');
  readonly cloudEvents: Record<CloudEventFlag, boolean>;
  readonly regions: CloudRegionState[];
  readonly devices: readonly DeviceRecord[];
  readonly pairs: readonly PairRecord[];

  constructor(readonly options: FmcModelOptions) {
    const has = (f: FmcFault): boolean => options.faults.includes(f);
    this.version = has('fmc-old-version') ? FMC_OLD_VERSION : FMC_VERSION;
    this.licence = has('fmc-eval-licence')
      ? { regStatus: 'EVALUATION', virtualAccount: 'Evaluation Mode', evalExpiresInDays: 89, evalUsed: true }
      : { regStatus: 'REGISTERED', virtualAccount: 'firemend-lab', evalExpiresInDays: 0, evalUsed: false };
    // Healthy: intrusion and file events sent (the flags Cisco's PUT example and the cdFMC body share).
    this.cloudEvents = has('fmc-cloud-events-off')
      ? { sendIntrusionEvents: false, sendFileEvents: false, sendConnectionEvents: false, sendAllConnectionEvents: false }
      : { sendIntrusionEvents: true, sendFileEvents: true, sendConnectionEvents: false, sendAllConnectionEvents: false };
    // The current region is the wanted one, or the next one round with fmc-region-mismatch.
    const order: Region[] = ['us', 'eu', 'apj'];
    const current = has('fmc-region-mismatch') ? (order[(order.indexOf(options.region) + 1) % order.length] as Region) : options.region;
    this.regions = order.map((r) => ({ id: labUuid('cloudregion', r), name: LAB_REGION_NAMES[r], region: r, current: r === current }));
    this.devices = options.devices.map((device) => ({ id: labUuid('device', device.name), device }));
    const byName = new Map(this.devices.map((d) => [d.device.name, d]));
    this.pairs = options.pairs.map((p) => {
      const primary = byName.get(p.primary);
      const secondary = byName.get(p.secondary);
      if (primary === undefined || secondary === undefined) throw new Error(`lab FMC: HA pair ${p.primary}/${p.secondary} names a device it does not manage`);
      const name = `ha-${p.primary}-${p.secondary}`;
      return { id: labUuid('hapair', name), name, primary, secondary };
    });
  }

  /** Whether the licence API exists (FMC 7.2 and later; fireREST minimum version). */
  get hasLicenceApi(): boolean {
    return this.version !== FMC_OLD_VERSION;
  }
}
