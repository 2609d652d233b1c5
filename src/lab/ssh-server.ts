// Serves one simulated device over real SSH (ssh2's Server) on its own loopback port: password login with the
// three-strikes rule, the banner and shell, `exec` requests, and the transport-level faults (auth-fail, slow,
// drop, unreachable, reboot downtime).
import { createServer, type Server as NetServer, type Socket } from 'node:net';
import { timingSafeEqual, createHash } from 'node:crypto';
import ssh2 from 'ssh2';
import type { Connection, KexAlgorithm, ServerChannel } from 'ssh2';
import type { SimDevice } from './device/sim-device.js';
import { DeviceSession, type SessionIO } from './device/session.js';
import { renderBanner } from './render/banner.js';
import { hostKeyForServer } from './host-key.js';
import { INTERRUPTED, Terminal } from './terminal.js';
import { delayKindOf, type DelayKind, type DeviceTiming } from './timing.js';

// ssh2's server does not implement diffie-hellman-group-exchange-*, so it is left out.
const KEX: KexAlgorithm[] = [
  'curve25519-sha256',
  'curve25519-sha256@libssh.org',
  'ecdh-sha2-nistp256',
  'ecdh-sha2-nistp384',
  'ecdh-sha2-nistp521',
  'diffie-hellman-group14-sha256',
  'diffie-hellman-group16-sha512',
  'diffie-hellman-group18-sha512',
  'diffie-hellman-group14-sha1',
];

export interface DeviceServerOptions {
  device: SimDevice;
  /** The private host key the device presents (OpenSSH format). */
  hostKey: string;
  password: string;
  host: string;
  port: number;
  /** Network round-trip time: every packet the device sends leaves this much later (0: at once). */
  latencyMs: number;
  /** Device think times (`--timing`), drawn and recorded per answer; absent: answers at once, nothing recorded. */
  timing?: DeviceTiming;
  slowMs: number;
  timeScale: number;
  rebootSeconds: number;
}

const sleep = (ms: number): Promise<void> => (ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve());

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

/** One device's SSH endpoint. */
export class DeviceServer {
  private net: NetServer | undefined;
  private readonly ssh: ssh2.Server;
  private readonly sockets = new Map<number, Socket>();
  // Per connection (by client port): whether the SSH handshake is still going on (its flights are counted).
  private readonly handshaking = new Map<number, boolean>();
  private rebootTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** Settles when the downtime of the last reboot ends: `back` once listening again, `hung` for reboot-hang. */
  rebootSettled: Promise<'back' | 'hung'> | undefined;
  private readonly faults: Set<string>;
  private readonly passwordDigest: Buffer;

  constructor(private readonly opts: DeviceServerOptions) {
    this.faults = new Set(opts.device.state.faults);
    this.passwordDigest = digest(opts.password);
    this.ssh = new ssh2.Server({ hostKeys: [{ key: hostKeyForServer(opts.hostKey) }], algorithms: { kex: KEX, serverHostKey: ['ssh-ed25519'] }, ident: 'OpenSSH_7.4' }, (client, info) =>
      this.onClient(client, info.port),
    );
    this.ssh.on('error', () => undefined);
  }

  get device(): SimDevice {
    return this.opts.device;
  }

  get port(): number {
    return this.opts.port;
  }

  /** Whether the port currently accepts connections. */
  get listening(): boolean {
    return this.net?.listening ?? false;
  }

  /** Start listening. An `unreachable` device only proves the port is free, then closes it. */
  async start(): Promise<void> {
    await this.listen();
    if (this.faults.has('unreachable')) await this.closeListener();
  }

  /** Close the port and every connection; cancel a pending reboot. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.rebootTimer) clearTimeout(this.rebootTimer);
    for (const s of this.sockets.values()) s.destroy();
    this.sockets.clear();
    await this.closeListener();
  }

  /** Reboot: drop every session, refuse connections for rebootSeconds, then come back with a new boot time. */
  reboot(): void {
    const device = this.opts.device;
    if (device.down || this.stopped) return;
    device.shutdown();
    for (const s of this.sockets.values()) {
      s.end();
      setTimeout(() => s.destroy(), 100 + this.opts.latencyMs).unref();
    }
    this.sockets.clear();
    void this.closeListener();
    this.rebootSettled = new Promise((resolve) => {
      this.rebootTimer = setTimeout(() => {
        this.rebootTimer = undefined;
        if (this.stopped) return;
        // A hanging device lets its downtime pass and stays down (tests wait for this instead of a clock).
        if (device.state.rebootHangs) return resolve('hung');
        device.boot();
        void this.listenWithRetry().then(() => resolve('back'));
      }, this.opts.rebootSeconds * 1000);
    });
  }

  private listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      const server = createServer({ noDelay: true }, (socket) => this.onSocket(socket));
      server.once('error', reject);
      server.listen({ host: this.opts.host, port: this.opts.port, exclusive: true }, () => {
        server.removeListener('error', reject);
        server.on('error', () => undefined);
        this.net = server;
        resolve();
      });
    });
  }

  private async listenWithRetry(): Promise<void> {
    for (let attempt = 0; attempt < 50 && !this.stopped; attempt++) {
      try {
        await this.listen();
        return;
      } catch {
        await sleep(200);
      }
    }
  }

  private closeListener(): Promise<void> {
    const server = this.net;
    this.net = undefined;
    if (!server) return Promise.resolve();
    return new Promise((resolve) => server.close(() => resolve()));
  }

  private onSocket(socket: Socket): void {
    socket.setNoDelay(true);
    socket.on('error', () => undefined);
    if (this.stopped || this.opts.device.down) {
      socket.destroy();
      return;
    }
    const key = socket.remotePort ?? -1;
    this.sockets.set(key, socket);
    socket.once('close', () => {
      if (this.sockets.get(key) === socket) this.sockets.delete(key);
      this.handshaking.delete(key);
    });
    if (this.opts.latencyMs > 0) this.delayEgress(socket, key);
    this.ssh.injectSocket(socket);
  }

  // The network's round trip, put on the device's side: each write (and the final end) leaves latencyMs later,
  // in order, so every request/response exchange (SSH handshake included) waits one RTT. Writes that go out while
  // an earlier one is still on its way travel with it; the first of each such flight during the handshake is
  // counted, as one round trip of the device's critical path.
  private delayEgress(socket: Socket, key: number): void {
    const rtt = this.opts.latencyMs;
    const write = socket.write.bind(socket) as (data: Buffer) => boolean;
    const end = socket.end.bind(socket) as () => Socket;
    let arrives = 0;
    this.handshaking.set(key, true);
    const later = (fn: () => void): void => {
      const now = performance.now();
      if (now >= arrives && this.handshaking.get(key) === true && this.opts.timing) this.opts.timing.record.handshakeFlights++;
      arrives = now + rtt;
      setTimeout(() => {
        if (!socket.destroyed) fn();
      }, rtt);
    };
    socket.write = ((data: Buffer) => {
      later(() => write(data));
      return true;
    }) as typeof socket.write;
    socket.end = (() => {
      later(() => end());
      return socket;
    }) as typeof socket.end;
  }

  private passwordOk(user: string, password: string): boolean {
    if (this.faults.has('auth-fail')) return false;
    return user === 'admin' && timingSafeEqual(digest(password), this.passwordDigest);
  }

  private onClient(client: Connection, peerPort: number): void {
    client.on('error', () => undefined);
    let failures = 0;
    const peer = `127.0.0.1:${peerPort}`;
    client.on('authentication', (ctx) => {
      if (ctx.method !== 'password') {
        ctx.reject(['password']);
        return;
      }
      if (this.passwordOk(ctx.username, ctx.password)) {
        ctx.accept();
        return;
      }
      failures++;
      if (failures >= 3) {
        // Three consecutive failures end the SSH connection, as on the device.
        ctx.reject([]);
        setImmediate(() => client.end());
        return;
      }
      ctx.reject(['password']);
    });
    client.on('ready', () => {
      const s = this.opts.device.state;
      const lastLogin = s.lastLogin;
      s.loginCount++;
      if (this.opts.timing) this.opts.timing.record.sessions++;
      s.lastLogin = this.opts.device.now();
      client.on('session', (acceptSession) => {
        const session = acceptSession();
        let pty = false;
        session.on('pty', (accept) => {
          pty = true;
          accept?.();
        });
        session.on('window-change', (accept) => accept?.());
        session.on('env', (accept) => accept?.());
        session.on('signal', (accept) => accept?.());
        session.on('auth-agent', (_accept, reject) => reject?.());
        session.on('x11', (_accept, reject) => reject?.());
        session.on('subsystem', (_accept, reject) => reject?.());
        session.on('sftp', (_accept, reject) => reject?.());
        session.on('shell', (accept) => {
          const channel = accept();
          this.handshaking.set(peerPort, false);
          void this.runShell(client, channel, pty, peer, lastLogin);
        });
        session.on('exec', (accept, _reject, info) => {
          const channel = accept();
          this.handshaking.set(peerPort, false);
          void this.runExec(client, channel, pty, peer, info.command);
        });
      });
    });
  }

  // The device's think time for one answer (drawn when --timing is set), plus the `slow` fault's delay.
  private responseDelay(kind: DelayKind): number {
    return (this.opts.timing?.draw(kind) ?? 0) + (this.faults.has('slow') ? this.opts.slowMs : 0);
  }

  // Output (echo, command output, prompt) is gathered and written once per turn of the event loop: a command's
  // echo, its output and the next prompt usually leave as one SSH packet instead of one per write, which is
  // what a device's PTY does with a burst of output. The bytes are the same; `flush` sends what is gathered
  // before the channel is ended or the connection dropped.
  private attach(channel: ServerChannel, pty: boolean): { term: Terminal; io: SessionIO; flush: () => void } {
    let open = true;
    let gathered = '';
    let scheduled = false;
    const flush = (): void => {
      scheduled = false;
      if (gathered === '') return;
      const data = gathered;
      gathered = '';
      if (open) channel.write(data);
    };
    const term = new Terminal((data) => {
      if (!open) return;
      gathered += data;
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    }, pty);
    channel.on('data', (d: Buffer) => term.feed(d.toString('utf8')));
    channel.on('close', () => {
      open = false;
      gathered = '';
      term.close();
    });
    // EOF from the client ends its input only; the answer still has to go out (`ssh host cmd </dev/null`).
    channel.on('end', () => term.endInput());
    // A line read without echo is a password (sudo's, or a forced change): checking it takes the device `auth` time.
    const readLine = async (echo: boolean): Promise<string | null> => {
      const line = await term.readLine(echo);
      if (!echo && line !== null && line !== INTERRUPTED && this.opts.timing) await sleep(this.opts.timing.draw('auth'));
      return line;
    };
    const io: SessionIO = { write: (t) => term.write(t), readLine, sleep };
    return { term, io, flush };
  }

  private drop(client: Connection, peerPort: string): void {
    const port = Number(peerPort.split(':')[1]);
    const socket = this.sockets.get(port);
    if (socket) socket.destroy();
    else client.end();
  }

  private finish(client: Connection, channel: ServerChannel, status: number): void {
    try {
      channel.exit(status);
      channel.end();
    } catch {
      // the client already went away
    }
    setTimeout(() => client.end(), 50).unref();
  }

  private async runShell(client: Connection, channel: ServerChannel, pty: boolean, peer: string, lastLogin: number | undefined): Promise<void> {
    const { term, io, flush } = this.attach(channel, pty);
    const device = this.opts.device;
    const session = new DeviceSession(device, io, { password: this.opts.password, timeScale: this.opts.timeScale, sshPeer: peer });
    const state = { ...device.state, lastLogin };
    if (this.opts.timing) await sleep(this.opts.timing.draw('login'));
    term.write(renderBanner(state, device.now(), '127.0.0.1'));
    if (device.state.passwordExpired && !(await this.changeExpiredPassword(term))) {
      flush();
      this.finish(client, channel, 1);
      return;
    }
    let keep: string | undefined;
    for (;;) {
      term.write(session.prompt());
      if (keep !== undefined) {
        term.write(keep + '\x07');
        term.preload(keep);
        keep = undefined;
      }
      const line = await term.readLine(true);
      if (line === null) return;
      await sleep(this.responseDelay(delayKindOf(session.mode, line)));
      const outcome = await session.submit(line);
      switch (outcome.kind) {
        case 'prompt':
          keep = outcome.keep;
          break;
        case 'close':
          flush();
          this.finish(client, channel, 0);
          return;
        case 'drop':
          flush();
          this.drop(client, peer);
          return;
        case 'reboot':
          // Give the broadcast lines a moment to leave before the box goes down.
          flush();
          await sleep(20);
          this.reboot();
          return;
      }
    }
  }

  // The forced password change at login (password-expired): FTD 7.0.1 over SSH (netmiko #3065) and 7.4.2 on the
  // console (FMC-API.md §3.6). Two equal answers clear the fault (the lab password itself stays); anything else ends
  // the session, as the device allows no prompt before the change.
  private async changeExpiredPassword(term: Terminal): Promise<boolean> {
    term.write('Hello admin. You must change your password.\nEnter new password: ');
    const first = await term.readLine(false);
    term.write('\n');
    if (first === null || first === INTERRUPTED || first === '') return false;
    term.write('Confirm new password: ');
    const second = await term.readLine(false);
    term.write('\n');
    if (second !== first) return false;
    this.opts.device.state.passwordExpired = false;
    term.write('Your password was updated successfully.\n');
    return true;
  }

  private async runExec(client: Connection, channel: ServerChannel, pty: boolean, peer: string, command: string): Promise<void> {
    const { io, flush } = this.attach(channel, pty);
    const session = new DeviceSession(this.opts.device, io, { password: this.opts.password, timeScale: this.opts.timeScale, sshPeer: peer });
    await sleep(this.responseDelay('clish'));
    if (this.opts.device.state.passwordExpired) {
      io.write('Hello admin. You must change your password.\n');
      flush();
      return this.finish(client, channel, 1);
    }
    const outcome = await session.submit(command);
    flush();
    if (outcome.kind === 'drop') return this.drop(client, peer);
    if (outcome.kind === 'reboot') {
      await sleep(20);
      return this.reboot();
    }
    this.finish(client, channel, session.lastStatus);
  }
}
