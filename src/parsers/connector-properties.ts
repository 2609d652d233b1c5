// `/ngfw/etc/sf/connector.properties`: Java-properties style `key=value` lines that tell SSEConnector which
// regional FQDN and local port to use (DOMAIN.md step 5). Read only: a wrong value is reported, never edited.
import type { Facts } from './index.js';
import { toInt, toLines, unrecognised } from './text.js';

const NAME = 'connector_properties';
const PAIR = /^([A-Za-z0-9_.-]+)\s*=\s*(.*)$/;

/** Parse connector.properties into `{properties, connector_fqdn, connector_port, registration_interval, region_discovery_endpoint}`. */
export function parseConnectorProperties(text: string): Facts {
  const lines = toLines(text);
  const properties: Record<string, string> = {};
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('!')) return;
    if (/No such file or directory|Permission denied/.test(line)) unrecognised(NAME, 'the file could not be read', line, i + 1);
    const m = PAIR.exec(line);
    if (m === null) unrecognised(NAME, 'not a key=value line', raw, i + 1);
    properties[m[1] ?? ''] = (m[2] ?? '').trim();
  });
  if (Object.keys(properties).length === 0) unrecognised(NAME, 'no key=value lines (empty file?)');
  const fqdn = properties['connector_fqdn'];
  return {
    properties,
    connector_fqdn: fqdn === undefined || fqdn === '' ? null : fqdn.toLowerCase(),
    connector_port: toInt(properties['connector_port']),
    registration_interval: toInt(properties['registration_interval']),
    region_discovery_endpoint: properties['region_discovery_endpoint'] ?? null,
  };
}
