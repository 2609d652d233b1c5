// The `plugin: fmc` inventory source: the FMC's managed devices as hosts, read over its REST API (read-only
// GETs). One host per device record (`devices/devicerecords?expanded=true`, every page), named by the device's
// `name`, `ansible_host` its `hostName`, with `fmc_device_id`, `fmc_model`, `fmc_sw_version`,
// `fmc_health_status` and `ha_peer` (from `devicehapairs/ftddevicehapairs`); groups `ftd`,
// `fmc_health_<status>` and `fmc_version_<x_y_z>`. SSH settings for the devices come from the other sources and
// group_vars, as for any host.
import { createHash } from 'node:crypto';
import { dirname, isAbsolute, resolve as resolvePath } from 'node:path';
import type { Diagnostic, SourcePos } from '../../errors.js';
import { FiremendError } from '../../errors.js';
import { FmcClient } from '../../connections/httpapi/fmc-client.js';
import { fmcErrorDescription } from '../../connections/httpapi/fmc-error.js';
import { resolveFmcTarget, type FmcTarget } from '../../connections/httpapi/target.js';
import type { LocatedYaml } from '../../yaml/located-yaml.js';
import { InventoryDataError, type InventoryData } from '../inventory-data.js';
import type { RemoteDeviceList } from '../model.js';

const KNOWN = ['plugin', 'host', 'port', 'username', 'password_env', 'ca_file', 'validate_certs', 'domain'] as const;
const CONNECT_TIMEOUT_MS = 15_000;
const REQUEST_TIMEOUT_MS = 120_000;

/** What reading the FMC needs from the loader. */
export interface FmcSourceContext {
  /** The inventory file (messages, and the base of a relative ca_file). */
  file: string;
  env: Record<string, string | undefined>;
  /** Secrets every output redacts (the password joins them). */
  secrets: Set<string>;
  onWarning: (message: string) => void;
}

/** One device as the inventory uses it. */
export interface FmcDevice {
  id: string;
  name: string;
  hostName?: string;
  model?: string;
  swVersion?: string;
  healthStatus?: string;
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;
}

/** A group-name part: lower case, anything but letters, digits and `_` turned into `_`. */
function groupPart(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9_]/g, '_');
}

/** The device records of an FMC answer as devices; records without an id or a name are reported and skipped. */
export function devicesOf(items: readonly unknown[], warn: (m: string) => void): FmcDevice[] {
  const out: FmcDevice[] = [];
  for (const item of items) {
    if (!isMap(item)) continue;
    const id = text(item.id);
    const name = text(item.name);
    if (id === undefined || name === undefined) {
      warn(`a device record without ${id === undefined ? 'an id' : 'a name'} was skipped (${JSON.stringify(id ?? name ?? null)})`);
      continue;
    }
    const d: FmcDevice = { id, name };
    const hostName = text(item.hostName);
    if (hostName !== undefined) d.hostName = hostName;
    const model = text(item.model);
    if (model !== undefined) d.model = model;
    const sw = text(item.sw_version);
    if (sw !== undefined) d.swVersion = sw;
    const health = text(item.healthStatus);
    if (health !== undefined) d.healthStatus = health;
    out.push(d);
  }
  return out;
}

/** Each HA unit's peer by device id, from the HA pair records (`primary.id`, `secondary.id`). */
export function haPeersOf(items: readonly unknown[]): Map<string, string> {
  const peers = new Map<string, string>();
  for (const item of items) {
    if (!isMap(item) || !isMap(item.primary) || !isMap(item.secondary)) continue;
    const a = text(item.primary.id);
    const b = text(item.secondary.id);
    if (a === undefined || b === undefined) continue;
    peers.set(a, b);
    peers.set(b, a);
  }
  return peers;
}

/** Add the devices to the inventory: hosts, their vars, and the ftd / health / version groups. */
export function addFmcDevices(data: InventoryData, devices: readonly FmcDevice[], peers: ReadonlyMap<string, string>, pos: SourcePos): void {
  const nameOf = new Map(devices.map((d) => [d.id, d.name]));
  data.addGroup('ftd', pos);
  for (const d of devices) {
    data.addHost(d.name, 'ftd', undefined, pos);
    const vars: Record<string, unknown> = { fmc_device_id: d.id };
    if (d.hostName !== undefined) vars.ansible_host = d.hostName;
    if (d.model !== undefined) vars.fmc_model = d.model;
    if (d.swVersion !== undefined) vars.fmc_sw_version = d.swVersion;
    vars.fmc_health_status = d.healthStatus ?? null;
    const peer = peers.get(d.id);
    const peerName = peer !== undefined ? nameOf.get(peer) : undefined;
    if (peerName !== undefined) vars.ha_peer = peerName;
    for (const [k, v] of Object.entries(vars)) data.setVariable(d.name, k, v);
    const health = `fmc_health_${groupPart(d.healthStatus ?? 'unknown')}`;
    data.addGroup(health, pos);
    data.addHost(d.name, health, undefined, pos);
    if (d.swVersion !== undefined) {
      const version = `fmc_version_${groupPart(d.swVersion)}`;
      data.addGroup(version, pos);
      data.addHost(d.name, version, undefined, pos);
    }
  }
}

/** What a saved plan remembers of an FMC's device list: ids, names, addresses and HA peers, in id order. */
function deviceListDigest(devices: readonly FmcDevice[], peers: ReadonlyMap<string, string>): string {
  const rows = [...devices]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((d) => [d.id, d.name, d.hostName ?? '', peers.get(d.id) ?? ''].join('\t'));
  return createHash('sha256').update(rows.join('\n')).digest('hex');
}

// The plugin's keys as the host vars an FMC target is resolved from.
function targetOf(cfg: Record<string, unknown>, ctx: FmcSourceContext): FmcTarget {
  const host = text(cfg.host) ?? '';
  const ca = text(cfg.ca_file);
  return resolveFmcTarget(
    {
      inventory_hostname: `FMC ${host}`,
      ansible_host: host,
      ansible_httpapi_port: cfg.port,
      ansible_user: cfg.username,
      firemend_password_env: cfg.password_env,
      firemend_ca_file: ca === undefined || isAbsolute(ca) ? ca : resolvePath(dirname(ctx.file), ca),
      ansible_httpapi_validate_certs: cfg.validate_certs,
      fmc_domain: cfg.domain,
    },
    ctx.env,
  );
}

// Located errors for unknown keys and missing or mistyped ones; true when the config can be used.
function checkConfig(cfg: Record<string, unknown>, doc: LocatedYaml, diagnostics: Diagnostic[]): boolean {
  const before = diagnostics.length;
  for (const k of Object.keys(cfg)) {
    if (!(KNOWN as readonly string[]).includes(k)) diagnostics.push({ pos: doc.keyAt([k]), message: `fmc: unknown option '${k}' (options: ${KNOWN.slice(1).join(', ')})` });
  }
  for (const k of ['host', 'username', 'password_env'] as const) {
    if (cfg[k] === undefined || cfg[k] === null || cfg[k] === '') diagnostics.push({ pos: doc.at([]), message: `fmc: '${k}' is required` });
    else if (typeof cfg[k] !== 'string') diagnostics.push({ pos: doc.contentAt([k]), message: `fmc: '${k}' must be a string` });
  }
  for (const k of ['ca_file', 'domain'] as const) {
    if (cfg[k] !== undefined && cfg[k] !== null && typeof cfg[k] !== 'string') diagnostics.push({ pos: doc.contentAt([k]), message: `fmc: '${k}' must be a string` });
  }
  return diagnostics.length === before;
}

/** Read one `plugin: fmc` file's FMC and add its devices; problems become diagnostics naming the file and the FMC. */
export async function addFmcInventory(
  data: InventoryData,
  cfg: Record<string, unknown>,
  doc: LocatedYaml,
  diagnostics: Diagnostic[],
  ctx: FmcSourceContext,
): Promise<RemoteDeviceList | undefined> {
  if (!checkConfig(cfg, doc, diagnostics)) return undefined;
  const at = doc.at([]);
  let target: FmcTarget;
  try {
    target = targetOf(cfg, ctx);
  } catch (err) {
    if (!(err instanceof FiremendError)) throw err;
    diagnostics.push({ pos: at, message: `fmc: ${err.message.replace(/^host FMC /, 'FMC ')}` });
    return undefined;
  }
  ctx.secrets.add(target.password);
  let client: FmcClient | undefined;
  try {
    client = await FmcClient.open(target, { connectTimeoutMs: CONNECT_TIMEOUT_MS, requestTimeoutMs: REQUEST_TIMEOUT_MS, onWarning: ctx.onWarning });
    const domain = client.domain?.uuid ?? '';
    const base = `/api/fmc_config/v1/domain/${domain}`;
    const records = await client.request({ method: 'GET', path: `${base}/devices/devicerecords`, query: { expanded: 'true' } });
    if (records.status !== 200) throw new FiremendError('E_COMMAND', `FMC ${target.address}: reading device records: HTTP ${records.status}${describeBody(client, records.body)}`);
    const pairs = await client.request({ method: 'GET', path: `${base}/devicehapairs/ftddevicehapairs`, query: { expanded: 'true' } });
    if (pairs.status !== 200) throw new FiremendError('E_COMMAND', `FMC ${target.address}: reading HA pairs: HTTP ${pairs.status}${describeBody(client, pairs.body)}`);
    const devices = devicesOf(records.items ?? [], (m) => ctx.onWarning(`${ctx.file}: FMC ${target.address}: ${m}`));
    const peers = haPeersOf(pairs.items ?? []);
    addFmcDevices(data, devices, peers, at);
    return { source: ctx.file, fmc: target.address, devices: devices.length, sha256: deviceListDigest(devices, peers) };
  } catch (err) {
    if (!(err instanceof FiremendError || err instanceof InventoryDataError)) throw err;
    const message = client ? client.redact(err.message) : err.message;
    diagnostics.push({ pos: at, message: `fmc: ${message}` });
    return undefined;
  } finally {
    client?.close();
  }
}

function describeBody(client: FmcClient, body: unknown): string {
  const said = fmcErrorDescription(body);
  return said !== undefined ? `: ${client.redact(said)}` : '';
}
