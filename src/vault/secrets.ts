// Where vault passwords come from, as ansible-vault takes them: a password file (its content, trailing
// whitespace removed), an executable password file (run; its stdout), or `--vault-id ID@SOURCE`.
import { execFile } from 'node:child_process';
import { access, constants, readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { UsageError } from '../errors.js';
import type { VaultSecret } from './vault.js';

/** Raised when a password source cannot be read or run; names the file, never its content. */
class VaultPasswordError extends UsageError {}

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Read one password file: run it when executable (a `*-client` script gets `--vault-id ID`), else its text. */
export async function readPasswordFile(file: string, id: string, timeoutMs = 30_000): Promise<VaultSecret> {
  let out: Buffer;
  if (await isExecutable(file)) {
    const args = /-client(?:\.[^.]*)?$/.test(basename(file)) ? ['--vault-id', id] : [];
    out = await new Promise<Buffer>((resolve, reject) => {
      execFile(file, args, { encoding: 'buffer', timeout: timeoutMs, maxBuffer: 1024 * 1024 }, (err, stdout) => {
        if (err) reject(new VaultPasswordError(`vault password script ${file} failed (${err.killed ? 'timed out' : `exit ${String(err.code)}`})`));
        else resolve(stdout);
      });
    });
  } else {
    try {
      out = await readFile(file);
    } catch (err) {
      throw new VaultPasswordError(`cannot read vault password file ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  const password = Buffer.from(out.toString('utf8').trim(), 'utf8');
  if (password.length === 0) throw new VaultPasswordError(`vault password file ${file} is empty`);
  return { id, password };
}

/** `--vault-id [ID@]SOURCE`: SOURCE is a file, or `prompt` (handled by the caller, which owns the terminal). */
export function parseVaultId(spec: string): { id: string; source: string } {
  const at = spec.indexOf('@');
  if (at < 0) return { id: 'default', source: spec };
  const id = spec.slice(0, at);
  const source = spec.slice(at + 1);
  if (id === '' || source === '') throw new UsageError(`--vault-id '${spec}' must be ID@SOURCE or SOURCE`);
  return { id, source };
}
