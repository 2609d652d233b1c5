// A real OpenSSH sshd running a real bash whose prompt rings: Debian's default xterm PS1 (an OSC title ended by
// BEL, from /etc/skel/.bashrc) with a BEL after it, and commands that print BEL and SO/SI. The session must
// find the prompt and return output without those bytes.
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TransportError } from '../../../../src/errors.js';
import { SshTransport } from '../../../../src/connections/ssh/ssh-transport.js';
import type { Session } from '../../../../src/connections/ssh/transport.js';
import { startSshd, sshdUnavailable } from '../../../helpers/sshd.js';
import type { SshdHandle } from '../../../helpers/sshd.js';

const missing = sshdUnavailable();
if (missing && process.env['CI']) throw new Error(`real-sshd tests cannot run in CI: ${missing}`);

// A clean interactive bash (no rc files: the test must not depend on the machine's dotfiles).
const SHELL = `#!/bin/sh
exec env -i HOME="$HOME" TERM=vt100 PATH=/usr/bin:/bin PS1='\\[\\e]0;\\u@\\h: \\w\\a\\]\\u@\\h:\\w\\$ \\a' bash --noprofile --norc -i
`;

// A real sshd whose sessions all run `script` (ForceCommand).
function sshdRunning(script: string): Promise<SshdHandle> {
  return startSshd({
    extraConfig: async (dir) => {
      const path = join(dir, 'session.sh');
      await writeFile(path, script);
      await chmod(path, 0o755);
      return [`ForceCommand ${path}`];
    },
  });
}

describe.skipIf(missing !== undefined)('SshTransport against a real sshd whose prompt carries BEL', () => {
  let sshd: SshdHandle;
  let work: string;
  let session: Session;
  const received: string[] = [];

  beforeAll(async () => {
    sshd = await sshdRunning(SHELL);
    work = await mkdtemp(join(tmpdir(), 'firemend-sshd-bel-'));
    const knownHosts = join(work, 'known_hosts');
    await writeFile(knownHosts, `${sshd.knownHostsLine}\n`);
    session = await new SshTransport().open(
      { name: 'bel', host: sshd.host, port: sshd.port, user: sshd.user, platform: 'linux', privateKeyPath: sshd.clientKeyPath },
      { knownHostsPath: knownHosts, hostKeyPolicy: 'strict', connectTimeoutMs: 10_000, promptTimeoutMs: 10_000, commandTimeoutMs: 10_000, onTranscript: (dir, text) => void (dir === 'received' && received.push(text)) },
    );
  });
  afterAll(async () => {
    await session?.close();
    await sshd?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('finds the prompt behind the title sequence and the BEL, and runs commands with their exit status', async () => {
    const r = await session.run('echo hello', { mode: sshd.user === 'root' ? 'root' : 'shell', purpose: 'check' });
    expect(r.output).toBe('hello');
    expect(r.exitStatus).toBe(0);
    // The bytes really were there: the title sequence and the BEL after the prompt.
    // eslint-disable-next-line no-control-regex -- ESC and BEL are what is looked for
    expect(received.join('')).toMatch(/\u001b\]0;[^\u0007]+\u0007[^\n]*[#$] \u0007/);
  });

  it('strips BEL, SO and SI from output before it is matched or returned', async () => {
    const r = await session.run("printf 'ring\\a \\016shift\\017 done\\n'; false", { mode: sshd.user === 'root' ? 'root' : 'shell', purpose: 'check' });
    expect(r.output).toBe('ring shift done');
    expect(r.exitStatus).toBe(1);
  });
});

// What OpenSSH (session.c) and passwd print when the account's password expired, as a shell that waits for the
// current password (RHEL wording, code-index id 38010040426).
const EXPIRED = `#!/bin/sh
printf 'You are required to change your password immediately (administrator enforced)\\n\\nWARNING: Your password has expired.\\nYou must change your password now and login again!\\nChanging password for user admin.\\nCurrent password: '
IFS= read -r answer
`;

describe.skipIf(missing !== undefined)('SshTransport against a real sshd whose login demands a password change', () => {
  let sshd: SshdHandle;
  let work: string;

  beforeAll(async () => {
    sshd = await sshdRunning(EXPIRED);
    work = await mkdtemp(join(tmpdir(), 'firemend-sshd-expired-'));
  });
  afterAll(async () => {
    await sshd?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('fails with E_PASSWORD_EXPIRED, not a prompt timeout', async () => {
    const knownHosts = join(work, 'known_hosts');
    await writeFile(knownHosts, `${sshd.knownHostsLine}\n`);
    const err = await new SshTransport()
      .open(
        { name: 'expired', host: sshd.host, port: sshd.port, user: sshd.user, platform: 'linux', privateKeyPath: sshd.clientKeyPath },
        { knownHostsPath: knownHosts, hostKeyPolicy: 'strict', connectTimeoutMs: 10_000, promptTimeoutMs: 10_000, commandTimeoutMs: 10_000 },
      )
      .then(
        () => new Error('open() succeeded'),
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(TransportError);
    expect((err as TransportError).code).toBe('E_PASSWORD_EXPIRED');
    expect((err as TransportError).message).toContain('You are required to change your password immediately');
  });
});
