// Output files are written whole or not at all: a CI job reading one never sees half of it, and a crash or
// Ctrl-C mid-write leaves the previous version (or nothing), never a truncated file. That holds for regular
// files, written to a temporary file beside them and renamed into place. What the user pointed the path at is
// respected: a symlink is written through (its target is replaced, the link stays), and a character device,
// FIFO or socket (`/dev/stdout`, `/dev/full`) is written to as such, never replaced by a file.
import { chmodSync, closeSync, lstatSync, openSync, realpathSync, renameSync, rmSync, statSync, writeFileSync, writeSync, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Write `text` to `path`: atomically for a regular file (also behind symlinks), directly to anything else.
 * `text` may be a sequence of pieces (a large report): they are written as they come, never joined into one string.
 */
export function writeFileAtomic(path: string, text: string | Iterable<string>): void {
  const target = resolveTarget(path);
  if (target.kind === 'direct') {
    writeText(path, text);
    return;
  }
  renameInto(target.path, text, target.mode);
}

const PIECES_PER_WRITE = 1 << 20;

function writeText(path: string, text: string | Iterable<string>): void {
  if (typeof text === 'string') {
    writeFileSync(path, text);
    return;
  }
  const fd = openSync(path, 'w');
  try {
    // Pieces are gathered to about 1 MB per write: few system calls, little memory.
    let pending = '';
    for (const piece of text) {
      pending += piece;
      if (pending.length >= PIECES_PER_WRITE) {
        writeAll(fd, pending);
        pending = '';
      }
    }
    writeAll(fd, pending);
  } finally {
    closeSync(fd);
  }
}

type Target = { kind: 'atomic'; path: string; mode?: number } | { kind: 'direct' };

// Where the bytes go. A dangling symlink is written through (the target file is created) directly.
function resolveTarget(path: string): Target {
  let link: Stats;
  try {
    link = lstatSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'atomic', path };
    throw err;
  }
  let st: Stats = link;
  if (link.isSymbolicLink()) {
    try {
      st = statSync(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'direct' };
      throw err;
    }
  }
  if (!st.isFile()) return { kind: 'direct' };
  // A regular file, possibly behind links: replace the file itself, keeping its permissions.
  return { kind: 'atomic', path: link.isSymbolicLink() ? realpathSync(path) : path, mode: st.mode & 0o7777 };
}

// One write may take fewer bytes than given; loop until all are in.
function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, bytes.length - off);
}

function renameInto(path: string, text: string | Iterable<string>, mode: number | undefined): void {
  const tmp = join(dirname(path), `.${basename(path)}.${Date.now()}.${Math.random().toString(36).slice(2)}.tmp`);
  try {
    writeText(tmp, text);
    if (mode !== undefined) chmodSync(tmp, mode);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
