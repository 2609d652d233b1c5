// Opening one authenticated SSH connection: our own TCP socket (TCP_NODELAY, keepalive, connect timeout),
// or a channel through a jump host (forwardOut); host-key policy; password / key / agent / keyboard-interactive.
import { readFile } from 'node:fs/promises';
import { connect as netConnect } from 'node:net';
import type { Duplex } from 'node:stream';
import ssh2 from 'ssh2';
import type { Client as SshClient, ConnectConfig, ServerHostKeyAlgorithm } from 'ssh2';
import { TransportError } from '../../errors.js';
import { mapConnectError } from './errors.js';
import type { ConnectContext } from './errors.js';
import { prepareHostKeyCheck } from './host-key.js';
import type { HostKeyRefusal, KnownHostsCache } from './host-key.js';
import type { ConnectTarget, HostKeyPolicy } from './transport.js';

const { Client } = ssh2;

/** SSH-level keepalive: a dead peer is noticed within about a minute even when no command runs. */
const KEEPALIVE_MS = 15_000;
const KEEPALIVE_COUNT = 4;

// ssh2's default host-key preference; known types are moved to the front (as OpenSSH does).
const HOST_KEY_ALGOS: ServerHostKeyAlgorithm[] = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
];

/** The settings a connection needs (a subset of SessionOptions plus the shared cache). */
export interface ConnectSettings {
  knownHostsPath: string;
  hostKeyPolicy: HostKeyPolicy;
  connectTimeoutMs: number;
  cache: KnownHostsCache;
  warn: (message: string) => void;
  redact: (text: string) => string;
}

/** An authenticated client, and the jump connection it rides on (closed with it). */
export interface OpenConnection {
  client: SshClient;
  jump?: OpenConnection;
  /** End this client and its jump chain. */
  end(): void;
}

function preferredAlgorithms(knownTypes: string[]): ServerHostKeyAlgorithm[] {
  const front: ServerHostKeyAlgorithm[] = [];
  for (const t of knownTypes) {
    const algos: ServerHostKeyAlgorithm[] = t === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [t as ServerHostKeyAlgorithm];
    for (const a of algos) if (HOST_KEY_ALGOS.includes(a) && !front.includes(a)) front.push(a);
  }
  return [...front, ...HOST_KEY_ALGOS.filter((a) => !front.includes(a))];
}

// A TCP socket to host:port with TCP_NODELAY and OS keepalive; rejects with a mapped error on failure/timeout.
function openTcp(target: ConnectTarget, timeoutMs: number, ctx: ConnectContext): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const sock = netConnect({ host: target.host, port: target.port });
    sock.setNoDelay(true);
    sock.setKeepAlive(true, KEEPALIVE_MS);
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new TransportError('E_CONNECT_TIMEOUT', `${ctx.name} (${target.host}:${target.port}): TCP connect timed out after ${timeoutMs} ms`, { host: ctx.name }));
    }, timeoutMs);
    sock.once('connect', () => {
      clearTimeout(timer);
      sock.removeAllListeners('error');
      // Until ssh2 takes the socket over, a reset must not become an uncaught exception; ssh2 reports it.
      sock.on('error', () => undefined);
      resolve(sock);
    });
    sock.once('error', (err) => {
      clearTimeout(timer);
      sock.destroy();
      reject(mapConnectError(err, ctx));
    });
  });
}

// A channel from the jump host to target, used as the socket of the inner connection.
function forwardThrough(jump: OpenConnection, target: ConnectTarget, timeoutMs: number, ctx: ConnectContext): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new TransportError('E_CONNECT_TIMEOUT', `${ctx.name} (${target.host}:${target.port} via ${ctx.via}): forwarding timed out after ${timeoutMs} ms`, { host: ctx.name }));
    }, timeoutMs);
    jump.client.forwardOut('127.0.0.1', 0, target.host, target.port, (err, channel) => {
      clearTimeout(timer);
      if (err) {
        reject(mapConnectError(err, ctx));
        return;
      }
      channel.on('error', () => undefined);
      resolve(channel);
    });
  });
}

async function loadKey(target: ConnectTarget, ctx: ConnectContext): Promise<Buffer | undefined> {
  if (!target.privateKeyPath) return undefined;
  try {
    return await readFile(target.privateKeyPath);
  } catch (err) {
    throw new TransportError('E_AUTH', `${ctx.name}: cannot read private key ${target.privateKeyPath} (${(err as Error).message})`, {
      host: ctx.name,
    });
  }
}

/** Connect and authenticate to a target (through its jump host if it has one). */
export async function openConnection(target: ConnectTarget, settings: ConnectSettings): Promise<OpenConnection> {
  const jump = target.jump ? await openConnection(target.jump, settings) : undefined;
  const ctx: ConnectContext = { name: target.name, host: target.host, port: target.port, redact: settings.redact };
  if (target.jump) ctx.via = `${target.jump.user}@${target.jump.host}:${target.jump.port}`;
  try {
    const started = Date.now();
    const sock = jump ? await forwardThrough(jump, target, settings.connectTimeoutMs, ctx) : await openTcp(target, settings.connectTimeoutMs, ctx);
    const privateKey = await loadKey(target, ctx);
    const check = await prepareHostKeyCheck({
      cache: settings.cache,
      path: settings.knownHostsPath,
      policy: settings.hostKeyPolicy,
      name: target.name,
      host: target.host,
      port: target.port,
      warn: settings.warn,
    });
    const remaining = Math.max(1, settings.connectTimeoutMs - (Date.now() - started));
    const client = await handshake(target, sock, privateKey, check, remaining, ctx);
    const conn: OpenConnection = {
      client,
      end: () => {
        client.end();
        jump?.end();
      },
    };
    if (jump) conn.jump = jump;
    // A jump host going away takes the inner connection with it.
    jump?.client.once('close', () => client.end());
    return conn;
  } catch (err) {
    jump?.end();
    throw mapConnectError(err, ctx);
  }
}

function handshake(
  target: ConnectTarget,
  sock: Duplex,
  privateKey: Buffer | undefined,
  check: { preferredTypes: string[]; verify(blob: Buffer): Promise<HostKeyRefusal | undefined> },
  timeoutMs: number,
  ctx: ConnectContext,
): Promise<SshClient> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    let settled = false;
    const fail = (err: unknown): void => {
      if (settled) return;
      settled = true;
      client.end();
      sock.destroy();
      reject(mapConnectError(err, ctx));
    };
    const config: ConnectConfig = {
      sock,
      username: target.user,
      readyTimeout: timeoutMs,
      keepaliveInterval: KEEPALIVE_MS,
      keepaliveCountMax: KEEPALIVE_COUNT,
      algorithms: { serverHostKey: preferredAlgorithms(check.preferredTypes) },
      hostVerifier: (key: Buffer, verified: (ok: boolean) => void) => {
        check.verify(key).then(
          (refusal) => {
            if (refusal) ctx.hostKeyRefusal = refusal;
            verified(refusal === undefined);
          },
          (err: unknown) => {
            ctx.hostKeyRefusal = { code: 'E_HOSTKEY_UNKNOWN', message: `cannot use known_hosts (${(err as Error).message})` };
            verified(false);
          },
        );
      },
    };
    if (target.password !== undefined) {
      config.password = target.password;
      config.tryKeyboard = true;
    }
    if (privateKey) config.privateKey = privateKey;
    if (target.passphrase !== undefined) config.passphrase = target.passphrase;
    if (target.agent) config.agent = target.agent;
    // Devices that take the password through keyboard-interactive (PAM) get it only for a password prompt.
    client.on('keyboard-interactive', (_name, _instr, _lang, prompts, finish) => {
      const answers = prompts.map((p) => (/password/i.test(p.prompt) && target.password !== undefined ? target.password : ''));
      finish(answers);
    });
    client.once('ready', () => {
      if (settled) return;
      settled = true;
      resolve(client);
    });
    client.on('error', fail);
    client.once('close', () => fail(new Error('Connection lost before login completed')));
    try {
      client.connect(config);
    } catch (err) {
      fail(err);
    }
  });
}
