// Where firemend keeps per-user state (locks) between runs, following the XDG base directory spec.
import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/** firemend's state directory: $XDG_STATE_HOME/firemend, else ~/.local/state/firemend. */
export function stateDir(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  const xdg = env['XDG_STATE_HOME'];
  // The spec says a relative XDG path is invalid and must be ignored.
  const base = xdg && isAbsolute(xdg) ? xdg : join(home, '.local', 'state');
  return join(base, 'firemend');
}

// A path as its real path, or undefined when it names nothing (a `-i fw01,fw02,` host list names no file).
function realPath(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}

/**
 * A rollout's key: the playbook and the inventory sources (`-i a.yml -i b.yml` arrives joined by ','), by real
 * path, so a symlink or `./` spelling is the same rollout (the playbook must exist: ENOENT otherwise). The default
 * lock and the run journal share it.
 */
export function rolloutKey(playbookPath: string, inventoryPath: string): string {
  const whole = realPath(inventoryPath);
  const inventory = whole !== undefined ? [whole] : inventoryPath.split(',').map((p) => realPath(p) ?? p);
  // A newline cannot end a path component here in practice, and it keeps ("a","bc") apart from ("ab","c").
  return createHash('sha256').update([realpathSync(playbookPath), ...inventory].join('\n')).digest('hex').slice(0, 16);
}

/**
 * The default `--lock` file: one per playbook+inventory pair, so two runs of the same rollout exclude each
 * other while unrelated rollouts do not.
 */
export function defaultLockPath(playbookPath: string, inventoryPath: string, env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  return join(stateDir(env, home), 'locks', `${rolloutKey(playbookPath, inventoryPath)}.lock`);
}
