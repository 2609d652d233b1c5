// What the read-only classifier says about one command: data, with the reason a person can act on.
import type { Platform } from '../connections/platforms.js';
import type { Mode } from '../playbook/model.js';

/**
 * `read-only`: every program it runs is on the read-only list with arguments that cannot change the device.
 * `refused`: something in it changes the device, or is not known to be read-only.
 * `unknown`: it depends on a template value not known yet (validate only); it is classified again when sent.
 */
export type VerdictKind = 'read-only' | 'refused' | 'unknown';

/** The classifier's answer, with why. */
export interface Verdict {
  readonly kind: VerdictKind;
  readonly reason: string;
}

/** Where a command runs: the platform of the host and the mode the command asks for. */
export interface CommandTarget {
  platform: Platform;
  mode: Mode;
}

export const readOnly = (reason: string): Verdict => ({ kind: 'read-only', reason });
export const refused = (reason: string): Verdict => ({ kind: 'refused', reason });
export const unknown = (reason: string): Verdict => ({ kind: 'unknown', reason });

/** The first refusal wins; else the first unknown; else read-only with the given reason. */
export function combine(verdicts: Verdict[], okReason: string): Verdict {
  return verdicts.find((v) => v.kind === 'refused') ?? verdicts.find((v) => v.kind === 'unknown') ?? readOnly(okReason);
}

/**
 * Stand-ins for template values when validate classifies a command before rendering (private-use
 * characters, never produced by the classifier's callers at send time): QUOTED is a value passed through
 * the `quote` filter (one shell word, contents unknown), RAW any other value (may hold any text).
 */
export const PLACEHOLDER_QUOTED = '\uE000';
export const PLACEHOLDER_RAW = '\uE001';
