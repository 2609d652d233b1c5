// The lab's public API: start a fleet of simulated FTDs over real SSH on loopback, inspect or change a
// device's state in-process, write the inventory and known_hosts, stop.
import { startFleet } from './fleet.js';
import type { SimDevice } from './device/sim-device.js';
import type { DeviceServer } from './ssh-server.js';
import type { PairOutage } from './device/ha-pair.js';
import type { CurlFlavour } from './shell/curl-flavours.js';
import type { TimingLedger, TimingProfile, TimingProfileName } from './timing.js';
import type { LabFmc } from './fmc/server.js';
import type { InventoryFiles } from './fmc/inventory-files.js';
import type { FmcFault } from './faults.js';

export { FAULTS, SESSION_FAULTS, FMC_FAULTS, parseFaultSpec, deviceName } from './faults.js';
export type { FmcFault } from './faults.js';
export type { LabFmc, FmcAuditEntry } from './fmc/server.js';
export { FMC_AUDIT_NAME } from './fmc/server.js';
export { GLOBAL_DOMAIN_UUID, LAB_REGION_NAMES } from './fmc/model.js';
export { LAB_PASSWORD_ENV } from './fmc/inventory-files.js';
export { LAB_FMC_HOST } from './inventory.js';
export { CURL_FLAVOURS, DEFAULT_CURL_FLAVOUR, curlFlavourOption } from './curl-assignment.js';
export type { CurlFlavour } from './shell/curl-flavours.js';
export { TIMING_PROFILES, timingProfileOption } from './timing.js';
export type { TimingProfile, TimingProfileName, DeviceTimingRecord } from './timing.js';
export type { FaultName } from './faults.js';
export { SimDevice } from './device/sim-device.js';
export type { AuditEntry, DeviceMode } from './device/sim-device.js';
export type { DeviceState } from './device/state.js';
export { HaPair } from './device/ha-pair.js';
export type { FailoverRole, FailoverState, HaTrafficDownEvent, PairOutage } from './device/ha-pair.js';
export { WORKING_RESOLVERS, BAD_RESOLVER, API_FQDN, REGION_HOSTS } from './device/cloud.js';

export interface LabOptions {
  devices: number;
  /**
   * `fault=count[,fault=count…]` (also `a+b=count` for combined faults), `fault=@ftd-001+ftd-002` (or
   * `fault=@ftd-001,ftd-002`) for named devices, or `mixed` (every fault at least once).
   */
  faults?: string;
  /** Deterministic choice of devices for faults; default "firemend". */
  seed?: string;
  /** Default "firemend-lab"; also the sudo password. */
  password?: string;
  /** Downtime after reboot; default 20 (CLI). Tests pass 1. */
  rebootSeconds?: number;
  /** Network round-trip time: every packet a device sends leaves this many ms later; default 0. */
  latencyMs?: number;
  /** Device think times drawn per answer (src/lab/timing.ts): a profile's name or, in-process, the distributions; default `none`. */
  timing?: TimingProfileName | TimingProfile;
  /** Delay for the `slow` fault; default 2000. */
  slowMs?: number;
  /** Multiplies curl --max-time / telnet waits for blocked egress; default 0.05. */
  timeScale?: number;
  auditDir?: string;
  /**
   * HA pairs: the first 2N devices pair up in order (ftd-001/ftd-002 …), each with `ha_peer` in the inventory;
   * default 0 (every unit standalone). Fault assignment does not depend on it.
   */
  haPairs?: number;
  /** Bind address; always 127.0.0.1. */
  host?: string;
  /** The curl build every device simulates, or `mixed`: rotated over the devices by seed. Default DEFAULT_CURL_FLAVOUR. */
  curlFlavour?: CurlFlavour | 'mixed';
  /** Serve a lab FMC (HTTPS REST API) managing the devices; `fmc-…` faults in `faults` apply to it. */
  fmc?: boolean;
  /** The most items the lab FMC puts on one page (default 1000, the FMC's maximum); lower it to force paging. */
  fmcPageSize?: number;
  /** The lab FMC's request limit per minute (default 120). */
  fmcRateLimit?: number;
  /** With fmc-token-expiry: requests an access token serves (default 3). */
  fmcTokenUses?: number;
}

export interface LabDeviceInfo {
  name: string;
  port: number;
  region: 'us' | 'eu' | 'apj';
  faults: string[];
  /** The known_hosts line written for this device (for hostkey-changed, not the key it presents). */
  hostKeyLine: string;
  /** The other unit of this device's HA pair (the inventory's `ha_peer`); absent for a standalone unit. */
  haPeer?: string;
  /** The curl build this device simulates (the inventory's `lab_curl_flavour`). */
  curlFlavour: CurlFlavour;
}

export interface Lab {
  readonly devices: LabDeviceInfo[];
  /**
   * Ansible YAML inventory, accepted by `firemend run` as-is. With the lab FMC and `fmcCaFile` (where the caller
   * wrote `fmc.caPem`) it also holds the FMC host (group `fmc`) with that `firemend_ca_file`.
   */
  inventoryYaml(fmcCaFile?: string): string;
  /** The lab FMC (undefined without `fmc: true`). */
  readonly fmc: LabFmc | undefined;
  /** The FMC faults of the spec. */
  readonly fmcFaults: readonly FmcFault[];
  /**
   * The lab FMC as a `plugin: fmc` inventory: the plugin file (`pluginFile`, a name) and its group_vars/host_vars
   * (SSH port, region, credentials by env var), by path relative to the plugin file's directory.
   */
  fmcInventoryFiles(pluginFile: string, caFile: string): InventoryFiles;
  /** OpenSSH known_hosts lines: "[127.0.0.1]:PORT ssh-ed25519 AAAA…". */
  knownHosts(): string;
  /** In-process access to a device's state (inspect / mutate) for tests. */
  device(name: string): SimDevice;
  /** The device's SSH endpoint (listening state, reboot) for tests. */
  server(name: string): DeviceServer;
  /** Every time both units of an HA pair were down at once (traffic down), oldest first; [] when it never happened. */
  pairOutages(): PairOutage[];
  /** Every delay each device imposed so far (`--timing-out`): per device, and its critical path at the lab's RTT. */
  timingReport(): TimingLedger;
  stop(): Promise<void>;
}

/** Start a lab; resolves once every device listens (except `unreachable` ones, whose ports stay closed). */
export function startLab(options: LabOptions): Promise<Lab> {
  return startFleet(options);
}
