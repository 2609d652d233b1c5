// One simulated FTD: its state, the facts derived from it (resolution, egress, enrollment, socket),
// the changes commands make (DNS, pmtool, reboot), and the audit trail of every command it received.
import { API_FQDN, EVENTS_HOST, cloudHost, type CloudHost } from './cloud.js';
import type { HaPair } from './ha-pair.js';
import { createDeviceState, pseudoUuid, type DaemonState, type DeviceState, type LogEntry, type NewDeviceParams } from './state.js';

export type DeviceMode = 'clish' | 'expert' | 'root';

/** One command as the device received it; `changes` is true when it was a command that changes the device. */
export interface AuditEntry {
  time: string;
  device: string;
  mode: DeviceMode;
  command: string;
  changes: boolean;
}

export type Resolution =
  | { kind: 'answer'; server: string; name: string; host: CloudHost }
  | { kind: 'local'; name: string; address: string }
  | { kind: 'nxdomain'; server: string; name: string }
  | { kind: 'no-servers'; name: string }
  | { kind: 'timeout'; name: string; servers: string[] };

/** Why the connector is not enrolled, first cause first. */
export type ConnectorProblem =
  | { kind: 'disabled' }
  | { kind: 'cloud-off' }
  | { kind: 'proxy'; host: string; port: number }
  | { kind: 'dns'; resolution: Resolution }
  | { kind: 'egress'; address: string }
  | { kind: 'tls' }
  | { kind: 'fqdn'; expected: string };

export type PmtoolAction = 'disable' | 'enable' | 'restart';

export interface SimDeviceOptions {
  clock?: () => number;
  onAudit?: (entry: AuditEntry) => void;
}

/** A simulated FTD: state plus the rules that tie its commands' outputs to that state. */
export class SimDevice {
  readonly state: DeviceState;
  /** Every command received, oldest first (also written to the audit dir when one is set). */
  readonly audit: AuditEntry[] = [];
  /** True while rebooting: the SSH port is closed. */
  down = false;
  /** The HA pair this unit belongs to; undefined for a standalone unit (`show failover` → `Failover Off`). */
  ha: HaPair | undefined;
  private readonly clock: () => number;
  private readonly onAudit: ((entry: AuditEntry) => void) | undefined;
  private sseDisabledWhileStale = false;
  private commandsReceived = 0;
  private dropPending: boolean;

  constructor(params: Omit<NewDeviceParams, 'now'>, options: SimDeviceOptions = {}) {
    this.clock = options.clock ?? Date.now;
    this.onAudit = options.onAudit;
    this.state = createDeviceState({ ...params, now: this.clock() });
    this.dropPending = params.faults.includes('drop');
    this.logStartup(this.state.bootTime + 95_000);
  }

  get name(): string {
    return this.state.name;
  }

  /** The current time on the device clock (ms since the epoch). */
  now(): number {
    return this.clock();
  }

  /** Record one received command. */
  record(mode: DeviceMode, command: string, changes: boolean, at = this.clock()): void {
    const entry: AuditEntry = { time: new Date(at).toISOString(), device: this.state.name, mode, command, changes };
    this.audit.push(entry);
    if (this.audit.length > 5000) this.audit.splice(0, this.audit.length - 5000);
    this.onAudit?.(entry);
  }

  /** Count a received command; true exactly once, on the third, for a device with the `drop` fault. */
  takeDrop(): boolean {
    this.commandsReceived++;
    if (this.dropPending && this.commandsReceived >= 3) {
      this.dropPending = false;
      return true;
    }
    return false;
  }

  daemon(id: string): DaemonState | undefined {
    const lower = id.toLowerCase();
    return this.state.daemons.find((d) => d.name.toLowerCase() === lower);
  }

  isRunning(name: string): boolean {
    return this.daemon(name)?.state === 'Running';
  }

  /** Resolve a name the way the device's resolver library would, using its configured DNS servers in order. */
  resolve(name: string): Resolution {
    const clean = name.toLowerCase().replace(/\.$/, '');
    if (clean === 'localhost' || clean === '127.0.0.1') return { kind: 'local', name: clean, address: '127.0.0.1' };
    if (/^\d+\.\d+\.\d+\.\d+$/.test(clean)) return { kind: 'local', name: clean, address: clean };
    if (clean === this.state.hostname.toLowerCase()) return { kind: 'local', name: clean, address: this.state.mgmtIp };
    if (this.state.dnsServers.length === 0) return { kind: 'no-servers', name: clean };
    const silent: string[] = [];
    for (const server of this.state.dnsServers) {
      const behaviour = this.state.resolvers[server];
      if (behaviour === undefined) {
        silent.push(server);
        continue;
      }
      if (behaviour === 'nxdomain') return { kind: 'nxdomain', server, name: clean };
      const host = cloudHost(clean);
      return host ? { kind: 'answer', server, name: clean, host } : { kind: 'nxdomain', server, name: clean };
    }
    return { kind: 'timeout', name: clean, servers: silent };
  }

  /** Whether outbound TCP from the management interface to this host gets through. */
  egressOpen(host: string): boolean {
    return (this.state.egress[host.toLowerCase()] ?? this.state.egressDefault) === 'open';
  }

  /** The first reason the connector cannot enroll, or undefined when it is enrolled. */
  connectorProblem(): ConnectorProblem | undefined {
    const s = this.state;
    if (!this.isRunning('SSEConnector')) return { kind: 'disabled' };
    if (!s.cloudEnabled) return { kind: 'cloud-off' };
    if (s.proxy) return { kind: 'proxy', ...s.proxy };
    const resolution = this.resolve(s.connectorFqdn);
    if (resolution.kind !== 'answer') return { kind: 'dns', resolution };
    if (!this.egressOpen(s.connectorFqdn)) return { kind: 'egress', address: resolution.host.addresses[0] ?? '' };
    if (s.tlsIntercept) return { kind: 'tls' };
    if (s.connectorFqdn !== API_FQDN[s.region]) return { kind: 'fqdn', expected: API_FQDN[s.region] };
    return undefined;
  }

  isEnrolled(): boolean {
    return this.connectorProblem() === undefined;
  }

  /** The connector's events websocket: up when enrolled and the events host is reachable. */
  eventsConnection(): { host: string; address: string; state: 'ESTABLISHED' | 'SYN_SENT' } | undefined {
    const s = this.state;
    if (!this.isRunning('SSEConnector') || !s.cloudEnabled || s.proxy) return undefined;
    const host = EVENTS_HOST[s.region];
    const resolution = this.resolve(host);
    if (resolution.kind !== 'answer') return undefined;
    const address = resolution.host.addresses[(Math.floor(this.clock() / 240_000) % resolution.host.addresses.length)] ?? '';
    if (!this.egressOpen(host)) return { host, address, state: 'SYN_SENT' };
    if (!this.isEnrolled()) return undefined;
    return { host, address, state: 'ESTABLISHED' };
  }

  /** EventHandler ↔ SSEConnector ZeroMQ socket: CONNECTED only when both run and the post-upgrade fault is cleared. */
  socketConnected(): boolean {
    return this.isRunning('EventHandler') && this.isRunning('SSEConnector') && !this.state.zmqStale;
  }

  /** `configure network dns servers`. */
  setDnsServers(servers: string[]): void {
    this.state.dnsServers = [...servers];
    this.log('info', 'resolver.go:41 resolver:Reload', `DNS configuration changed: ${servers.join(' ') || 'none'}`);
  }

  /** `pmtool disablebyid|enablebyid|restartbyid`: false when the id is unknown. */
  pmtool(action: PmtoolAction, id: string): boolean {
    const d = this.daemon(id);
    if (!d) return false;
    const isSse = d.name === 'SSEConnector';
    if (action === 'disable') {
      if (d.state === 'Running') {
        d.state = 'User Disabled';
        if (isSse) this.log('info', 'main.go:212 main:handleSignals', 'Received signal terminated, shutting down SSE connector');
      }
      if (isSse && this.state.zmqStale) this.sseDisabledWhileStale = true;
    } else if (action === 'enable') {
      if (d.state !== 'Running') {
        d.state = 'Running';
        d.pid = this.newPid();
        if (isSse) this.logStartup(this.clock());
      }
      if (isSse && this.state.zmqStale && this.sseDisabledWhileStale) this.state.zmqCycled = true;
    } else if (d.state === 'Running') {
      d.pid = this.newPid();
      if (isSse) this.logStartup(this.clock());
    }
    return true;
  }

  /** The moment the device goes down for a reboot. */
  shutdown(): void {
    this.down = true;
    this.ha?.unitDown(this, this.clock());
    this.log('info', 'main.go:212 main:handleSignals', 'Received signal terminated, shutting down SSE connector');
  }

  /** The device finishes booting: new boot id and time, fresh PIDs; a cycled ZeroMQ fault is cleared. */
  boot(): void {
    const s = this.state;
    const now = this.clock();
    s.bootTime = now;
    s.bootId = pseudoUuid(Math.floor(now / 7) ^ s.nextPid);
    for (const d of s.daemons) if (d.state === 'Running') d.pid = this.newPid();
    if (s.zmqStale && s.zmqCycled) {
      s.zmqStale = false;
      s.zmqCycled = false;
      this.sseDisabledWhileStale = false;
    }
    this.down = false;
    this.ha?.unitUp(this, now);
    this.logStartup(now + 1000);
  }

  newPid(): number {
    this.state.nextPid += 1 + (this.state.nextPid % 13);
    return this.state.nextPid;
  }

  newInode(): number {
    this.state.nextInode += 17;
    return this.state.nextInode;
  }

  log(level: LogEntry['level'], source: string, msg: string, time = this.clock()): void {
    this.state.log.push({ time, level, source, msg });
    if (this.state.log.length > 200) this.state.log.splice(0, this.state.log.length - 200);
  }

  private logStartup(time: number): void {
    if (!this.isRunning('SSEConnector')) return;
    this.log('info', 'main.go:87 main:main', `Starting SSE connector version 1.10.14, config /ngfw/etc/sf/connector.properties`, time);
    this.log('info', 'service.go:48 (*Service).Start', `Connecting to ZeroMQ PUSH endpoint "ipc:///ngfw/var/sf/run/EventHandler_SSEConnector.sock"`, time + 12);
  }
}
