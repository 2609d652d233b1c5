// Behaviours the lab does not produce, against a small scripted ssh2 server over real SSH on loopback:
// a device that pages with --More-- (FTD-CLI.md §6: must never stall), and a port that accepts TCP but
// never speaks SSH (connect timeout).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { Server as NetServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import type { Server as SshServer, ServerChannel } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TransportError } from '../../../../src/errors.js';
import { SshTransport } from '../../../../src/connections/ssh/ssh-transport.js';
import type { ConnectTarget, SessionOptions } from '../../../../src/connections/ssh/transport.js';

const { Server, utils } = ssh2;
const PAGE = 10;

// A CLISH-like shell: `show long` prints 25 numbered lines, pausing at --More-- every PAGE lines until a space;
// `expert` is refused with a syntax error that leaves the text in the line buffer (as CLISH does); Ctrl-U clears.
function pagingShell(channel: ServerChannel): void {
  let line = '';
  let pending: string[] = [];
  const out = (t: string): boolean => channel.write(t.replace(/\n/g, '\r\n'));
  const page = (): void => {
    const chunk = pending.splice(0, PAGE);
    out(chunk.map((l) => `${l}\n`).join(''));
    if (pending.length > 0) out('--More--');
    else out('> ');
  };
  out('\nCisco Firepower Threat Defense for VMware v7.4.1 (build 172)\n\n> ');
  channel.on('data', (d: Buffer) => {
    for (const ch of d.toString('utf8')) {
      if (pending.length > 0) {
        if (ch === ' ') {
          out('\r        \r');
          page();
        }
        continue;
      }
      if (ch === '\x15') {
        out(`\x1b[${line.length}D\x1b[J`);
        line = '';
      } else if (ch === '\r' || ch === '\n') {
        out('\n');
        const cmd = line.trim();
        line = '';
        if (cmd === 'expert') {
          out('Syntax error: Illegal parameter\n> expert\x07');
          line = 'expert';
        } else if (cmd === 'show long') {
          pending = Array.from({ length: 25 }, (_, i) => `row ${i + 1}`);
          page();
        } else {
          out('> ');
        }
      } else {
        line += ch;
        out(ch);
      }
    }
  });
}

describe('SshTransport against scripted servers', () => {
  let server: SshServer;
  let silent: NetServer;
  const silentSockets: Socket[] = [];
  let sshPort = 0;
  let silentPort = 0;
  let work: string;
  let knownHosts: string;
  const transport = new SshTransport();

  beforeAll(async () => {
    const keys = utils.generateKeyPairSync('ed25519');
    server = new Server({ hostKeys: [keys.private] }, (client) => {
      client.on('error', () => undefined);
      client.on('authentication', (ctx) => (ctx.method === 'password' && ctx.password === 'pw' ? ctx.accept() : ctx.reject(['password'])));
      client.on('ready', () => {
        client.on('session', (accept) => {
          const session = accept();
          session.on('pty', (ok) => ok?.());
          session.on('shell', (ok) => pagingShell(ok()));
        });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    sshPort = (server.address() as { port: number }).port;
    silent = createServer((s) => {
      s.setNoDelay(true);
      silentSockets.push(s);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentPort = (silent.address() as { port: number }).port;
    work = await mkdtemp(join(tmpdir(), 'firemend-scripted-'));
    knownHosts = join(work, 'known_hosts');
    const pub = keys.public.trim().split(/\s+/).slice(0, 2).join(' ');
    await writeFile(knownHosts, `[127.0.0.1]:${sshPort} ${pub}\n`);
  });
  afterAll(async () => {
    for (const s of silentSockets) s.destroy();
    await new Promise((r) => silent?.close(r));
    await new Promise((r) => server?.close(r));
    if (work) await rm(work, { recursive: true, force: true });
  });

  const target = (port: number): ConnectTarget => ({ name: 'scripted', host: '127.0.0.1', port, user: 'admin', platform: 'ftd', password: 'pw' });
  const options = (extra: Partial<SessionOptions> = {}): SessionOptions => ({
    knownHostsPath: knownHosts,
    hostKeyPolicy: 'strict',
    connectTimeoutMs: 5_000,
    promptTimeoutMs: 5_000,
    commandTimeoutMs: 5_000,
    ...extra,
  });

  it('keeps reading through --More-- pages and returns the output without pager lines', async () => {
    const s = await transport.open(target(sshPort), options());
    try {
      const r = await s.run('show long', { mode: 'clish', purpose: 'check' });
      expect(r.output.split('\n')).toEqual(Array.from({ length: 25 }, (_, i) => `row ${i + 1}`));
      const again = await s.run('show long', { mode: 'clish', purpose: 'check' });
      expect(again.output).toBe(r.output);
    } finally {
      await s.close();
    }
  });

  it('recovers the line buffer when a climb is refused with a syntax error', async () => {
    const s = await transport.open(target(sshPort), options());
    try {
      const err = await s.run('id', { mode: 'expert', purpose: 'check' }).then(
        () => new Error('expected failure'),
        (e: unknown) => e,
      );
      expect((err as TransportError).code).toBe('E_MODE_UNAVAILABLE');
      expect((err as TransportError).message).toContain("expert mode is unavailable on this device: 'expert' was refused (device said: \"Syntax error: Illegal parameter\")");
      expect(s.mode).toBe('clish');
      const r = await s.run('show long', { mode: 'clish', purpose: 'check' });
      expect(r.output.split('\n')).toHaveLength(25);
    } finally {
      await s.close();
    }
  });

  it('times out the connection when the port accepts TCP but never speaks SSH', async () => {
    const err = await transport.open(target(silentPort), options({ connectTimeoutMs: 400 })).then(
      () => new Error('expected failure'),
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TransportError);
    expect((err as TransportError).code).toBe('E_CONNECT_TIMEOUT');
  });
});
