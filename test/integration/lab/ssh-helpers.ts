// A plain ssh2 Client driving lab devices (deliberately not firemend's transport): shell sessions with a PTY,
// exec requests, and connection attempts that report how they failed.
import { Client, type ClientChannel } from 'ssh2';

export const PASSWORD = 'firemend-lab';

const PROMPT = /(?:^|\n)(?:> |admin@[\w.-]+:[^\r\n]*\$ |root@[\w.-]+:[^\r\n]*# )$/;

export interface ConnectOptions {
  port: number;
  password?: string;
  username?: string;
  hostKeyLine?: string;
}

/** Connect and log in; rejects with the ssh2 error (level `client-authentication`, ECONNREFUSED …). */
export function connect(opts: ConnectOptions): Promise<Client> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    client.once('ready', () => resolve(client));
    client.once('error', reject);
    client.once('close', () => reject(new Error('closed before ready')));
    const expected = opts.hostKeyLine?.split(' ')[2];
    client.connect({
      host: '127.0.0.1',
      port: opts.port,
      username: opts.username ?? 'admin',
      password: opts.password ?? PASSWORD,
      readyTimeout: 10_000,
      ...(expected ? { hostVerifier: (key: Buffer) => key.toString('base64') === expected } : {}),
    });
  });
}

/** Run one exec request; resolves with its output and exit code. */
export async function exec(port: number, command: string): Promise<{ stdout: string; code: number | null }> {
  const client = await connect({ port });
  try {
    return await new Promise((resolve, reject) => {
      client.exec(command, (err, stream) => {
        if (err) return reject(err);
        let stdout = '';
        let code: number | null = null;
        stream.on('data', (d: Buffer) => (stdout += d.toString()));
        stream.on('exit', (c: number | null) => (code = c));
        stream.on('close', () => resolve({ stdout, code }));
      });
    });
  } finally {
    client.end();
  }
}

/** An interactive shell with a PTY, as an operator (or netmiko) would open it. */
export class Shell {
  /** Everything received, with \r\n turned into \n. */
  text = '';
  closed = false;
  private waiters: (() => void)[] = [];

  private constructor(
    readonly client: Client,
    readonly stream: ClientChannel,
  ) {
    stream.on('data', (d: Buffer) => {
      this.text += d.toString().replace(/\r\n/g, '\n');
      this.wake();
    });
    stream.on('close', () => {
      this.closed = true;
      this.wake();
    });
    client.on('close', () => {
      this.closed = true;
      this.wake();
    });
  }

  static async open(opts: ConnectOptions): Promise<Shell> {
    const client = await connect(opts);
    client.on('error', () => undefined);
    const stream = await new Promise<ClientChannel>((resolve, reject) =>
      client.shell({ term: 'vt100', cols: 200, rows: 50 }, (err, s) => (err ? reject(err) : resolve(s))),
    );
    const shell = new Shell(client, stream);
    await shell.waitFor(PROMPT, 0);
    return shell;
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    w.forEach((f) => f());
  }

  /** Wait until the text after `from` matches `re`; resolves with that text. */
  async waitFor(re: RegExp, from: number, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const slice = this.text.slice(from);
      if (re.test(slice)) return slice;
      if (this.closed) throw new Error(`channel closed while waiting for ${re}; got: ${JSON.stringify(slice)}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${re}; got: ${JSON.stringify(slice)}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 200);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Type a line; resolve with what came back up to and including the next prompt (echo included). */
  async run(line: string, until: RegExp = PROMPT): Promise<string> {
    const from = this.text.length;
    this.stream.write(line + '\r');
    return this.waitFor(until, from);
  }

  /** Run a command and return only its output: no echoed command, no trailing prompt. */
  async cmd(line: string): Promise<string> {
    const raw = await this.run(line);
    const body = raw.startsWith(line + '\n') ? raw.slice(line.length + 1) : raw;
    return body.replace(PROMPT, '\n').replace(/\n$/, '');
  }

  /** Wait for the connection to go away. */
  async waitClosed(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error('connection still open');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  close(): void {
    this.client.end();
  }
}

/** Matches output ending in BEL: the CLISH syntax-error prompt `> <text>\x07`. */
export const AFTER_BELL = new RegExp(String.fromCharCode(7) + '$');

/** A shell on the device at `port`, climbed to root with the lab password. */
export async function rootShell(port: number): Promise<Shell> {
  const sh = await Shell.open({ port });
  await sh.run('expert');
  await sh.run('sudo su -', /Password: $/);
  await sh.run(PASSWORD);
  return sh;
}
