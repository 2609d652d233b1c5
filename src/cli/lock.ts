// `--lock FILE`: one run at a time per rollout. A second run exits 75 without contacting a device, but only
// while the holder really runs. The lock names its holder exactly: host, PID, the process's start time (in
// clock ticks since boot, /proc/<pid>/stat) and the boot id. A PID alone is not enough: after a reboot or a
// container restart the same PID is routinely some other live process, and a nightly job would be locked out
// for ever. So a lock is stale, and taken over with a warning, when its host rebooted since (other boot id),
// its PID is gone, its PID now names a process that started at another time, or the file is empty or corrupt
// (firemend never leaves one half-written: it appears whole, through a hard link). A lock of another host is
// never taken over: its processes cannot be seen from here.
import { linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname as osHostname } from 'node:os';
import { dirname } from 'node:path';
import { LockError, UsageError } from '../errors.js';

/** What a lock file holds. */
export interface LockInfo {
  pid: number;
  hostname: string;
  started: string;
  /** The holder's start time, clock ticks after boot (/proc/<pid>/stat field 22); absent off Linux. */
  pid_start?: string;
  /** /proc/sys/kernel/random/boot_id when the lock was taken; absent off Linux. */
  boot_id?: string;
}

/** What is known about processes on this host; injectable for tests. */
export interface ProcessProbe {
  /** Whether a process with this pid exists. */
  isAlive(pid: number): boolean;
  /** Its start time in clock ticks after boot, or undefined when it cannot be read (no /proc, gone). */
  startTicks(pid: number): string | undefined;
  /** This boot's id, or undefined when the system has none. */
  bootId(): string | undefined;
  /** When the system booted (ms since the epoch), or undefined; with startTicks it dates a process. */
  bootTimeMs(): number | undefined;
}

export interface HeldLock {
  path: string;
  /** Set when a stale lock (dead process, same host) was taken over: say it to the operator. */
  tookOver?: string;
  /** Remove the lock if it is still ours. Idempotent; never throws. */
  release(): void;
}

export interface AcquireOptions {
  pid?: number;
  hostname?: string;
  now?: () => Date;
  /** Process facts; injectable for tests. Default: process.kill(pid, 0) and /proc. */
  probe?: Partial<ProcessProbe>;
  /** Also release when the process exits (default true), including after a handled SIGINT/SIGTERM. */
  releaseOnExit?: boolean;
}

/** Whether a pid names a live process (EPERM: alive but someone else's). */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** /proc/<pid>/stat's starttime (field 22). The command name (field 2) may hold spaces and ')', so fields are
 * counted after its last ')'. */
export function procStartTicks(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = rest[22 - 3];
    return ticks !== undefined && /^\d+$/.test(ticks) ? ticks : undefined;
  } catch {
    return undefined;
  }
}

function readProcText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

// Linux reports process times in USER_HZ, which is 100 on every architecture it runs on.
const TICKS_PER_SECOND = 100;

/** The probe for this host, from /proc where there is one. */
export const systemProbe: ProcessProbe = {
  isAlive: processIsAlive,
  startTicks: procStartTicks,
  bootId: () => readProcText('/proc/sys/kernel/random/boot_id')?.trim() || undefined,
  bootTimeMs: () => {
    const m = /^btime (\d+)$/m.exec(readProcText('/proc/stat') ?? '');
    return m ? Number(m[1]) * 1000 : undefined;
  },
};

/** The facts that tell this process from a later one with the same pid: its start time and the boot id. */
export function processIdentity(pid: number, probe: ProcessProbe = systemProbe): Pick<LockInfo, 'pid_start' | 'boot_id'> {
  const pidStart = probe.startTicks(pid);
  const bootId = probe.bootId();
  return { ...(pidStart !== undefined ? { pid_start: pidStart } : {}), ...(bootId !== undefined ? { boot_id: bootId } : {}) };
}

/** Whether the process a lock (or a run journal) names still runs on this host: same pid, same start, same boot. */
export function stillRunning(info: LockInfo, probe: ProcessProbe = systemProbe): boolean {
  return staleReason(info, probe) === undefined;
}

/** Why a lock of this host is stale, or undefined while its holder really runs. */
function staleReason(info: LockInfo, probe: ProcessProbe): string | undefined {
  const boot = probe.bootId();
  if (info.boot_id !== undefined && boot !== undefined && info.boot_id !== boot) return `pid ${info.pid} ran before this host last booted`;
  if (!probe.isAlive(info.pid)) return `pid ${info.pid} is no longer running`;
  const ticks = probe.startTicks(info.pid);
  if (ticks === undefined) return undefined;
  if (info.pid_start !== undefined) return info.pid_start === ticks ? undefined : `pid ${info.pid} is now another process (it started at another time)`;
  // A lock from before pid_start was recorded: the holder must have started before the lock was taken.
  const bootMs = probe.bootTimeMs();
  const takenMs = Date.parse(info.started);
  if (bootMs === undefined || Number.isNaN(takenMs)) return undefined;
  const startedMs = bootMs + (Number(ticks) * 1000) / TICKS_PER_SECOND;
  // A second of slack for the tick and btime rounding.
  return startedMs > takenMs + 1000 ? `pid ${info.pid} is now another process (it started after the lock was taken)` : undefined;
}

function readLock(path: string): { raw: string; info: LockInfo | undefined } | undefined {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    const v = JSON.parse(raw) as Partial<LockInfo>;
    if (typeof v.pid === 'number' && Number.isInteger(v.pid) && v.pid > 0 && typeof v.hostname === 'string' && typeof v.started === 'string') {
      const info: LockInfo = { pid: v.pid, hostname: v.hostname, started: v.started };
      if (typeof v.pid_start === 'string') info.pid_start = v.pid_start;
      if (typeof v.boot_id === 'string') info.boot_id = v.boot_id;
      return { raw, info };
    }
  } catch {
    // fall through: unreadable content
  }
  return { raw, info: undefined };
}

function isCode(err: unknown, code: string): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === code;
}

/** Take the lock at `path` or throw LockError (exit 75) naming who holds it. */
export function acquireLock(path: string, options: AcquireOptions = {}): HeldLock {
  const probe: ProcessProbe = { ...systemProbe, ...options.probe };
  const pid = options.pid ?? process.pid;
  const me: LockInfo = {
    pid,
    hostname: options.hostname ?? osHostname(),
    started: (options.now ?? (() => new Date()))().toISOString(),
  };
  Object.assign(me, processIdentity(pid, probe));
  const mine = JSON.stringify(me) + '\n';
  // The lock appears with its content already in it (written to a private file, then hard-linked into
  // place, which fails if the lock exists), so no reader ever sees a half-written lock.
  const tmp = `${path}.${me.pid}.${Date.now()}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(tmp, mine, { mode: 0o644 });
  } catch (err) {
    // Not "locked" (75): the lock cannot be made at all, which is a usage problem (1). Nothing was contacted.
    throw new UsageError(`cannot create the lock file ${path}: ${(err as Error).message}; pass --lock with a writable path`);
  }
  let tookOver: string | undefined;
  try {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      try {
        linkSync(tmp, path);
        return makeHeld(path, mine, tookOver, options.releaseOnExit ?? true);
      } catch (err) {
        if (!isCode(err, 'EEXIST')) throw err;
      }
      const held = readLock(path);
      if (held === undefined) continue; // released in between: try again
      const { info } = held;
      if (info !== undefined && info.hostname !== me.hostname) {
        throw new LockError(`another run holds the lock ${path} (pid ${info.pid} on ${info.hostname}, started ${info.started}); nothing was contacted`);
      }
      const why = info === undefined ? (held.raw.trim() === '' ? 'it was empty' : 'it was not a firemend lock (corrupt)') : staleReason(info, probe);
      if (why === undefined) {
        throw new LockError(`another run holds the lock ${path} (pid ${(info as LockInfo).pid}, started ${(info as LockInfo).started}); nothing was contacted`);
      }
      // Stale. Move it aside under a name only we use: of several runs racing to take over, one rename wins.
      const aside = `${path}.stale.${me.pid}`;
      try {
        renameSync(path, aside);
      } catch (err) {
        if (isCode(err, 'ENOENT')) continue;
        throw err;
      }
      const moved = readLock(aside);
      if (moved?.raw !== held.raw) {
        // We moved a fresh lock some racer had just written: put it back and step aside.
        try {
          linkSync(aside, path);
        } catch {
          // someone holds the path again; either way it is not ours
        }
        unlinkSync(aside);
        throw new LockError(`another run just took the lock ${path}; nothing was contacted`);
      }
      unlinkSync(aside);
      tookOver = `warning: took over a stale lock ${path}${info ? ` taken ${info.started}` : ''}: ${why}`;
    }
    throw new LockError(`could not take the lock ${path}: it keeps changing hands; nothing was contacted`);
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      // already gone
    }
  }
}

function makeHeld(path: string, content: string, tookOver: string | undefined, releaseOnExit: boolean): HeldLock {
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    process.off('exit', release);
    try {
      // Only remove the lock if it is still ours: a later run may have taken over after we were presumed dead.
      if (readFileSync(path, 'utf8') === content) unlinkSync(path);
    } catch {
      // already gone
    }
  };
  if (releaseOnExit) process.once('exit', release);
  return tookOver === undefined ? { path, release } : { path, tookOver, release };
}
