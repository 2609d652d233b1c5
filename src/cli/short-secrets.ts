// A run refuses, before contacting anything, a secret too short to be redacted safely (MIN_SECRET_LENGTH,
// secrets.ts): replacing it in device output would corrupt what the parsers read, and not replacing it would
// leak it. The error names the host (or the play, or the extra vars) and the variable, never the value.
import { UsageError } from '../errors.js';
import { MIN_SECRET_LENGTH } from '../secrets.js';
import type { SecretEntry } from './run-secrets.js';

/** Throw a UsageError (exit 1) listing every secret (of secretEntries) shorter than MIN_SECRET_LENGTH characters. */
export function refuseShortSecrets(entries: readonly SecretEntry[]): void {
  const short = [...new Set(entries.filter((e) => e.value.length < MIN_SECRET_LENGTH).map((e) => e.origin))];
  if (short.length === 0) return;
  throw new UsageError(
    `${short.map((o) => `${o} is shorter than ${MIN_SECRET_LENGTH} characters`).join('; ')}: ` +
      `a secret that short cannot be redacted from device output without corrupting the words that contain it (which the parsers read); use a longer one`,
  );
}
