// `netstat -anlp` lines, typically filtered with `grep EventHandler_SSEConnector.sock` (DOMAIN.md step 6):
// a lone LISTENING unix socket means the connector never attached; a CONNECTED one is healthy.
// Also accepts tcp/udp lines, so an unfiltered run parses too. Tolerates a socket path wrapped onto its
// own line, as in the seed's copy of the output.
import type { Facts } from './index.js';
import { shellError, toInt, toLines, unrecognised } from './text.js';

const NAME = 'netstat_unix';
// After the inode: `PID/Program name` (the name may hold spaces and is cut to fit its column: `nginx: master
// pro`, `php-fpm: maste`) or `-`, then the path, which starts with `/` or `@` (abstract).
const UNIX =
  /^unix\s+(\d+)\s+\[\s*([^\]]*?)\s*\]\s+(STREAM|DGRAM|SEQPACKET|RAW|RDM|\?)\s+(?:(LISTENING|CONNECTED|CONNECTING|DISCONNECTING|FREE|UNKNOWN)\s+)?(\d+)(?:\s+(\d+\/.*?|-))?(?:\s+([/@]\S*(?: \S+)*))?$/;
const INET =
  /^(tcp6?|udp6?|raw6?)\s+(\d+)\s+(\d+)\s+(\S+)\s+(\S+)(?:\s+([A-Z_0-9]+))?(?:\s+(\d+\/.*|-))?$/;
const HEADERS = /^(Active (UNIX domain sockets|Internet connections)|Proto\s+RefCnt|Proto\s+Recv-Q)/;
// netstat run without root: PIDs of other users' sockets are shown as `-`.
const NOT_ROOT = /^\(Not all processes could be identified|^will not be shown, you would have to be root to see it all\.\)$/;
// A wrapped continuation: only a path (absolute or abstract `@`).
const PATH_ONLY = /^[/@]\S*$/;

export interface UnixSocket {
  ref_count: number | null;
  flags: string[];
  type: string;
  state: string | null;
  inode: number | null;
  pid: number | null;
  program: string | null;
  path: string | null;
}

export interface InetSocket {
  proto: string;
  local: string;
  foreign: string;
  state: string | null;
  pid: number | null;
  program: string | null;
}

/** Parse netstat lines into `{sockets: [{path, state, type, pid, program, …}], connected, listening, inet: […]}`. */
export function parseNetstatUnix(text: string): Facts {
  const lines = toLines(text);
  const error = shellError(lines.filter((l) => !UNIX.test(l.trim())));
  if (error !== undefined) unrecognised(NAME, 'netstat did not run', error);
  const sockets: UnixSocket[] = [];
  const inet: InetSocket[] = [];
  let notRoot = false;
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || HEADERS.test(line)) return;
    if (NOT_ROOT.test(line)) {
      notRoot = true;
      return;
    }
    const last = sockets[sockets.length - 1];
    if (PATH_ONLY.test(line) && last !== undefined && last.path === null) {
      last.path = line;
      return;
    }
    const u = UNIX.exec(line);
    if (u !== null) {
      const [pid, program] = splitPidProgram(u[6]);
      sockets.push({
        ref_count: toInt(u[1]),
        flags: (u[2] ?? '').split(/\s+/).filter((f) => f !== ''),
        type: u[3] ?? '',
        state: u[4] ?? null,
        inode: toInt(u[5]),
        pid,
        program,
        path: u[7]?.trim() ?? null,
      });
      return;
    }
    const t = INET.exec(line);
    if (t !== null) {
      const [pid, program] = splitPidProgram(t[7]);
      inet.push({ proto: t[1] ?? '', local: t[4] ?? '', foreign: t[5] ?? '', state: t[6] ?? null, pid, program });
      return;
    }
    unrecognised(NAME, 'not a netstat socket line', raw, i + 1);
  });
  return {
    sockets,
    connected: sockets.some((s) => s.state === 'CONNECTED'),
    listening: sockets.some((s) => s.state === 'LISTENING'),
    inet,
    // false when netstat said it could not name other users' processes (their PID/program read `-`).
    all_processes_identified: !notRoot,
  };
}

function splitPidProgram(field: string | undefined): [number | null, string | null] {
  if (field === undefined || field.trim() === '-') return [null, null];
  const slash = field.indexOf('/');
  return [toInt(field.slice(0, slash)), field.slice(slash + 1).trim() || null];
}
