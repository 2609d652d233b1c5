// Starts and stops a fleet of simulated FTDs in one process: host keys, a contiguous block of loopback
// ports, fault assignment, audit files, inventory and known_hosts.
import ssh2 from 'ssh2';
import { UsageError } from '../errors.js';
import { AuditLog } from './audit-log.js';
import { REGIONS, type Region } from './device/cloud.js';
import { HaPair, type HaTrafficDownEvent } from './device/ha-pair.js';
import { SimDevice, type AuditEntry } from './device/sim-device.js';
import { assignCurlFlavours, DEFAULT_CURL_FLAVOUR } from './curl-assignment.js';
import { deviceName, fmcFaultsOf, parseFaultSpec } from './faults.js';
import { startFmc, type LabFmc } from './fmc/server.js';
import { LAB_REGION_NAMES, type ManagedDevice } from './fmc/model.js';
import { renderFmcInventoryFiles } from './fmc/inventory-files.js';
import { deviceHealth } from './fmc/device-health.js';
import type { CurlFlavour } from './shell/curl-flavours.js';
import { knownHostsLine, renderInventory } from './inventory.js';
import type { Lab, LabDeviceInfo, LabOptions } from './index.js';
import { DeviceServer } from './ssh-server.js';
import { DeviceTiming, TIMING_PROFILES, timingReport } from './timing.js';

/** The SSE region the lab FMC is meant to be in (its inventory host's sse_region). */
const FMC_REGION: Region = 'us';

interface Planned {
  info: LabDeviceInfo;
  device: SimDevice;
  hostKey: string;
}

// ssh2's generator now and then emits an ed25519 key its own parser rejects ("Malformed OpenSSH private key",
// about one in a few hundred); such keys are drawn again.
function hostKeyPair(): { private: string; public: string } {
  for (;;) {
    const pair = ssh2.utils.generateKeyPairSync('ed25519');
    if (!(ssh2.utils.parseKey(pair.private) instanceof Error)) return pair;
  }
}

function pickBase(count: number): number {
  // Below the Linux ephemeral range (32768+) so outgoing connections never take our ports.
  const low = 10_000;
  const high = Math.max(low + 1, 32_000 - count);
  return low + Math.floor(Math.random() * (high - low));
}

async function listenAll(servers: DeviceServer[]): Promise<void> {
  const results = await Promise.allSettled(servers.map((s) => s.start()));
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) {
    await Promise.all(servers.map((s) => s.stop()));
    throw (failed as PromiseRejectedResult).reason;
  }
}

/** Start a lab as LabOptions describes; resolves when every device listens. */
export async function startFleet(options: LabOptions): Promise<Lab> {
  const count = options.devices;
  if (!Number.isInteger(count) || count < 1) throw new UsageError(`--devices must be a whole number of at least 1, got ${String(count)}`);
  const host = options.host ?? '127.0.0.1';
  if (host !== '127.0.0.1') throw new UsageError('the lab only binds 127.0.0.1');
  const password = options.password ?? 'firemend-lab';
  const seed = options.seed ?? 'firemend';
  const faults = parseFaultSpec(options.faults ?? '', count, seed);
  const fmcFaults = fmcFaultsOf(options.faults ?? '');
  if (fmcFaults.length > 0 && options.fmc !== true) throw new UsageError(`--faults ${fmcFaults.join(', ')}: FMC faults need the lab FMC (--fmc)`);
  const flavours = assignCurlFlavours(count, options.curlFlavour ?? DEFAULT_CURL_FLAVOUR, seed);
  const haPairs = options.haPairs ?? 0;
  if (!Number.isInteger(haPairs) || haPairs < 0 || haPairs * 2 > count) {
    throw new UsageError(`--ha-pairs must be a whole number from 0 to ${Math.floor(count / 2)} (half of --devices ${count}), got ${String(haPairs)}`);
  }
  // Synchronous appends keep each device's file in command order and complete when the command returns.
  const auditLog = options.auditDir ? new AuditLog(options.auditDir) : undefined;
  const onAudit = auditLog ? (entry: AuditEntry | HaTrafficDownEvent): void => auditLog.write(entry) : undefined;

  // 1. Devices and their host keys (a second key for hostkey-changed: known_hosts gets the other one).
  const planned: Planned[] = [];
  const timingProfile = options.timing ?? 'none';
  const timings: DeviceTiming[] = [];
  for (let i = 0; i < count; i++) {
    const name = deviceName(i, count);
    // Both units of an HA pair serve one site, so they share a region.
    const region = REGIONS[(i < 2 * haPairs ? Math.floor(i / 2) : i) % 3] as Region;
    const deviceFaults = faults.get(name) ?? [];
    const curlFlavour = flavours[i] as CurlFlavour;
    const device = new SimDevice({ index: i, name, region, faults: deviceFaults, curlFlavour }, onAudit ? { onAudit } : {});
    timings.push(new DeviceTiming(typeof timingProfile === 'string' ? TIMING_PROFILES[timingProfile] : timingProfile, seed, name));
    const presented = hostKeyPair();
    const known = deviceFaults.includes('hostkey-changed') ? hostKeyPair() : presented;
    planned.push({ info: { name, port: 0, region, faults: deviceFaults, hostKeyLine: known.public, curlFlavour }, device, hostKey: presented.private });
  }

  // 1b. HA pairs from the first 2N devices: ftd-001/ftd-002, ftd-003/ftd-004 … (faults stay where the spec put them).
  const pairs: HaPair[] = [];
  for (let n = 0; n < haPairs; n++) {
    const a = planned[2 * n] as Planned;
    const b = planned[2 * n + 1] as Planned;
    const pair = new HaPair(n + 1, a.device, b.device, onAudit);
    a.device.ha = pair;
    b.device.ha = pair;
    a.info.haPeer = b.info.name;
    b.info.haPeer = a.info.name;
    pairs.push(pair);
  }

  // 2. A contiguous block of ports; on a clash (another lab, another program) try another block.
  let servers: DeviceServer[] = [];
  for (let attempt = 0; ; attempt++) {
    const base = pickBase(count);
    servers = planned.map(
      (p, i) =>
        new DeviceServer({
          device: p.device,
          hostKey: p.hostKey,
          password,
          host,
          port: base + i,
          latencyMs: options.latencyMs ?? 0,
          timing: timings[i] as DeviceTiming,
          slowMs: options.slowMs ?? 2000,
          timeScale: options.timeScale ?? 0.05,
          rebootSeconds: options.rebootSeconds ?? 20,
        }),
    );
    try {
      await listenAll(servers);
      break;
    } catch (err) {
      if (attempt >= 30) {
        auditLog?.close();
        throw err;
      }
    }
  }
  planned.forEach((p, i) => {
    const port = (servers[i] as DeviceServer).port;
    p.info.port = port;
    p.info.hostKeyLine = knownHostsLine(host, port, p.info.hostKeyLine);
  });

  // 3. The lab FMC managing these devices (their health read live from each device and its endpoint).
  let fmc: LabFmc | undefined;
  if (options.fmc === true) {
    const managed: ManagedDevice[] = planned.map((p, i) => ({ name: p.info.name, hostName: host, health: () => deviceHealth(p.device, servers[i] as DeviceServer) }));
    try {
      fmc = await startFmc({
        devices: managed,
        pairs: pairs.map((p) => ({ primary: p.primary.name, secondary: p.secondary.name })),
        faults: fmcFaults,
        region: FMC_REGION,
        username: 'admin',
        password,
        ...(options.fmcPageSize !== undefined ? { pageSize: options.fmcPageSize } : {}),
        ...(options.fmcRateLimit !== undefined ? { rateLimitPerMinute: options.fmcRateLimit } : {}),
        ...(options.fmcTokenUses !== undefined ? { tokenUses: options.fmcTokenUses } : {}),
        ...(auditLog ? { onAudit: (entry) => auditLog.write(entry) } : {}),
      });
    } catch (err) {
      await Promise.all(servers.map((s) => s.stop()));
      auditLog?.close();
      throw err;
    }
  }

  const byName = new Map(planned.map((p, i) => [p.info.name, { planned: p, server: servers[i] as DeviceServer }]));
  const devices = planned.map((p) => p.info);
  let stopped = false;
  return {
    devices,
    fmc,
    fmcFaults,
    inventoryYaml: (fmcCaFile) => {
      // The FMC host needs its CA file (firemend_ca_file): without the path, the inventory holds the FTDs only.
      if (fmc === undefined || fmcCaFile === undefined) return renderInventory(devices, password, host);
      const regionNames = Object.fromEntries(REGIONS.map((r) => [LAB_REGION_NAMES[r], r]));
      return renderInventory(devices, password, host, { port: fmc.port, caFile: fmcCaFile, region: FMC_REGION, regionNames });
    },
    fmcInventoryFiles: (pluginFile, caFile) => {
      if (fmc === undefined) throw new UsageError('the lab has no FMC (--fmc)');
      return renderFmcInventoryFiles(pluginFile, { host, port: fmc.port, caFile }, devices);
    },
    knownHosts: () => devices.map((d) => d.hostKeyLine).join('\n') + '\n',
    device: (name) => {
      const entry = byName.get(name);
      if (!entry) throw new UsageError(`no lab device named '${name}'`);
      return entry.planned.device;
    },
    server: (name) => {
      const entry = byName.get(name);
      if (!entry) throw new UsageError(`no lab device named '${name}'`);
      return entry.server;
    },
    timingReport: () =>
      timingReport(
        timingProfile,
        options.latencyMs ?? 0,
        timings.map((t) => t.record),
      ),
    pairOutages: () => pairs.flatMap((p) => p.outages.map((o) => ({ ...o, pair: [...o.pair] as [string, string] }))),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await Promise.all([...servers.map((s) => s.stop()), fmc?.stop()]);
      auditLog?.close();
    },
  };
}
