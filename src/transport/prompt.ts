// Prompt matching: which mode's prompt (if any) the device shows at the cursor, and ask-back detection.
// Only the buffer's tail is ever cleaned and scanned, so a long output costs nothing per chunk.
import type { Mode } from '../playbook/model.js';
import { cleanOutput, lastScreenLine } from './clean-output.js';
import type { DeviceProfile } from './profiles.js';

/** How much of the buffer's end is enough to see the cursor line and an ask-back prompt. */
export const TAIL_CHARS = 1024;

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
