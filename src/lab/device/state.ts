// The state of one simulated FTD: everything its commands read and change. Plain data, no behaviour.
import { API_FQDN, BAD_RESOLVER, LAB_RESOLVERS, WORKING_RESOLVERS, type Region, type ResolverBehaviour } from './cloud.js';
import type { CurlFlavour } from '../shell/curl-flavours.js';

export type ProcessRunState = 'Running' | 'User Disabled';

/** One pmtool-managed daemon. */
export interface DaemonState {
  name: string;
  cls: 'normal' | 'system';
  state: ProcessRunState;
  pid: number;
  command: string;
  requiredBy?: string;
  user: string;
}

/** A line the connector wrote to connector.log at a known time. */
export interface LogEntry {
  time: number;
  level: 'info' | 'warning' | 'error';
  source: string;
  msg: string;
}

export interface DeviceState {
  name: string;
  hostname: string;
  region: Region;
  /** The fault names this device was started with (as listed in the inventory). */
  faults: string[];
  model: string;
  modelCode: number;
  version: string;
  build: string;
  fxosVersion: string;
  fxosBuild: string;
  uuid: string;
  lsp: string;
  vdb: string;
  mgmtIf: string;
  mgmtIp: string;
  mgmtMask: string;
  mgmtBroadcast: string;
  mgmtGateway: string;
  mac: string;
  managerHost: string;
  dnsServers: string[];
  searchDomains: string[];
  /** Resolvers this device can talk to and how each answers; any other address never answers. */
  resolvers: Record<string, ResolverBehaviour>;
  /** Outbound TCP to the internet: the default, then per-host overrides. */
  egressDefault: 'open' | 'blocked';
  egress: Record<string, 'open' | 'blocked'>;
  /** A middlebox re-signs TLS with its own CA. */
  tlsIntercept: boolean;
  connectorFqdn: string;
  registrationInterval: number;
  connectorPort: number;
  daemons: DaemonState[];
  /** The post-6.4-upgrade ZeroMQ failure: the socket stays unconnected until SSEConnector is cycled and the box rebooted. */
  zmqStale: boolean;
  /** SSEConnector was disabled and enabled since the fault appeared (the reboot then clears it). */
  zmqCycled: boolean;
  /** Cloud integration switched on in the FMC. */
  cloudEnabled: boolean;
  bootId: string;
  bootTime: number;
  /** Stays down after a reboot (reboot-hang). */
  rebootHangs: boolean;
  /** The sudo lecture has been shown for admin. */
  sudoLectured: boolean;
  nextPid: number;
  nextInode: number;
  log: LogEntry[];
  loginCount: number;
  lastLogin?: number;
  /** Which curl build's wording `curl` prints. */
  curlFlavour: CurlFlavour;
  /** Management traffic goes through this HTTP proxy (`configure network http-proxy`); with `proxy` it refuses every CONNECT with 503. */
  proxy?: { host: string; port: number };
  /** `expert` is gone from CLISH, as after a system lockdown (`expert-disabled`). */
  expertDisabled: boolean;
  /** sudo refuses the lab password, as with a stale sudo password in the inventory (`sudo-wrong-password`). */
  sudoRejects: boolean;
  /** Wrong passwords sudo received: what an account lock-out policy would count. */
  sudoFailures: number;
  /** The admin password expired: each login demands a new one before the prompt (`password-expired`). */
  passwordExpired: boolean;
}

function pseudoHex(seed: number, len: number): string {
  let x = (seed * 2654435761) >>> 0;
  let out = '';
  while (out.length < len) {
    x = (Math.imul(x ^ (x >>> 16), 2246822507) + 0x9e3779b9) >>> 0;
    out += x.toString(16).padStart(8, '0');
  }
  return out.slice(0, len);
}

/** A UUID-shaped string derived from a number (stable per device and boot). */
export function pseudoUuid(seed: number): string {
  const h = pseudoHex(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

function daemons(base: number): DaemonState[] {
  const d = (name: string, cls: 'normal' | 'system', command: string, offset: number, user = 'root', requiredBy?: string): DaemonState => ({
    name,
    cls,
    state: 'Running',
    pid: base + offset,
    command,
    user,
    ...(requiredBy ? { requiredBy } : {}),
  });
  return [
    d('sftunnel', 'system', '/ngfw/usr/local/sf/bin/sftunnel', 11, 'root', 'EventHandler,SSEConnector'),
    d('lina', 'system', '/ngfw/usr/bin/lina', 23),
    d('EventHandler', 'normal', '/ngfw/usr/local/sf/bin/EventHandler', 131, 'root'),
    d('SSEConnector', 'system', '/ngfw/usr/local/sf/bin/connector', 217, 'www'),
    d('snort', 'normal', '/ngfw/usr/local/sf/bin/snort', 305),
    d('diskmanager', 'system', '/ngfw/usr/local/sf/bin/diskmanager', 402),
    d('SFDataCorrelator', 'normal', '/ngfw/usr/local/sf/bin/SFDataCorrelator --nodaemon', 518),
  ];
}

export interface NewDeviceParams {
  index: number;
  name: string;
  region: Region;
  faults: string[];
  now: number;
  curlFlavour?: CurlFlavour;
}

/** A healthy FTDv 7.4.1, then each fault applied to its state. */
export function createDeviceState(p: NewDeviceParams): DeviceState {
  const i = p.index;
  const netB = 10 + Math.floor(i / 250);
  const netC = (i % 250) + 1;
  const pidBase = 1500 + ((i * 97) % 20000);
  const state: DeviceState = {
    name: p.name,
    hostname: p.name,
    region: p.region,
    faults: [...p.faults],
    model: 'Cisco Firepower Threat Defense for VMware',
    modelCode: 75,
    version: '7.4.1',
    build: '172',
    fxosVersion: '2.14.1',
    fxosBuild: '131',
    uuid: pseudoUuid(i + 1),
    lsp: 'lsp-rel-20240502-1632',
    vdb: '387',
    mgmtIf: 'br1',
    mgmtIp: `10.${netB}.${netC}.10`,
    mgmtMask: '255.255.255.0',
    mgmtBroadcast: `10.${netB}.${netC}.255`,
    mgmtGateway: `10.${netB}.${netC}.1`,
    mac: `00:50:56:${pseudoHex(i + 7, 2)}:${pseudoHex(i + 11, 2)}:${pseudoHex(i + 13, 2)}`.toUpperCase(),
    managerHost: '10.0.0.10',
    dnsServers: [...WORKING_RESOLVERS],
    searchDomains: [],
    resolvers: { ...LAB_RESOLVERS },
    egressDefault: 'open',
    egress: {},
    tlsIntercept: false,
    connectorFqdn: API_FQDN[p.region],
    registrationInterval: 180,
    connectorPort: 8989,
    daemons: daemons(pidBase),
    zmqStale: false,
    zmqCycled: false,
    cloudEnabled: true,
    bootId: pseudoUuid(i * 7919 + 1),
    // Up for a deterministic 3–40 days.
    bootTime: p.now - (3 + (i % 37)) * 86_400_000 - (i % 86) * 997_000,
    rebootHangs: false,
    sudoLectured: false,
    nextPid: pidBase + 4000,
    nextInode: 3_000_000 + i * 1000,
    log: [],
    loginCount: 1 + (i % 40),
    curlFlavour: p.curlFlavour ?? '7.44',
    expertDisabled: false,
    sudoRejects: false,
    sudoFailures: 0,
    passwordExpired: false,
  };
  for (const fault of p.faults) applyFault(state, fault);
  return state;
}

const OTHER_REGION: Record<Region, Region> = { us: 'eu', eu: 'apj', apj: 'us' };

/** Change a healthy state so that it shows one fault. Transport-level faults (unreachable …) live in the server. */
function applyFault(state: DeviceState, fault: string): void {
  switch (fault) {
    case 'no-dns':
      state.dnsServers = [];
      break;
    case 'bad-dns':
      state.dnsServers = [BAD_RESOLVER];
      break;
    case 'egress-blocked':
      state.egressDefault = 'blocked';
      break;
    case 'tls-intercept':
      state.tlsIntercept = true;
      break;
    case 'bad-fqdn':
      state.connectorFqdn = API_FQDN[OTHER_REGION[state.region]];
      break;
    case 'connector-disabled': {
      const sse = state.daemons.find((d) => d.name === 'SSEConnector');
      if (sse) sse.state = 'User Disabled';
      break;
    }
    case 'zmq-socket':
      state.zmqStale = true;
      break;
    case 'cloud-off':
      state.cloudEnabled = false;
      break;
    case 'reboot-hang':
      state.zmqStale = true;
      state.rebootHangs = true;
      break;
    case 'proxy':
      state.proxy = { host: state.mgmtGateway.replace(/\.1$/, '.8'), port: 3128 };
      break;
    case 'password-expired':
      state.passwordExpired = true;
      break;
    case 'expert-disabled':
      state.expertDisabled = true;
      break;
    case 'sudo-wrong-password':
      state.sudoRejects = true;
      break;
    default:
      break;
  }
}
