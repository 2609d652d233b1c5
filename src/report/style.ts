// Terminal styling that can be switched off (NO_COLOR, not a TTY): the CLI decides, reporters just ask.
import type { HostStatus } from '../engine/results.js';

export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
  magenta(s: string): string;
  /** A status word in its usual colour (green ok, yellow pending, red failed …). */
  status(s: HostStatus): string;
}

const sgr = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;

/** Styling functions; with `color: false` every one returns its input unchanged. */
export function createStyle(color: boolean): Style {
  const id = (s: string): string => s;
  const bold = color ? sgr(1, 22) : id;
  const dim = color ? sgr(2, 22) : id;
  const red = color ? sgr(31, 39) : id;
  const green = color ? sgr(32, 39) : id;
  const yellow = color ? sgr(33, 39) : id;
  const cyan = color ? sgr(36, 39) : id;
  const magenta = color ? sgr(35, 39) : id;
  const byStatus: Record<HostStatus, (s: string) => string> = {
    ok: green,
    changed: yellow,
    pending: cyan,
    action_required: magenta,
    failed: red,
    unreachable: red,
    skipped: dim,
  };
  return { bold, dim, red, green, yellow, cyan, magenta, status: (s) => byStatus[s](s) };
}

/** Remove colour/style escapes (SGR) but keep cursor movement, so a live display still redraws in place. */
export function stripSgr(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}

/**
 * Whether to colour terminal output, from the environment the CLI passes in: NO_COLOR (any non-empty
 * value, per no-color.org) turns colour off; FORCE_COLOR (non-empty, not "0") turns it on; otherwise
 * colour follows whether the output is a terminal.
 */
export function shouldUseColor(env: Record<string, string | undefined>, isTTY: boolean): boolean {
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  return isTTY;
}
