// Output files are written whole or not at all: a CI job reading one never sees half of it, and a crash or
// Ctrl-C mid-write leaves the previous version (or nothing), never a truncated file. That holds for regular
// files, written to a temporary file beside them and renamed into place. What the user pointed the path at is
// respected: a symlink is written through (its target is replaced, the link stays), and a character device,
// FIFO or socket (`/dev/stdout`, `/dev/full`) is written to as such, never replaced by a file.
import { chmodSync, closeSync, lstatSync, openSync, realpathSync, renameSync, rmSync, statSync, writeFileSync, writeSync, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Write `text` to `path`: atomically for a regular file (also behind symlinks), directly to anything else.
 * `text` may be a sequence of pieces (a large report): they are written as they come, never joined into one string;
 * each piece is encoded on its own, so none may end inside a surrogate pair (JSON text never does).
 */
export function writeFileAtomic(path: string, text: string | Iterable<string>): void {
  const target = resolveTarget(path);
  if (target.kind === 'direct') {
    writeText(path, text);
    return;
  }
  renameInto(target.path, text, target.mode);
}

const WRITE_BUFFER_BYTES = 1 << 20;

function writeText(path: string, text: string | Iterable<string>): void {
  if (typeof text === 'string') {
    writeFileSync(path, text);
    return;
  }
  const fd = openSync(path, 'w');
  try {
    // Pieces are encoded into one reused 1 MB buffer and written when it is full: few system calls, and no new
    // memory per megabyte (allocating a Buffer per write cost most of the time of writing a large report).
    const buffer = Buffer.allocUnsafe(WRITE_BUFFER_BYTES);
    let used = 0;
    const flush = (): void => {
      writeAll(fd, buffer.subarray(0, used));
      used = 0;
    };
    for (const piece of text) {
      // A UTF-16 code unit takes at most 3 bytes in UTF-8.
      if (used + piece.length * 3 > buffer.length) flush();
      if (piece.length * 3 > buffer.length) writeAll(fd, Buffer.from(piece, 'utf8'));
      else used += buffer.write(piece, used, 'utf8');
    }
    flush();
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
function writeAll(fd: number, bytes: Buffer): void {
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
