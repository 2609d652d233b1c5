import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { confirmationQuestion, confirmRun } from '../../../src/cli/confirm.js';
import { exitCodeForError, EXIT } from '../../../src/cli/exit-codes.js';
import { UsageError } from '../../../src/errors.js';

function streams(): { input: PassThrough; output: PassThrough; written: () => string } {
  const input = new PassThrough();
  const output = new PassThrough();
  const chunks: string[] = [];
  output.on('data', (c: Buffer) => chunks.push(c.toString()));
  return { input, output, written: () => chunks.join('') };
}

describe('confirmRun', () => {
  it('asks, naming the devices and reboots at stake, and goes ahead on yes', async () => {
    const s = streams();
    const answer = confirmRun({ hosts: 12, reboots: 3, isTTY: true, yes: false, input: s.input, output: s.output });
    s.input.write('y\n');
    await expect(answer).resolves.toBe(true);
    expect(s.written()).toContain('up to 12 devices');
    expect(s.written()).toContain('3 of them may be REBOOTED');
  });

  it('declines on anything but an explicit yes', async () => {
    for (const reply of ['n\n', '\n', 'yess\n', 'ok\n']) {
      const s = streams();
      const answer = confirmRun({ hosts: 2, reboots: 0, isTTY: true, yes: false, input: s.input, output: s.output });
      s.input.write(reply);
      await expect(answer, JSON.stringify(reply)).resolves.toBe(false);
    }
  });

  it('accepts "yes" in any case', async () => {
    const s = streams();
    const answer = confirmRun({ hosts: 1, reboots: 1, isTTY: true, yes: false, input: s.input, output: s.output });
    s.input.write('  YES \n');
    await expect(answer).resolves.toBe(true);
  });

  it('declines when the input ends without an answer', async () => {
    const s = streams();
    const answer = confirmRun({ hosts: 2, reboots: 0, isTTY: true, yes: false, input: s.input, output: s.output });
    s.input.end();
    await expect(answer).resolves.toBe(false);
  });

  it('does not ask with --yes, even without a terminal', async () => {
    const s = streams();
    await expect(confirmRun({ hosts: 5, reboots: 5, isTTY: false, yes: true, input: s.input, output: s.output })).resolves.toBe(true);
    expect(s.written()).toBe('');
  });

  it('refuses without a terminal and without --yes, with a usage error (exit 1) saying why', async () => {
    const s = streams();
    const run = confirmRun({ hosts: 7, reboots: 0, isTTY: false, yes: false, input: s.input, output: s.output });
    await expect(run).rejects.toThrow(UsageError);
    await expect(run).rejects.toThrow('refusing to change 7 devices without --yes in a non-interactive run');
    expect(exitCodeForError(await run.catch((e: unknown) => e))).toBe(EXIT.INPUT);
  });

  it('does not ask when no device is at stake', async () => {
    const s = streams();
    await expect(confirmRun({ hosts: 0, reboots: 0, isTTY: false, yes: false, input: s.input, output: s.output })).resolves.toBe(true);
  });

  it('words a single device and reboot in the singular', () => {
    expect(confirmationQuestion(1, 1)).toBe('firemend will send fixes to up to 1 device; 1 of them may be REBOOTED. Continue? [y/N] ');
  });
});
