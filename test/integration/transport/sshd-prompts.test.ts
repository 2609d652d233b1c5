// A real OpenSSH sshd running a real bash whose prompt rings: Debian's default xterm PS1 (an OSC title ended by
// BEL, from /etc/skel/.bashrc) with a BEL after it, and commands that print BEL and SO/SI. The session must
// find the prompt and return output without those bytes.
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SshTransport } from '../../../src/transport/ssh-transport.js';
import type { Session } from '../../../src/transport/transport.js';
import { startSshd, sshdUnavailable } from '../../helpers/sshd.js';
import type { SshdHandle } from '../../helpers/sshd.js';

const missing = sshdUnavailable();
if (missing && process.env['CI']) throw new Error(`real-sshd tests cannot run in CI: ${missing}`);

// A clean interactive bash (no rc files: the test must not depend on the machine's dotfiles).
const SHELL = `#!/bin/sh
exec env -i HOME="$HOME" TERM=vt100 PATH=/usr/bin:/bin PS1='\\[\\e]0;\\u@\\h: \\w\\a\\]\\u@\\h:\\w\\$ \\a' bash --noprofile --norc -i
`;

describe.skipIf(missing !== undefined)('SshTransport against a real sshd whose prompt carries BEL', () => {
  let sshd: SshdHandle;
  let work: string;
  let session: Session;
  const received: string[] = [];

  beforeAll(async () => {
    sshd = await startSshd({
      extraConfig: async (dir) => {
        const script = join(dir, 'bel-shell.sh');
        await writeFile(script, SHELL);
        await chmod(script, 0o755);
        return [`ForceCommand ${script}`];
      },
    });
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
