// `show network` at `> `, FTDv layout: no `DNS Servers` (or `Domains`) line when the list is empty.
import type { DeviceState } from '../device/state.js';
import { field, header52, multiField } from './layout.js';

/** Render `show network`. */
export function renderShowNetwork(s: DeviceState): string {
  const lines: string[] = [header52('System Information', '='), field('Hostname', s.hostname)];
  if (s.searchDomains.length > 0) lines.push(...multiField('Domains', s.searchDomains));
  if (s.dnsServers.length > 0) lines.push(...multiField('DNS Servers', s.dnsServers));
  lines.push(
    field('Management port', '8305'),
    'IPv4 Default route',
    field('  Gateway', s.mgmtGateway),
    '',
    header52(s.mgmtIf, '='),
    field('State', 'Enabled'),
    field('Channels', 'Management & Events'),
    field('Mode', 'Non-Autonegotiation'),
    field('MDI/MDIX', 'Auto/MDIX'),
    field('MTU', '1500'),
    field('MAC Address', s.mac),
    header52('IPv4', '-'),
    field('Configuration', 'Manual'),
    field('Address', s.mgmtIp),
    field('Netmask', s.mgmtMask),
    field('Broadcast', s.mgmtBroadcast),
    header52('IPv6', '-'),
    field('Configuration', 'Disabled'),
    '',
    header52('Proxy Information', '='),
    // Disabled: FTD-CLI.md §2 (real captures). Enabled: the address and port lines are our layout (UNVERIFIED wording).
    ...(s.proxy ? [field('State', 'Enabled'), field('HTTP Proxy Address', s.proxy.host), field('HTTP Proxy Port', String(s.proxy.port))] : [field('State', 'Disabled')]),
    field('Authentication', 'Disabled'),
  );
  return lines.join('\n') + '\n';
}
