// The confirmation before a run that may change devices. `--yes` skips it; without a terminal to ask on
// and without `--yes`, the run refuses (exit 1) rather than change devices nobody agreed to.
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { UsageError } from '../errors.js';

export interface ConfirmOptions {
  /** Hosts the run may change. */
  hosts: number;
  /** Hosts that may be rebooted by a fix. */
  reboots: number;
  /** Whether input and output are a terminal a person is at. */
  isTTY: boolean;
  /** `--yes`. */
  yes: boolean;
  input: Readable;
  output: Writable;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The question asked, naming what is at stake. */
export function confirmationQuestion(hosts: number, reboots: number): string {
  const reboot = reboots > 0 ? `; ${reboots === 1 ? '1 of them' : `${reboots} of them`} may be REBOOTED` : '';
  return `firemend will send fixes to up to ${plural(hosts, 'device')}${reboot}. Continue? [y/N] `;
}

/** Ask before changing devices: true to go ahead, false when declined; throws UsageError when it cannot ask. */
export async function confirmRun(options: ConfirmOptions): Promise<boolean> {
  const { hosts, reboots, isTTY, yes, input, output } = options;
  if (yes || hosts === 0) return true;
  if (!isTTY) {
    throw new UsageError(`refusing to change ${plural(hosts, 'device')} without --yes in a non-interactive run`);
  }
  const rl = createInterface({ input, output, terminal: false });
  try {
    const answer = await new Promise<string | undefined>((resolve) => {
      rl.once('close', () => resolve(undefined));
      rl.question(confirmationQuestion(hosts, reboots), resolve);
    });
    // End of input (Ctrl-D) declines, as does anything but an explicit yes.
    return answer !== undefined && /^\s*y(es)?\s*$/i.test(answer);
  } finally {
    rl.close();
  }
}
