// `lsof -i` (root), usually `| grep conn`: the connector's TCP connections. A SYN_SENT towards the
// cloud's :https means events are not delivered (DOMAIN.md step 7); ESTABLISHED is healthy.
// Tolerates a NAME wrapped onto the next line, as in the seed's copy of the output.
import type { Facts } from './index.js';
import { shellError, toInt, toLines, unrecognised } from './text.js';

const NAME = 'lsof_inet';
// TYPE is `IPv4`/`IPv6` on most builds, `inet`/`inet6` on others (BSD, OpenWrt/BusyBox-era builds).
const LINE =
  /^(\S+)\s+(\d+)\s+(\S+)\s+(\S+)\s+(IPv4|IPv6|inet6?)\s+(\S+)\s+(?:(\S+)\s+)?(TCP|UDP)\s+(\S+)(?:\s+\(([A-Z_0-9]+)\))?$/;
const HEADER = /^COMMAND\s+PID\s+/;
const START = /^\S+\s+\d+\s+\S+\s+\S+\s+(?:IPv[46]|inet6?)\s/;

export interface LsofConnection {
  command: string;
  pid: number | null;
  user: string;
  fd: string;
  ip_version: string;
  protocol: string;
  local: string;
  remote: string | null;
  state: string | null;
}

/** Parse `lsof -i` lines into `{connections: […], listening, established, syn_sent}`. */
export function parseLsofInet(text: string): Facts {
  const raw = toLines(text);
  const error = shellError(raw);
  if (error !== undefined) unrecognised(NAME, 'lsof did not run', error);
  // Re-join wrapped records first: a line that does not start a record continues the previous one.
  const records: string[] = [];
  for (const line of raw.map((l) => l.trim())) {
    if (line === '' || HEADER.test(line)) continue;
    const prev = records[records.length - 1];
    if (!START.test(line) && prev !== undefined && !/\)$/.test(prev)) {
      records[records.length - 1] = prev.endsWith('-') ? prev + line : `${prev} ${line}`;
    } else records.push(line);
  }
  const connections: LsofConnection[] = records.map((line, i) => {
    const m = LINE.exec(line);
    if (m === null) unrecognised(NAME, 'not an `lsof -i` line', line, i + 1);
    const [local, remote] = (m[9] ?? '').split('->');
    return {
      command: m[1] ?? '',
      pid: toInt(m[2]),
      user: m[3] ?? '',
      fd: m[4] ?? '',
      ip_version: m[5] === 'inet' ? 'IPv4' : m[5] === 'inet6' ? 'IPv6' : (m[5] ?? ''),
      protocol: m[8] ?? '',
      local: local ?? '',
      remote: remote ?? null,
      state: m[10] ?? null,
    };
  });
  const has = (state: string): boolean => connections.some((c) => c.state === state);
  return {
    connections,
    listening: has('LISTEN'),
    established: has('ESTABLISHED'),
    syn_sent: has('SYN_SENT'),
  };
}
