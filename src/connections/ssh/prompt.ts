// Prompt matching: which mode's prompt (if any) the device shows at the cursor, and ask-back detection.
// Only the buffer's tail is ever cleaned and scanned, so a long output costs nothing per chunk.
import type { Mode } from '../../playbook/model.js';
import { cleanOutput, lastScreenLine } from './clean-output.js';
import type { DeviceProfile } from './profiles.js';

/** How much of the buffer's end is enough to see the cursor line and an ask-back prompt. */
const TAIL_CHARS = 1024;

/** The mode whose prompt matches this screen line, most specific rung first. */
export function detectMode(profile: DeviceProfile, screenLine: string): Mode | undefined {
  for (let i = profile.modes.length - 1; i >= 0; i--) {
    const spec = profile.modes[i];
    if (spec && spec.prompt.test(screenLine)) return spec.name;
  }
  return undefined;
}

/** The cleaned line at the cursor, looking only at the buffer's tail after `from`. */
export function cursorLine(buffer: string, from = 0): string {
  const start = Math.max(from, buffer.length - TAIL_CHARS);
  return lastScreenLine(buffer.slice(start));
}

/** True when `pattern` (a password prompt, an answer's expect) matches the cleaned tail after `from`. */
export function tailMatches(buffer: string, from: number, pattern: RegExp): boolean {
  const start = Math.max(from, buffer.length - TAIL_CHARS);
  if (start >= buffer.length) return false;
  return pattern.test(cleanOutput(buffer.slice(start)));
}

/** The line in which the device demands a new password at login (expired or first-login password), or undefined. */
export function passwordChangeDemand(profile: DeviceProfile, buffer: string): string | undefined {
  const text = cleanOutput(buffer.slice(-TAIL_CHARS));
  const m = profile.passwordChange.exec(text);
  if (!m) return undefined;
  const start = text.lastIndexOf('\n', m.index) + 1;
  const end = text.indexOf('\n', m.index);
  return text.slice(start, end === -1 ? undefined : end).trim();
}

/** What sudo said after the password was sent at `from`: refused it, asked again, or nothing telling yet. */
export type SudoVerdict = 'rejected' | 'asked-again';

/** Judge sudo's answer to a password sent when the buffer ended at `from`. */
export function sudoVerdict(profile: DeviceProfile, buffer: string, from: number): SudoVerdict | undefined {
  const start = Math.max(from, buffer.length - TAIL_CHARS);
  if (start >= buffer.length) return undefined;
  const after = cleanOutput(buffer.slice(start));
  if (profile.passwordRejected.test(after)) return 'rejected';
  if (profile.passwordPrompt.test(after)) return 'asked-again';
  return undefined;
}
