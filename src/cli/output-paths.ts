// The files and folders a run was asked to write (--report, --junit, --plan-out, --evidence …), checked before
// any device is contacted: a run whose report cannot be written must not change devices first and fail after.
import { accessSync, constants, realpathSync, statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../errors.js';

/** One output of a run: a file written at the end, or a folder filled as the run goes. */
export interface OutputPath {
  /** The flag that named it, for messages (`--report`). */
  flag: string;
  path: string;
  kind: 'file' | 'dir';
}

/** Why `out` cannot be written, or undefined when it can (as far as can be known before writing). */
export function outputProblem(out: OutputPath): string | undefined {
  const st = statOrUndefined(out.path);
  if (st !== undefined) {
    if (out.kind === 'dir') return st.isDirectory() ? writable(out.path, 'the folder') : 'it exists and is not a folder';
    if (st.isDirectory()) return 'it is a folder';
    // A regular file is replaced through a temporary file beside it; a device or FIFO is written to as such.
    return st.isFile() ? writable(dirname(realPathOf(out.path)), 'its folder') : writable(out.path, 'it');
  }
  if (out.kind === 'dir') return ancestorProblem(resolve(out.path));
  // A file that does not exist yet (or a dangling symlink): its folder must exist and be writable.
  const parent = dirname(resolve(out.path));
  const pst = statOrUndefined(parent);
  if (pst === undefined) return `its folder ${parent} does not exist`;
  if (!pst.isDirectory()) return `${parent} is not a folder`;
  return writable(parent, 'its folder');
}

/** Throw a UsageError (exit 1, nothing contacted) naming every output that cannot be written. */
export function checkOutputPaths(outputs: readonly OutputPath[]): void {
  const problems = outputs.flatMap((o) => {
    const p = outputProblem(o);
    return p === undefined ? [] : [`${o.flag} ${o.path}: ${p}`];
  });
  if (problems.length > 0) throw new UsageError(`cannot write ${problems.join('; ')}; nothing was contacted`);
}

// A folder that does not exist yet is made with its missing parents: the nearest existing one must be writable.
function ancestorProblem(path: string): string | undefined {
  let dir = dirname(path);
  for (;;) {
    const st = statOrUndefined(dir);
    if (st !== undefined) return st.isDirectory() ? writable(dir, `its nearest existing folder ${dir}`) : `${dir} is not a folder`;
    const up = dirname(dir);
    if (up === dir) return `no existing folder above it`;
    dir = up;
  }
}

function writable(path: string, what: string): string | undefined {
  try {
    // access() also answers EROFS for a read-only file system, which root's permission bypass does not hide.
    accessSync(path, constants.W_OK);
    return undefined;
  } catch (err) {
    return `${what} is not writable (${(err as NodeJS.ErrnoException).code ?? 'error'})`;
  }
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function realPathOf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
