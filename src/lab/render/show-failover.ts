// `show failover` (LINA format, FTD-CLI.md §11): `Failover Off` for a standalone unit; for a unit of an HA
// pair the On layout with this host's and the mate's role and state, the FTD snort/diskstatus slots, and
// the stateful statistics block. Lines keep the trailing spaces and tab indents LINA prints.
import type { SimDevice } from '../device/sim-device.js';
import type { FailoverState, HaPair } from '../device/ha-pair.js';

/** The LINA image of an FTD 7.4.1 (FTD 7.4 runs ASA 9.20 code). */
const LINA_VERSION = '9.20(2)21';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const COMMON = [
  'Reconnect timeout 0:00:00',
  'Unit Poll frequency 1 seconds, holdtime 15 seconds',
  'Interface Poll frequency 5 seconds, holdtime 25 seconds',
  'Interface Policy 1',
];

const STANDALONE = [
  'Failover Off',
  'Failover unit Primary',
  'Failover LAN Interface: not Configured',
  ...COMMON,
  'Monitored Interfaces 1 of 1291 maximum',
  'MAC Address Move Notification Interval not set',
];

// LINA's clock format: `18:47:34 UTC Jun 24 2019`.
function linaTime(ms: number): string {
  const d = new Date(ms);
  const hms = [d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
  return `${hms} UTC ${MONTHS[d.getUTCMonth()] ?? 'Jan'} ${d.getUTCDate()} ${d.getUTCFullYear()}`;
}

// A chassis serial number derived from the device's UUID (stable per device).
function serial(unit: SimDevice): string {
  return `9A${unit.state.uuid.replace(/-/g, '').slice(0, 9).toUpperCase()}`;
}

// One host block: the Active unit owns the pair's active addresses (.1), the standby the standby ones (.2).
function hostBlock(which: 'This' | 'Other', pair: HaPair, unit: SimDevice, state: FailoverState, now: number): string[] {
  const lines = [`\t${which} host: ${pair.role(unit)} - ${state} `, `\t\tActive time: ${pair.activeSeconds(unit, now)} (sec)`];
  const host = state === 'Active' ? 1 : 2;
  const status = state === 'Not Detected' ? 'Unknown' : 'Normal';
  if (state === 'Not Detected') lines.push('\t\tslot 0: empty');
  else lines.push(`\t\tslot 0: ASAv hw/sw rev (/${LINA_VERSION}) status (Up Sys)`);
  lines.push(
    `\t\t  Interface outside (172.16.${pair.number}.${host}): ${status} (Monitored)`,
    `\t\t  Interface inside (192.168.${pair.number}.${host}): ${status} (Monitored)`,
    `\t\t  Interface diagnostic (0.0.0.0): ${status} (Waiting)`,
  );
  if (state !== 'Not Detected') lines.push('\t\tslot 1: snort rev (1.0)  status (up)', '\t\tslot 2: diskstatus rev (1.0)  status (up)');
  return lines;
}

const STATS = [
  '',
  'Stateful Failover Logical Update Statistics',
  '\tLink : folink GigabitEthernet0/2 (up)',
  '\tStateful Obj \txmit       xerr       rcv        rerr      ',
  '\tGeneral\t\t0          0          0          0         ',
  '\tsys cmd\t\t0          0          0          0         ',
  '\tup time\t\t0          0          0          0         ',
  '\tRPC services\t\t0          0          0          0         ',
  '\tTCP conn\t\t0          0          0          0         ',
  '\tUDP conn\t\t0          0          0          0         ',
  '',
  '\tLogical Update Queue Information',
  '\t\t\tCur\tMax\tTotal',
  '\tRecv Q:\t\t0\t5\t0',
  '\tXmit Q:\t\t0\t11\t0',
];

/** Render `show failover` for `unit`: standalone (`Failover Off`) or its view of its HA pair. */
export function renderShowFailover(unit: SimDevice): string {
  const pair = unit.ha;
  if (pair === undefined) return STANDALONE.join('\n') + '\n';
  const now = unit.now();
  const mate = pair.mate(unit);
  const lines = [
    'Failover On ',
    `Failover unit ${pair.role(unit)}`,
    'Failover LAN Interface: folink GigabitEthernet0/2 (up)',
    ...COMMON,
    'Monitored Interfaces 3 of 1291 maximum',
    'MAC Address Move Notification Interval not set',
    'failover replication http',
    `Version: Ours ${LINA_VERSION}, Mate ${LINA_VERSION}`,
    `Serial Number: Ours ${serial(unit)}, Mate ${serial(mate)}`,
  ];
  const last = pair.lastFailover;
  if (last !== undefined) lines.push(`Last Failover at: ${linaTime(last)}`);
  lines.push(...hostBlock('This', pair, unit, pair.stateOf(unit), now), ...hostBlock('Other', pair, mate, pair.stateOf(mate), now), ...STATS);
  return lines.join('\n') + '\n';
}
