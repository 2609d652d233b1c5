import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, closeSync, constants, lstatSync, openSync, readSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../../../src/report/atomic-write.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'firemend-atomic-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('replaces a regular file whole (a new inode), keeping its permissions and leaving no temporary file', () => {
    const path = join(dir, 'report.json');
    writeFileSync(path, 'old');
    chmodSync(path, 0o640);
    const before = statSync(path).ino;
    writeFileAtomic(path, 'new');
    expect(readFileSync(path, 'utf8')).toBe('new');
    expect(statSync(path).ino).not.toBe(before);
    expect(statSync(path).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir)).toEqual(['report.json']);
  });

  it('writes a sequence of pieces as their concatenation, atomically, without joining them first', () => {
    const path = join(dir, 'report.json');
    writeFileSync(path, 'old');
    // Pieces past the 1 MB write size, with multi-byte characters across the cut.
    const pieces = Array.from({ length: 300 }, (_, i) => `${i}:${'é'.repeat(4000)}\n`);
    function* gen(): Generator<string> {
      yield* pieces;
    }
    writeFileAtomic(path, gen());
    expect(readFileSync(path, 'utf8')).toBe(pieces.join(''));
    expect(readdirSync(dir)).toEqual(['report.json']);
  });

  it('writes pieces of every size, with 2-, 3- and 4-byte characters, byte for byte as their concatenation', () => {
    const path = join(dir, 'mixed.json');
    // Small pieces that fill the buffer to its edge, one far larger than it, and astral characters (surrogate pairs).
    const pieces = [...Array.from({ length: 500 }, (_, i) => `${i}€🔥é,`.repeat(300)), 'x'.repeat(3 << 20), '🔥'.repeat(200_000), 'end\n'];
    writeFileAtomic(path, pieces);
    expect(readFileSync(path).equals(Buffer.from(pieces.join(''), 'utf8'))).toBe(true);
  });

  it('leaves the previous file and no temporary one when producing the pieces fails', () => {
    const path = join(dir, 'report.json');
    writeFileSync(path, 'old');
    function* failing(): Generator<string> {
      yield 'half';
      throw new Error('boom');
    }
    expect(() => writeFileAtomic(path, failing())).toThrow('boom');
    expect(readFileSync(path, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['report.json']);
  });

  it('writes through a symlink: the link stays a link and its target gets the text', () => {
    const target = join(dir, 'real.xml');
    const link = join(dir, 'junit.xml');
    writeFileSync(target, 'old');
    symlinkSync('real.xml', link);
    writeFileAtomic(link, '<testsuites/>');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('<testsuites/>');
    expect(readdirSync(dir).sort()).toEqual(['junit.xml', 'real.xml']);
  });

  it('creates the target of a dangling symlink rather than replacing the link', () => {
    const link = join(dir, 'plan.json');
    symlinkSync(join(dir, 'elsewhere.json'), link);
    writeFileAtomic(link, '{}');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'elsewhere.json'), 'utf8')).toBe('{}');
  });

  // Never the system's own /dev nodes: a write that replaced them (what this guards against) would break the host.
  it('writes to a FIFO as such (the reader gets the bytes) and never replaces it', () => {
    const fifo = join(dir, 'pipe');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      writeFileAtomic(fifo, 'through the pipe');
      const buf = Buffer.alloc(64);
      const n = readSync(reader, buf);
      expect(buf.subarray(0, n).toString()).toBe('through the pipe');
      expect(lstatSync(fifo).isFIFO()).toBe(true);
    } finally {
      closeSync(reader);
    }
  });

  // A private copy of /dev/full (major 1, minor 7) needs mknod, which only root may do.
  const canMknod = spawnSync('mknod', [join(tmpdir(), `firemend-mknod-probe-${process.pid}`), 'c', '1', '7']).status === 0;
  rmSync(join(tmpdir(), `firemend-mknod-probe-${process.pid}`), { force: true });
  it.runIf(canMknod)('reports a character device that cannot take the bytes (like /dev/full) as an error, and leaves the device alone', () => {
    const full = join(dir, 'full');
    expect(spawnSync('mknod', ['-m', '666', full, 'c', '1', '7']).status).toBe(0);
    const link = join(dir, 'report.json');
    symlinkSync(full, link);
    expect(() => writeFileAtomic(full, 'x')).toThrow(/ENOSPC/);
    expect(() => writeFileAtomic(link, 'x')).toThrow(/ENOSPC/);
    expect(lstatSync(full).isCharacterDevice()).toBe(true);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['full', 'report.json']);
  });
});
