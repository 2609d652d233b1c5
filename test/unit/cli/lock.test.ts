import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireLock, procStartTicks, processIsAlive, systemProbe } from '../../../src/cli/lock.js';
import { exitCodeForError, EXIT } from '../../../src/cli/exit-codes.js';
import { LockError, UsageError } from '../../../src/errors.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'firemend-lock-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function lockText(fields: { pid: number; started: string; pid_start?: string | undefined; boot_id?: string | undefined }): string {
  return JSON.stringify({ hostname: hostname(), ...fields });
}

// Run fn with the pid of a live child process, killed afterwards.
async function withLiveProcess(fn: (pid: number) => void): Promise<void> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  try {
    await new Promise((r) => child.once('spawn', r));
    fn(child.pid as number);
  } finally {
    child.kill('SIGKILL');
  }
}

// The pid of a process that has really run and exited.
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('acquireLock', () => {
  it('creates the lock with pid, hostname and start time, in a directory it creates', () => {
    const path = join(dir, 'nested', 'run.lock');
    const lock = acquireLock(path, { releaseOnExit: false });
    const info = JSON.parse(readFileSync(path, 'utf8')) as { pid: number; hostname: string; started: string; pid_start: string; boot_id: string };
    expect(info.pid).toBe(process.pid);
    expect(info.hostname).toBe(hostname());
    expect(info.pid_start).toMatch(/^\d+$/);
    expect(info.pid_start).toBe(procStartTicks(process.pid));
    expect(info.boot_id).toBe(readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim());
    expect(Number.isNaN(Date.parse(info.started))).toBe(false);
    expect(lock.tookOver).toBeUndefined();
    lock.release();
    expect(existsSync(path)).toBe(false);
    lock.release();
  });

  it('refuses a second run while the first holds the lock, with an error that maps to exit 75', () => {
    const path = join(dir, 'run.lock');
    const first = acquireLock(path, { releaseOnExit: false });
    let err: unknown;
    try {
      acquireLock(path, { releaseOnExit: false });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LockError);
    expect((err as Error).message).toContain(`pid ${process.pid}`);
    expect((err as Error).message).toContain('nothing was contacted');
    expect(exitCodeForError(err)).toBe(EXIT.LOCKED);
    first.release();
    acquireLock(path, { releaseOnExit: false }).release();
  });

  it('refuses while the process that took the lock really runs (same pid, same start time, same boot)', async () => {
    await withLiveProcess((pid) => {
      const path = join(dir, 'run.lock');
      writeFileSync(path, lockText({ pid, started: new Date().toISOString(), pid_start: procStartTicks(pid), boot_id: systemProbe.bootId() }));
      expect(() => acquireLock(path, { releaseOnExit: false })).toThrow(new RegExp(`pid ${pid}`));
    });
  });

  it('takes over a lock whose pid now names another live process (PID reused after a reboot or container restart)', async () => {
    await withLiveProcess((pid) => {
      const path = join(dir, 'run.lock');
      const otherStart = String(Number(procStartTicks(pid)) + 12345);
      writeFileSync(path, lockText({ pid, started: new Date().toISOString(), pid_start: otherStart, boot_id: systemProbe.bootId() }));
      const lock = acquireLock(path, { releaseOnExit: false });
      expect(lock.tookOver).toMatch(new RegExp(`warning: took over a stale lock .*pid ${pid} is now another process`));
      lock.release();
    });
  });

  it('takes over a lock from before the host last booted, even when its pid is alive now', async () => {
    await withLiveProcess((pid) => {
      const path = join(dir, 'run.lock');
      writeFileSync(path, lockText({ pid, started: '2025-01-01T00:00:00.000Z', pid_start: procStartTicks(pid), boot_id: 'an-earlier-boot' }));
      const lock = acquireLock(path, { releaseOnExit: false });
      expect(lock.tookOver).toContain('before this host last booted');
      lock.release();
    });
  });

  it('takes over a lock of the old format (no start time) whose pid belongs to a process started after it', async () => {
    await withLiveProcess((pid) => {
      const path = join(dir, 'run.lock');
      writeFileSync(path, lockText({ pid, started: '2025-01-01T00:00:00.000Z' }));
      expect(acquireLock(path, { releaseOnExit: false }).tookOver).toContain(`pid ${pid} is now another process`);
    });
  });

  it('keeps refusing an old-format lock whose live process is older than the lock', async () => {
    await withLiveProcess((pid) => {
      const path = join(dir, 'run.lock');
      writeFileSync(path, lockText({ pid, started: new Date(Date.now() + 60_000).toISOString() }));
      expect(() => acquireLock(path, { releaseOnExit: false })).toThrow(LockError);
    });
  });

  it('takes over a lock left by a process that died, and says so', () => {
    const path = join(dir, 'run.lock');
    const pid = deadPid();
    expect(processIsAlive(pid)).toBe(false);
    writeFileSync(path, JSON.stringify({ pid, hostname: hostname(), started: '2025-01-01T00:00:00.000Z' }));
    const lock = acquireLock(path, { releaseOnExit: false });
    expect(lock.tookOver).toContain(`pid ${pid} is no longer running`);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ pid: process.pid });
    lock.release();
    expect(existsSync(path)).toBe(false);
  });

  it('does not take over a lock from another host, whose processes it cannot see', () => {
    const path = join(dir, 'run.lock');
    writeFileSync(path, JSON.stringify({ pid: deadPid(), hostname: 'some-other-host', started: '2025-01-01T00:00:00.000Z' }));
    expect(() => acquireLock(path, { releaseOnExit: false })).toThrow(/on some-other-host/);
  });

  it('takes over an empty or corrupt lock file with a warning (firemend never leaves one half-written)', () => {
    const path = join(dir, 'run.lock');
    for (const [content, why] of [['', 'it was empty'], ['garbage', 'corrupt'], ['{"pid":-3,"hostname":"x","started":"y"}', 'corrupt']] as const) {
      writeFileSync(path, content);
      const lock = acquireLock(path, { releaseOnExit: false });
      expect(lock.tookOver).toContain(why);
      expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ pid: process.pid });
      lock.release();
    }
  });

  it('does not remove a lock that another run took over in the meantime', () => {
    const path = join(dir, 'run.lock');
    const lock = acquireLock(path, { releaseOnExit: false });
    const other = JSON.stringify({ pid: 1, hostname: hostname(), started: 'later' });
    writeFileSync(path, other);
    lock.release();
    expect(readFileSync(path, 'utf8')).toBe(other);
  });

  it('reports a lock that cannot be created as a usage error (exit 1), not as locked', () => {
    const blocker = join(dir, 'file');
    writeFileSync(blocker, '');
    let err: unknown;
    try {
      acquireLock(join(blocker, 'sub', 'run.lock'), { releaseOnExit: false });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toContain('cannot create the lock file');
    expect(exitCodeForError(err)).toBe(EXIT.INPUT);
  });

  it('leaves no temporary files behind', () => {
    const path = join(dir, 'run.lock');
    const lock = acquireLock(path, { releaseOnExit: false });
    expect(() => acquireLock(path, { releaseOnExit: false })).toThrow(LockError);
    lock.release();
    expect(spawnSync('ls', ['-A', dir], { encoding: 'utf8' }).stdout).toBe('');
  });

  it('releases the lock when the process exits', () => {
    const path = join(dir, 'run.lock');
    const lock = acquireLock(path);
    const onExit = process.listeners('exit').find((l) => l === lock.release);
    expect(onExit).toBeDefined();
    // Call the registered listener as the exit would (emitting 'exit' here would also run the test runner's own).
    (onExit as () => void)();
    expect(existsSync(path)).toBe(false);
    expect(process.listeners('exit')).not.toContain(lock.release);
  });
});
