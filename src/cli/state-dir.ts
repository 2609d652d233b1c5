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

/**
 * The default `--lock` file: one per playbook+inventory pair, so two runs of the same rollout exclude each
 * other while unrelated rollouts do not. Keyed by real paths, so a symlink or `./` spelling is the same pair.
 */
export function defaultLockPath(playbookPath: string, inventoryPath: string, env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  // A newline cannot end a path component here in practice, and it keeps ("a","bc") apart from ("ab","c").
  const key = `${realpathSync(playbookPath)}\n${realpathSync(inventoryPath)}`;
  const digest = createHash('sha256').update(key).digest('hex').slice(0, 16);
  return join(stateDir(env, home), 'locks', `${digest}.lock`);
}
