// `--lock FILE`: one run at a time per rollout. A second run exits 75 without contacting a device; a lock
// left by a dead process on this host is taken over, and the caller is told so.
import { linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname as osHostname } from 'node:os';
import { dirname } from 'node:path';
import { LockError, UsageError } from '../errors.js';

/** What a lock file holds. */
export interface LockInfo {
  pid: number;
  hostname: string;
  started: string;
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
  /** Whether a process is alive; injectable for tests. Default: process.kill(pid, 0). */
  isAlive?: (pid: number) => boolean;
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
    if (typeof v.pid === 'number' && typeof v.hostname === 'string' && typeof v.started === 'string') {
      return { raw, info: { pid: v.pid, hostname: v.hostname, started: v.started } };
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
  const me: LockInfo = {
    pid: options.pid ?? process.pid,
    hostname: options.hostname ?? osHostname(),
    started: (options.now ?? (() => new Date()))().toISOString(),
  };
  const isAlive = options.isAlive ?? processIsAlive;
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
      if (info === undefined) {
        throw new LockError(`lock ${path} exists but is unreadable; if no firemend run is active, remove it and retry`);
      }
      if (info.hostname !== me.hostname) {
        throw new LockError(`another run holds the lock ${path} (pid ${info.pid} on ${info.hostname}, started ${info.started}); nothing was contacted`);
      }
      if (isAlive(info.pid)) {
        throw new LockError(`another run holds the lock ${path} (pid ${info.pid}, started ${info.started}); nothing was contacted`);
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
      tookOver = `took over a stale lock ${path} left by pid ${info.pid} (started ${info.started}), which is no longer running`;
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
