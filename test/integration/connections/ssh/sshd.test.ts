// The transport against a real OpenSSH sshd (linux profile, key auth): a server we did not tune it to.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TransportError } from '../../../../src/errors.js';
import { SshTransport } from '../../../../src/connections/ssh/ssh-transport.js';
import type { ConnectTarget, HostKeyPolicy, Session, SessionOptions } from '../../../../src/connections/ssh/transport.js';
import { startSshd, sshdUnavailable } from '../../../helpers/sshd.js';
import type { SshdHandle } from '../../../helpers/sshd.js';

const missing = sshdUnavailable();
// In CI the real sshd must run: a missing binary fails the suite instead of skipping it.
if (missing && process.env['CI']) throw new Error(`real-sshd tests cannot run in CI: ${missing}`);
if (missing) console.warn(`\n!!! SKIPPING real-sshd transport tests: ${missing} !!!\n`);

describe.skipIf(missing !== undefined)('SshTransport against a real OpenSSH sshd', () => {
  let sshd: SshdHandle;
  let work: string;
  let knownHosts: string;
  const transport = new SshTransport();

  beforeAll(async () => {
    sshd = await startSshd();
    work = await mkdtemp(join(tmpdir(), 'firemend-sshd-test-'));
    knownHosts = join(work, 'known_hosts');
    await writeFile(knownHosts, `${sshd.knownHostsLine}\n`);
  });
  afterAll(async () => {
    await sshd?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  function target(extra: Partial<ConnectTarget> = {}): ConnectTarget {
    return { name: 'sshd', host: sshd.host, port: sshd.port, user: sshd.user, platform: 'linux', privateKeyPath: sshd.clientKeyPath, ...extra };
  }
  function options(extra: Partial<SessionOptions> = {}): SessionOptions {
    return { knownHostsPath: knownHosts, hostKeyPolicy: 'strict', connectTimeoutMs: 5_000, promptTimeoutMs: 30_000, commandTimeoutMs: 10_000, ...extra };
  }
  async function openFails(t: ConnectTarget, o: SessionOptions): Promise<TransportError> {
    try {
      const s = await transport.open(t, o);
      await s.close();
    } catch (err) {
      expect(err).toBeInstanceOf(TransportError);
      return err as TransportError;
    }
    throw new Error('open() succeeded but was expected to fail');
  }

  describe('one logged-in session', () => {
    let session: Session;
    beforeAll(async () => {
      session = await transport.open(target(), options());
    });
    afterAll(async () => {
      await session?.close();
    });

    it('runs a command and returns its output without echo, prompt or carriage returns', async () => {
      const r = await session.run('echo hello-from-sshd', { mode: 'shell', purpose: 'check' });
      expect(r.output).toBe('hello-from-sshd');
      expect(r.exitStatus).toBe(0);
      expect(r.command).toBe('echo hello-from-sshd');
      expect(r.output).not.toMatch(/\r|__FM_RC_/);
      expect(r.output.includes('\u001b')).toBe(false);
    });

    it('reports a non-zero exit status and the device error line', async () => {
      const r = await session.run('ls /definitely/not/here', { mode: 'shell', purpose: 'check' });
      expect(r.exitStatus).not.toBe(0);
      expect(r.deviceError).toMatch(/No such file or directory/);
      const fail = await session.run('sh -c "exit 7"', { mode: 'shell', purpose: 'check' });
      expect(fail.exitStatus).toBe(7);
    });

    it('returns long output whole and in order', async () => {
      const r = await session.run('seq 1 5000', { mode: 'shell', purpose: 'check' });
      const lines = r.output.split('\n');
      expect(lines).toHaveLength(5000);
      expect(lines[0]).toBe('1');
      expect(lines[4999]).toBe('5000');
      expect(lines.every((l, i) => l === String(i + 1))).toBe(true);
    });

    it('keeps output that does not end in a newline', async () => {
      const r = await session.run("printf 'no-newline'", { mode: 'shell', purpose: 'check' });
      expect(r.output).toBe('no-newline');
      expect(r.exitStatus).toBe(0);
    });

    it('answers a declared ask-back prompt and never a guessed one', async () => {
      const r = await session.run('read -p "Proceed? [y/N] " a; echo "got:$a"', {
        mode: 'shell',
        purpose: 'fix',
        answers: [{ expect: /Proceed\? \[y\/N\] $/, answer: 'y' }],
      });
      expect(r.output).toContain('got:y');
      const err = await session
        .run('read -p "Unexpected question? " a', { mode: 'shell', purpose: 'fix', timeoutMs: 800 })
        .then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(TransportError);
      expect((err as TransportError).code).toBe('E_COMMAND_TIMEOUT');
      expect((err as TransportError).message).toContain('Unexpected question?');
      // The session recovers (Ctrl-C) and runs the next command normally.
      const after = await session.run('echo recovered', { mode: 'shell', purpose: 'check' });
      expect(after.output).toBe('recovered');
    });

    it('keeps resetting the command timer while output still streams', async () => {
      const r = await session.run('for i in 1 2 3 4 5 6; do echo tick$i; sleep 0.25; done', { mode: 'shell', purpose: 'check', timeoutMs: 700 });
      expect(r.output.split('\n')).toEqual(['tick1', 'tick2', 'tick3', 'tick4', 'tick5', 'tick6']);
    });

    it('refuses a command with a newline, a TAB or another control character, or one too long, before sending anything', async () => {
      const sent: string[] = [];
      const s2 = await transport.open(target(), options({ onTranscript: (d, t) => d === 'sent' && sent.push(t) }));
      try {
        const before = sent.length;
        await expect(s2.run('echo one\necho two', { mode: 'shell', purpose: 'fix' })).rejects.toMatchObject({ code: 'E_COMMAND_LIMIT' });
        await expect(s2.run('echo one\recho two', { mode: 'shell', purpose: 'check' })).rejects.toMatchObject({ code: 'E_COMMAND_LIMIT' });
        // A TAB makes bash complete: the command that runs is not the one written.
        await expect(s2.run('echo\tstill fine', { mode: 'shell', purpose: 'check' })).rejects.toMatchObject({ code: 'E_COMMAND_LIMIT', message: expect.stringContaining('TAB') });
        // A 1 MB command is refused with its length and the limit, not sent.
        await expect(s2.run(`echo ${'a'.repeat(1024 * 1024)}`, { mode: 'shell', purpose: 'fix' })).rejects.toMatchObject({
          code: 'E_COMMAND_LIMIT',
          message: expect.stringMatching(/is 1048581 characters long; the limit for linux shell commands is 800 \(nothing was sent\)/),
        });
        expect(sent.length).toBe(before);
        expect((await s2.run('echo still fine', { mode: 'shell', purpose: 'check' })).output).toBe('still fine');
      } finally {
        await s2.close();
      }
    });

    it('refuses fixes and checks that are not read-only in read-only mode before sending anything', async () => {
      const sent: string[] = [];
      const ro = await transport.open(target(), options({ readOnly: true, onTranscript: (d, t) => d === 'sent' && sent.push(t) }));
      try {
        const before = sent.length;
        await expect(ro.run('touch /tmp/x', { mode: 'shell', purpose: 'fix' })).rejects.toMatchObject({ code: 'E_READ_ONLY' });
        await expect(ro.run('touch /tmp/x', { mode: 'shell', purpose: 'check' })).rejects.toMatchObject({ code: 'E_READ_ONLY', message: expect.stringContaining("'touch' is not on the read-only list") });
        await expect(ro.run('echo x > /tmp/x', { mode: 'shell', purpose: 'check' })).rejects.toMatchObject({ code: 'E_READ_ONLY', message: expect.stringContaining('writes a file') });
        await expect(ro.reboot({ timeoutMs: 1000 })).rejects.toMatchObject({ code: 'E_READ_ONLY' });
        expect(sent.length).toBe(before);
        expect((await ro.run('echo declared', { mode: 'shell', purpose: 'check' })).output).toBe('declared');
      } finally {
        await ro.close();
      }
    });
  });

  it('refuses an unknown host key under the strict policy', async () => {
    const empty = join(work, 'empty_known_hosts');
    await writeFile(empty, '');
    const err = await openFails(target(), options({ knownHostsPath: empty }));
    expect(err.code).toBe('E_HOSTKEY_UNKNOWN');
    expect(err.message).toContain('SHA256:');
  });

  it('refuses a changed host key under strict and accept-new alike', async () => {
    const changed = join(work, 'changed_known_hosts');
    await writeFile(changed, `${sshd.otherKnownHostsLine}\n`);
    for (const policy of ['strict', 'accept-new'] as HostKeyPolicy[]) {
      const err = await openFails(target(), options({ knownHostsPath: changed, hostKeyPolicy: policy }));
      expect(err.code).toBe('E_HOSTKEY_CHANGED');
    }
    expect(await readFile(changed, 'utf8')).toBe(`${sshd.otherKnownHostsLine}\n`);
  });

  it('records an unknown key under accept-new, then trusts it strictly', async () => {
    const fresh = join(work, 'fresh_known_hosts');
    const warnings: string[] = [];
    const s = await transport.open(target(), options({ knownHostsPath: fresh, hostKeyPolicy: 'accept-new', onWarning: (m) => warnings.push(m) }));
    await s.close();
    expect((await readFile(fresh, 'utf8')).trim()).toBe(sshd.knownHostsLine);
    expect(warnings.join('\n')).toMatch(/accepted new host key/);
    const again = await transport.open(target(), options({ knownHostsPath: fresh }));
    await again.close();
  });

  it('matches a hashed known_hosts entry written by ssh-keygen -H', async () => {
    const { execFile } = await import('node:child_process');
    const hashed = join(work, 'hashed_known_hosts');
    await writeFile(hashed, `${sshd.knownHostsLine}\n`);
    await new Promise<void>((resolve, reject) => execFile('ssh-keygen', ['-H', '-f', hashed], (e) => (e ? reject(e) : resolve())));
    expect(await readFile(hashed, 'utf8')).toMatch(/^\|1\|/);
    const s = await transport.open(target(), options({ knownHostsPath: hashed }));
    expect((await s.run('echo ok', { mode: 'shell', purpose: 'check' })).output).toBe('ok');
    await s.close();
  });

  it('connects with host key checking off, warning loudly', async () => {
    const warnings: string[] = [];
    const s = await transport.open(target(), options({ knownHostsPath: join(work, 'none'), hostKeyPolicy: 'off', onWarning: (m) => warnings.push(m) }));
    await s.close();
    expect(warnings.join('\n')).toMatch(/HOST KEY CHECKING IS OFF/);
  });

  it('fails authentication with a key the server does not accept', async () => {
    const err = await openFails(target({ privateKeyPath: sshd.wrongKeyPath }), options());
    expect(err.code).toBe('E_AUTH');
    expect(err.host).toBe('sshd');
  });

  it('reports a refused connection on a port nobody listens on', async () => {
    const { createServer } = await import('node:net');
    const port = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const p = (srv.address() as { port: number }).port;
        srv.close(() => resolve(p));
      });
    });
    const err = await openFails(target({ port }), options());
    expect(err.code).toBe('E_CONNECT_REFUSED');
  });

  it('reaches the host through a jump host with forwardOut', async () => {
    const s = await transport.open(target({ jump: target({ name: 'jump' }) }), options());
    const r = await s.run('echo through-the-jump', { mode: 'shell', purpose: 'check' });
    expect(r.output).toBe('through-the-jump');
    await s.close();
  });
});
