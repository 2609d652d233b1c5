// A bare interactive SSH shell on one simulated FTD: ssh2 Client, one PTY shell, prompt detection by regex,
// and the clish → expert → root ladder. No engine, no parsers, no events: the floor's "least possible work".
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { Client } from 'ssh2';

// What firemend's transport asks for (src/connections/ssh/ssh-session.ts), so the device does the same work.
export const PTY = { term: 'vt100', cols: 1000, rows: 200 };

/** The line firemend sends for a command: in expert/root it appends `; echo "__FM_RC_<nonce>=$?"`. */
export function wireCommand(mode, command) {
  if (mode === 'clish') return { line: command, marker: null };
  const marker = `__FM_RC_${randomBytes(6).toString('hex')}`;
  return { line: `${command}; echo "${marker}=$?"`, marker: new RegExp(`${marker}=(\\d+)\\r?\\n`) };
}

// Prompts per FTD-CLI.md §12.2, matched on the tail of the buffer only (cheap on long outputs).
export const PROMPTS = {
  clish: /(?:^|\n)> $/,
  expert: /(?:^|\n)[\w.-]+@[\w.-]+:[^\n#$]*\$ $/,
  root: /(?:^|\n)root@[\w.-]+:[^\n#$]*# ?$/,
};
const PASSWORD = /[Pp]assword: ?$/;
const REBOOT_CONFIRM = /Please enter 'YES' or 'NO': ?$/;
const TAIL = 512;

/** Open a TCP socket with TCP_NODELAY to 127.0.0.1:port and log in; resolves to a ShellSession at `> `. */
export function openShell(target, opts) {
  return new Promise((resolve, reject) => {
    const client = new Client();
    let settled = false;
    const fail = (err) => {
      if (settled) return;
      settled = true;
      client.end();
      reject(err);
    };
    const sock = net.connect({ host: target.host, port: target.port });
    sock.setNoDelay(true);
    sock.setTimeout(opts.connectTimeoutMs, () => fail(new Error('connect timeout')));
    sock.once('error', fail);
    sock.once('connect', () => {
      sock.setTimeout(0);
      client.connect({
        sock,
        username: target.user,
        password: target.password,
        readyTimeout: opts.connectTimeoutMs,
        hostVerifier: opts.hostVerifier ? (key) => opts.hostVerifier(target, key) : undefined,
      });
    });
    client.once('error', fail);
    // A device that accepts and then drops (rebooting, `drop` fault) ends with 'close' and no 'error'.
    client.once('close', () => fail(new Error('connection closed during login')));
    client.once('ready', () => {
      client.shell(PTY, (err, stream) => {
        if (err) return fail(err);
        const s = new ShellSession(client, stream, target, opts);
        s.waitFor([PROMPTS.clish], opts.promptTimeoutMs).then(
          () => {
            settled = true;
            resolve(s);
          },
          fail,
        );
      });
    });
  });
}

/** One logged-in shell that knows its mode. */
export class ShellSession {
  constructor(client, stream, target, opts) {
    this.client = client;
    this.stream = stream;
    this.target = target;
    this.opts = opts;
    this.mode = 'clish';
    this.buf = '';
    this.waiter = null;
    this.closed = false;
    stream.on('data', (d) => this.onData(d));
    stream.stderr?.on('data', (d) => this.onData(d));
    const onClose = () => {
      this.closed = true;
      if (this.waiter) this.waiter.closed();
    };
    stream.once('close', onClose);
    client.once('close', onClose);
    client.on('error', () => onClose());
  }

  onData(d) {
    this.buf += d.toString('utf8');
    if (this.waiter) this.waiter.check();
  }

  /** Wait until one of the regexes matches the buffer's tail; resolves { index, text } and consumes the buffer. */
  waitFor(regexes, timeoutMs) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        reject(new Error(`prompt timeout after ${timeoutMs} ms in ${this.mode}`));
      }, timeoutMs);
      const check = () => {
        const tail = this.buf.length > TAIL ? this.buf.slice(-TAIL) : this.buf;
        for (let i = 0; i < regexes.length; i++) {
          if (regexes[i].test(tail)) {
            clearTimeout(timer);
            this.waiter = null;
            const text = this.buf;
            this.buf = '';
            resolve({ index: i, text });
            return;
          }
        }
      };
      this.waiter = {
        check,
        closed: () => {
          clearTimeout(timer);
          this.waiter = null;
          reject(Object.assign(new Error('connection closed'), { closed: true }));
        },
      };
      if (this.closed) this.waiter.closed();
      else check();
    });
  }

  send(line) {
    this.stream.write(line + '\n');
  }

  /**
   * Send one command in the current mode as firemend does (exit-status marker in shell modes), answer
   * declared prompts, return the raw output up to the prompt (and, in shell modes, the marker's `$?`).
   */
  async exec(command, answers = []) {
    const { line, marker } = wireCommand(this.mode, command);
    this.send(line);
    const expects = answers.map((a) => new RegExp(a.expect + '\\s*$'));
    let text = '';
    for (;;) {
      const r = await this.waitFor([PROMPTS[this.mode], ...expects], this.opts.commandTimeoutMs);
      text += r.text;
      if (r.index > 0) {
        this.send(answers[r.index - 1].answer);
        continue;
      }
      // The echoed line holds `<marker>=$?"`, never `<marker>=<digits>\n`: the prompt counts only after it.
      if (marker && !marker.test(text)) continue;
      return { text, exitStatus: marker ? Number(marker.exec(text)[1]) : undefined };
    }
  }

  /** Climb or descend to `mode` the way the FTD ladder allows: clish ⇄ expert ⇄ root. */
  async ensureMode(mode) {
    const order = ['clish', 'expert', 'root'];
    while (this.mode !== mode) {
      const here = order.indexOf(this.mode);
      const there = order.indexOf(mode);
      if (there > here) {
        if (this.mode === 'clish') {
          this.send('expert');
          await this.waitFor([PROMPTS.expert], this.opts.promptTimeoutMs);
          this.mode = 'expert';
        } else {
          this.send('sudo su -');
          const r = await this.waitFor([PROMPTS.root, PASSWORD], this.opts.promptTimeoutMs);
          if (r.index === 1) {
            this.send(this.target.sudoPassword ?? this.target.password);
            await this.waitFor([PROMPTS.root], this.opts.promptTimeoutMs);
          }
          this.mode = 'root';
        }
      } else {
        this.send('exit');
        const down = order[here - 1];
        await this.waitFor([PROMPTS[down]], this.opts.promptTimeoutMs);
        this.mode = down;
      }
    }
  }

  /** Confirm a reboot at `> ` and wait for the device to drop the connection. */
  async rebootAndDrop() {
    await this.ensureMode('clish');
    this.send('reboot');
    await this.waitFor([REBOOT_CONFIRM], this.opts.promptTimeoutMs);
    this.send('YES');
    try {
      await this.waitFor([/$^/], this.opts.rebootTimeoutMs);
    } catch (err) {
      if (!err.closed) throw err;
    }
    this.client.end();
  }

  /** Descend to `> ` and close the channel, as firemend's Session.close() does. Never throws. */
  async close() {
    try {
      if (!this.closed) await this.ensureMode('clish');
    } catch {
      // closing is best effort, as in the product's Session.close()
    }
    this.client.end();
  }
}
