// Output files are written whole or not at all: a CI job reading one never sees half of it, and a crash or
// Ctrl-C mid-write leaves the previous version (or nothing), never a truncated file. That holds for regular
// files, written to a temporary file beside them and renamed into place. What the user pointed the path at is
// respected: a symlink is written through (its target is replaced, the link stays), and a character device,
// FIFO or socket (`/dev/stdout`, `/dev/full`) is written to as such, never replaced by a file.
import { chmodSync, lstatSync, realpathSync, renameSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Write `text` to `path`: atomically for a regular file (also behind symlinks), directly to anything else. */
export function writeFileAtomic(path: string, text: string): void {
  const target = resolveTarget(path);
  if (target.kind === 'direct') {
    writeFileSync(path, text);
    return;
  }
  renameInto(target.path, text, target.mode);
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

function renameInto(path: string, text: string, mode: number | undefined): void {
  const tmp = join(dirname(path), `.${basename(path)}.${Date.now()}.${Math.random().toString(36).slice(2)}.tmp`);
  try {
    writeFileSync(tmp, text);
    if (mode !== undefined) chmodSync(tmp, mode);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
