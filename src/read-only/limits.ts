// What no command firemend sends may contain or exceed, whatever the mode of operation: control characters
// (a newline would send a second command; a TAB makes the terminal complete), `?` in CLISH (CLISH answers
// it with help instead of running the command), and a length per platform and mode.
import type { CommandTarget } from './verdict.js';

// The session asks for a 1000-column terminal; a command must fit on one line with its prompt, so the
// device never wraps the echo. Shell modes also append the exit-status marker (about 32 characters) and
// have prompts of up to ~130 characters (user@hostname:cwd).
const MAX_LENGTH: Record<CommandTarget['mode'], number> = { clish: 900, expert: 800, root: 800, shell: 800 };

/** The longest command accepted for a platform and mode. */
export function maxCommandLength(target: CommandTarget): number {
  return MAX_LENGTH[target.mode];
}

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f]/;

/** Why the command may not be sent at all (says what it contains or how long it is), or undefined. */
export function commandLimitProblem(command: string, target: CommandTarget): string | undefined {
  if (command.includes('\t')) return 'contains a TAB (the terminal would complete on it and change the command)';
  const control = CONTROL.exec(command);
  if (control) return `contains the control character ${JSON.stringify(control[0])}`;
  if (target.mode === 'clish' && command.includes('?')) return "contains '?' (CLISH answers it with help instead of running the command)";
  const max = maxCommandLength(target);
  if (command.length > max) return `is ${command.length} characters long; the limit for ${target.platform} ${target.mode} commands is ${max}`;
  return undefined;
}
