// The connector's files and local API: connector.properties, connector.log (logrus lines), GET /v1/contexts/default.
import { API_FQDN } from '../device/cloud.js';
import type { ConnectorProblem, SimDevice } from '../device/sim-device.js';
import type { LogEntry } from '../device/state.js';
import { SOCK_PATH } from './netstat.js';

/** `cat /ngfw/etc/sf/connector.properties` (contents as in the seed). */
export function renderConnectorProperties(device: SimDevice): string {
  const s = device.state;
  return [
    `registration_interval=${s.registrationInterval}`,
    `connector_port=${s.connectorPort}`,
    `region_discovery_endpoint=https://${API_FQDN.us}/providers/sse/api/v1/regions`,
    `connector_fqdn=${s.connectorFqdn}`,
  ].join('\n') + '\n';
}

// Go's RFC3339Nano in UTC, as logrus writes it.
function logTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  const nanos = String(ms % 1000).padStart(3, '0') + String((ms * 7919) % 1_000_000).padStart(6, '0');
  return `${iso.slice(0, 19)}.${nanos.replace(/0+$/, '') || '0'}Z`;
}

function quote(msg: string): string {
  return '"' + msg.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"';
}

/** One logrus line. */
function formatLogLine(hostname: string, e: LogEntry): string {
  return `time="${logTime(e.time)}" level=${e.level} msg=${quote(`[${hostname}][${e.source}] ${e.msg}`)}`;
}

function resolverError(p: Extract<ConnectorProblem, { kind: 'dns' }>, fqdn: string, n: number): string {
  const r = p.resolution;
  const post = `Post https://${fqdn}/providers/sse/services/registration/api/v2/clients: dial tcp: lookup ${fqdn}`;
  switch (r.kind) {
    case 'no-servers':
      return `${post} on [::1]:53: read udp [::1]:${40000 + (n % 20000)}->[::1]:53: read: connection refused`;
    case 'nxdomain':
      return `${post} on ${r.server}:53: no such host`;
    case 'timeout':
      return `${post} on ${r.servers[0] ?? '[::1]'}:53: read udp ${'10.0.0.1'}:${40000 + (n % 20000)}->${r.servers[0] ?? '[::1]'}:53: i/o timeout`;
    default:
      return `${post}: no such host`;
  }
}

// The line the connector repeats while a problem lasts.
function repeatedLine(device: SimDevice, problem: ConnectorProblem | undefined, n: number): Omit<LogEntry, 'time'> | undefined {
  const s = device.state;
  if (s.zmqStale && device.isRunning('SSEConnector')) {
    return {
      level: 'error',
      source: 'service.go:61 (*Service).Start',
      msg: `Could not connect to ZeroMQ PUSH endpoint: "ipc://${SOCK_PATH}": dial unix ${SOCK_PATH}: connect: no such file or directory`,
    };
  }
  if (!problem) return undefined;
  switch (problem.kind) {
    case 'disabled':
      return undefined;
    case 'cloud-off':
      return { level: 'info', source: 'context.go:133 context:Watch', msg: 'Cisco Cloud integration is disabled on the management center; no context to enroll' };
    case 'dns':
      return { level: 'error', source: 'registration.go:142 registration:Register', msg: resolverError(problem, s.connectorFqdn, n) };
    case 'proxy':
      return { level: 'error', source: 'registration.go:142 registration:Register', msg: `Post https://${s.connectorFqdn}/providers/sse/services/registration/api/v2/clients: proxyconnect tcp ${problem.host}:${problem.port}: Service Unavailable` };
    case 'egress': {
      const events = device.eventsConnection();
      const addr = events?.address ?? problem.address;
      return { level: 'error', source: 'events.go:90 events:connectWebSocket', msg: `dial tcp ${addr}:443: getsockopt: connection timed out` };
    }
    case 'tls':
      return {
        level: 'error',
        source: 'registration.go:142 registration:Register',
        msg: `Post https://${s.connectorFqdn}/providers/sse/services/registration/api/v2/clients: x509: certificate signed by unknown authority`,
      };
    case 'fqdn':
      return {
        level: 'error',
        source: 'registration.go:151 registration:Register',
        msg: `registration failed: 401 Unauthorized from ${s.connectorFqdn}: device is not provisioned in this region`,
      };
  }
}

/** connector.log as it stands now: its recorded history, then the line the current problem repeats every few minutes. */
export function renderConnectorLog(device: SimDevice): string {
  const s = device.state;
  const now = device.now();
  const entries: LogEntry[] = s.log.filter((e) => e.time <= now);
  const lastTime = entries.length > 0 ? (entries[entries.length - 1] as LogEntry).time : s.bootTime;
  const problem = device.connectorProblem();
  const repeated = repeatedLine(device, problem, s.nextPid);
  if (repeated) {
    const every = 263_000;
    const count = Math.min(5, Math.max(1, Math.floor((now - lastTime) / every)));
    for (let k = count; k >= 1; k--) entries.push({ ...repeated, time: now - k * every + 1000 });
  } else if (!problem) {
    entries.push({ level: 'info', source: 'registration.go:176 registration:Register', msg: `Device registered with SSE: context default, fqdn ${s.connectorFqdn}`, time: lastTime + 2100 });
    const events = device.eventsConnection();
    if (events) {
      entries.push({ level: 'info', source: 'events.go:112 events:connectWebSocket', msg: `Connected to wss://${events.host}/v1/events`, time: lastTime + 2600 });
    }
  }
  entries.sort((a, b) => a.time - b.time);
  return entries.map((e) => formatLogLine(s.hostname, e)).join('\n') + (entries.length > 0 ? '\n' : '');
}

/** The body of GET localhost:8989/v1/contexts/default (undefined when there is no context: cloud off). */
export function renderContext(device: SimDevice): { status: number; body: string } {
  const s = device.state;
  if (!s.cloudEnabled) return { status: 404, body: '{"error":"context default not found"}' };
  const problem = device.connectorProblem();
  const body = {
    id: 'default',
    clientInfo: { version: s.version, description: 'Cisco Firepower Threat Defense', name: s.hostname, guid: s.uuid, type: 'FTD', ip: s.mgmtIp },
    settings: {
      client: { administration: { auth: {}, uri: `https://${s.managerHost}` } },
      exchange: { registration: { refreshInterval: 1200 }, fqdn: s.connectorFqdn },
    },
    status: problem ? 'Unenrolled' : 'Enrolled',
    ...(problem ? { lastError: problemText(problem) } : {}),
  };
  return { status: 200, body: JSON.stringify(body) };
}

function problemText(p: ConnectorProblem): string {
  switch (p.kind) {
    case 'dns':
      return 'registration failed: cannot resolve the SSE host';
    case 'egress':
      return 'registration failed: connection timed out';
    case 'proxy':
      return `registration failed: proxy ${p.host}:${p.port} refused the tunnel (503 Service Unavailable)`;
    case 'tls':
      return 'registration failed: x509: certificate signed by unknown authority';
    case 'fqdn':
      return 'registration failed: 401 Unauthorized';
    default:
      return p.kind;
  }
}
