// Maps each parser name to its implementation (one file per output format) and its volatile fact paths.
import type { Facts, ParseContext, ParserEntry, ParserName } from './index.js';
import { ParseError } from '../errors.js';
import { parseConnectorContext } from './connector-context.js';
import { parseConnectorLog } from './connector-log.js';
import { parseConnectorProperties } from './connector-properties.js';
import { parseCurl } from './curl.js';
import { parseFmcCloudRegion } from './fmc-cloud-region.js';
import { parseFmcDeviceHealth } from './fmc-device-health.js';
import { parseLsofInet } from './lsof-inet.js';
import { parseNetstatUnix } from './netstat-unix.js';
import { parseNslookup } from './nslookup.js';
import { parsePmtoolStatus } from './pmtool-status.js';
import { parseShowFailover } from './show-failover.js';
import { parseShowManagers } from './show-managers.js';
import { parseShowNetwork } from './show-network.js';
import { parseShowVersion } from './show-version.js';

export const PARSERS: Readonly<Record<ParserName, ParserEntry>> = {
  show_network: { parse: parseShowNetwork, volatile: [] },
  show_version: { parse: parseShowVersion, volatile: [] },
  show_failover: {
    parse: parseShowFailover,
    volatile: ['this_host.active_time_s', 'other_host.active_time_s', 'this_host.groups.*.active_time_s', 'other_host.groups.*.active_time_s', 'last_failover_at', 'group_last_failover_at'],
    absent: ['last_failover_at', 'lan_interface', 'versions'],
  },
  show_managers: { parse: parseShowManagers, volatile: [] },
  pmtool_status: { parse: parsePmtoolStatus, volatile: ['processes.*.pid'] },
  connector_properties: { parse: parseConnectorProperties, volatile: [] },
  netstat_unix: {
    parse: parseNetstatUnix,
    volatile: ['sockets.*.inode', 'sockets.*.pid', 'sockets.*.ref_count', 'inet.*.pid', 'inet.*.local', 'inet.*.foreign'],
  },
  // Local ports are ephemeral and cloud addresses rotate: only the summary flags are state.
  lsof_inet: { parse: parseLsofInet, volatile: ['connections'] },
  curl: { parse: parseCurl, volatile: ['ip'], absent: ['proxy', 'tls_error', 'error', 'error_code'] },
  nslookup: { parse: parseNslookup, volatile: ['addresses', 'canonical_names', 'name'], absent: ['error'] },
  connector_log: {
    parse: parseConnectorLog,
    volatile: ['records', 'errors', 'unparsed_lines', 'last_error', 'last_error_detail', 'last_error_time', 'last_time'],
    absent: ['last_error', 'last_error_detail', 'last_error_time', 'last_time'],
  },
  connector_context: { parse: parseConnectorContext, volatile: [], absent: ['error'] },
  fmc_device_health: { parse: parseFmcDeviceHealth, volatile: [] },
  fmc_cloud_region: { parse: parseFmcCloudRegion, volatile: [] },
};

/** Run the named parser on a check's output; throws ParseError for an unknown name or unrecognised output. */
export function parseOutput(name: string, text: string, context?: ParseContext): Facts {
  const entry = (PARSERS as Readonly<Record<string, ParserEntry | undefined>>)[name];
  if (entry === undefined) throw new ParseError(name, 'no such parser');
  return entry.parse(text, context);
}

/** The volatile fact paths of the named parser (empty for an unknown name). */
export function volatilePaths(name: string): readonly string[] {
  return (PARSERS as Readonly<Record<string, ParserEntry | undefined>>)[name]?.volatile ?? [];
}
