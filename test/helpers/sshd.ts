// Starts a real OpenSSH sshd for tests: its own config, host key and authorized key, on 127.0.0.1 and a
// free port, as the current user (root or not: UsePAM no, StrictModes no). `sshd -D -e -f CONFIG`.
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const SSHD_PATH = '/usr/sbin/sshd';

/** A running sshd and what a client needs to reach it. */
export interface SshdHandle {
  host: '127.0.0.1';
  port: number;
  user: string;
  /** Private key accepted by the server (unencrypted). */
  clientKeyPath: string;
  /** A second key the server does not accept (for auth-failure tests). */
  wrongKeyPath: string;
  /** `[127.0.0.1]:port ssh-ed25519 AAAA…`, ready for a known_hosts file. */
  knownHostsLine: string;
  /** A well-formed known_hosts line for this host:port with a different key (for "changed" tests). */
  otherKnownHostsLine: string;
  dir: string;
  /** sshd's own log so far (stderr). */
  log(): string;
  stop(): Promise<void>;
}

/** Why sshd cannot run here, or undefined when it can. */
export function sshdUnavailable(): string | undefined {
  if (!existsSync(SSHD_PATH)) return `${SSHD_PATH} not found (apt-get install openssh-server)`;
  return undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function keygen(path: string, comment: string): Promise<string> {
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', path]);
  return (await readFile(`${path}.pub`, 'utf8')).trim();
}

function waitForListening(child: ChildProcess, port: number, logs: string[], timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sshd did not start within ${timeoutMs} ms:\n${logs.join('')}`)), timeoutMs);
    const onData = (d: Buffer): void => {
      logs.push(d.toString());
      if (logs.join('').includes(`port ${port}`)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`sshd exited with ${code}:\n${logs.join('')}`));
    });
  });
}

/** Start sshd with a fresh host key, accepting one fresh client key for the current user; `extraConfig` adds lines (ForceCommand …). */
export async function startSshd(options: { extraConfig?: (dir: string) => Promise<string[]> } = {}): Promise<SshdHandle> {
  const missing = sshdUnavailable();
  if (missing) throw new Error(missing);
  // Privilege separation directory: sshd refuses to start without it.
  if (!existsSync('/run/sshd')) {
    try {
      mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
    } catch {
      // Not writable for this user; sshd reports the problem itself.
    }
  }
  const dir = await mkdtemp(join(tmpdir(), 'firemend-sshd-'));
  const hostKey = join(dir, 'host_ed25519');
  const otherHostKey = join(dir, 'other_host_ed25519');
  const clientKeyPath = join(dir, 'client_ed25519');
  const wrongKeyPath = join(dir, 'wrong_ed25519');
  const [hostPub, otherPub, clientPub] = await Promise.all([
    keygen(hostKey, 'host'),
    keygen(otherHostKey, 'other-host'),
    keygen(clientKeyPath, 'client'),
    keygen(wrongKeyPath, 'wrong'),
  ]);
  await writeFile(join(dir, 'authorized_keys'), `${clientPub}\n`, { mode: 0o600 });
  const port = await freePort();
  const config = [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${hostKey}`,
    'PidFile none',
    'UsePAM no',
    'StrictModes no',
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PermitRootLogin prohibit-password',
    'AllowTcpForwarding yes',
    'PrintMotd no',
    'PrintLastLog no',
    'MaxStartups 100:30:200',
    'LogLevel VERBOSE',
    ...(options.extraConfig ? await options.extraConfig(dir) : []),
    '',
  ].join('\n');
  const configPath = join(dir, 'sshd_config');
  await writeFile(configPath, config);
  const child = spawn(SSHD_PATH, ['-D', '-e', '-f', configPath], { stdio: ['ignore', 'ignore', 'pipe'] });
  const logs: string[] = [];
  try {
    await waitForListening(child, port, logs, 10_000);
  } catch (err) {
    child.kill();
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  const keyField = (pub: string): string => pub.split(' ').slice(0, 2).join(' ');
  return {
    host: '127.0.0.1',
    port,
    user: userInfo().username,
    clientKeyPath,
    wrongKeyPath,
    knownHostsLine: `[127.0.0.1]:${port} ${keyField(hostPub)}`,
    otherKnownHostsLine: `[127.0.0.1]:${port} ${keyField(otherPub)}`,
    dir,
    log: () => logs.join(''),
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
