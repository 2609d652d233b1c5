// `show failover` (FTD CLISH, LINA format): whether failover is on, which unit this is, and the role and
// state of this host and its peer: what decides if a unit of an HA pair may be rebooted (FTD-CLI.md §11).
import type { Facts } from './index.js';
import { toInt, toLines, unrecognised } from './text.js';

const NAME = 'show_failover';
const HEAD = /^Failover (On|Off)$/;
const HOST = /^(This|Other) host: (Primary|Secondary)(?: - (.+))?$/;
const ACTIVE_TIME = /^Active time: (\d+) \(sec\)$/;

export interface FailoverGroup {
  state: string;
  active_time_s: number | null;
}

export interface FailoverHost {
  role: string;
  /** The unit's state (Active/Standby); null in Active/Active, where each failover group has its own. */
  state: string | null;
  active_time_s: number | null;
  /** Active/Active only: each failover group's state and active time on this unit, by group number. */
  groups: Record<string, FailoverGroup>;
}

/** Parse `show failover` into `{failover_on, unit, lan_interface, this_host, other_host, peer_state, last_failover_at, …}`. */
export function parseShowFailover(text: string): Facts {
  const lines = toLines(text).map((l) => l.trim());
  const head = HEAD.exec(lines[0] ?? '');
  if (head === null) unrecognised(NAME, 'does not start with "Failover On" or "Failover Off"', lines[0], 1);

  let unit: string | null = null;
  let lanInterface: string | null = null;
  let lastFailover: string | null = null;
  let versions: { ours: string; mate: string } | null = null;
  const hosts: Record<'this' | 'other', FailoverHost | null> = { this: null, other: null };
  let current: FailoverHost | null = null;
  let group: FailoverGroup | null = null;
  const groupFailovers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    let m: RegExpExecArray | null;
    if ((m = /^Failover unit (\S+)/.exec(line)) !== null) unit = m[1] ?? null;
    else if ((m = /^Failover LAN Interface: (.+)$/.exec(line)) !== null) lanInterface = m[1] ?? null;
    else if ((m = /^Last Failover at: (.+)$/.exec(line)) !== null) lastFailover = m[1] ?? null;
    else if ((m = /^Version: Ours (\S+), Mate (\S+)$/.exec(line)) !== null) versions = { ours: m[1] ?? '', mate: m[2] ?? '' };
    else if ((m = /^Group (\d+) last failover at: (.+)$/.exec(line)) !== null) groupFailovers[m[1] ?? ''] = m[2] ?? '';
    else if ((m = HOST.exec(line)) !== null) {
      current = { role: m[2] ?? '', state: m[3]?.trim() ?? null, active_time_s: null, groups: {} };
      group = null;
      hosts[m[1] === 'This' ? 'this' : 'other'] = current;
    } else if ((m = /^Group (\d+) State: (.+)$/.exec(line)) !== null && current !== null) {
      group = { state: (m[2] ?? '').trim(), active_time_s: null };
      current.groups[m[1] ?? ''] = group;
    } else if ((m = ACTIVE_TIME.exec(line)) !== null && current !== null) {
      // In Active/Active the time follows each group's state line and is that group's, not the unit's.
      if (group !== null) group.active_time_s = toInt(m[1]);
      else current.active_time_s = toInt(m[1]);
    } else if (/^Stateful Failover/.test(line)) {
      current = null;
      group = null;
    }
    // Other lines (poll frequencies, slots, interfaces, statistics) are standard LINA detail not needed here.
  }
  const on = head[1] === 'On';
  if (on && hosts.this === null) unrecognised(NAME, 'failover is On but there is no "This host:" line');
  return {
    failover_on: on,
    unit,
    lan_interface: on ? lanInterface : null,
    versions,
    this_host: hosts.this,
    other_host: hosts.other,
    this_state: hosts.this?.state ?? null,
    peer_state: hosts.other?.state ?? null,
    last_failover_at: lastFailover,
    group_last_failover_at: groupFailovers,
  };
}
