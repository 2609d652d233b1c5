// `pmtool status`: a preamble, then one block per daemon (layout from the 2017 pmtool blog and Cisco doc 225776).
import type { DaemonState, DeviceState } from '../device/state.js';

function block(d: DaemonState): string[] {
  const base = d.command.split(' ')[0]?.split('/').pop() ?? d.name;
  const head = d.state === 'Running' ? `${d.name} (${d.cls}) - Running ${d.pid}` : `${d.name} (${d.cls}) - User Disabled`;
  const lines = [
    head,
    `Command: ${d.command}`,
    `PID File: /ngfw/var/sf/run/${d.name === 'SSEConnector' ? base : d.name}.pid`,
    `Enable File: /ngfw/etc/sf/${d.name}.run`,
    'CPU Affinity: ',
    'Priority: 0',
    `Stop Timeout: ${d.cls === 'system' ? 30 : 300}`,
  ];
  if (d.requiredBy) lines.push(`Required by: ${d.requiredBy}`);
  lines.push(`CGroups: memory=${d.cls === 'system' ? 'System' : 'Detection'}(enrolled)`);
  return lines;
}

/** Render `pmtool status`. */
export function renderPmtoolStatus(s: DeviceState): string {
  const out = ['Received status (0): ', '', 'Global Environment:', 'PATH=/usr/local/sbin:/usr/sbin:/sbin:/usr/local/bin:/usr/bin:/bin', '', 'Daemons:'];
  s.daemons.forEach((d, i) => {
    if (i > 0) out.push('');
    out.push(...block(d));
  });
  return out.join('\n') + '\n';
}
