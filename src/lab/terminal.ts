// The line discipline of a device's shell channel: echo, Enter (\r, \n or \r\n), backspace, Ctrl-A/E/K/U/C,
// cursor keys, and no echo for passwords. Output gets \r\n line endings when the client asked for a PTY.

// An escape sequence at lastIndex: CSI, SS3, or ESC with any one character.
// eslint-disable-next-line no-control-regex -- an escape sequence starts with ESC
const ESCAPE = /\x1b(\[[0-9;]*[A-Za-z~]|O[A-Za-z]|.)?/y;

function isPrintable(c: string): boolean {
  return c >= ' ' && c !== '\x7f';
}

/** What a no-echo read (a password prompt) yields when the user presses Ctrl-C: the program gives up. */
export const INTERRUPTED = '\x03';

/** A byte sink (the SSH channel). */
export type RawWrite = (data: string) => void;

/** Turns keystrokes into lines and lines of output into terminal text. */
export class Terminal {
  private input = '';
  private buffer = '';
  private cursor = 0;
  private lastWasCr = false;
  private closed = false;
  private inputEnded = false;
  private pending: { echo: boolean; resolve: (line: string | null) => void } | undefined;
  // The echo produced while handling one received chunk, written once at the end: a real PTY echoes a pasted
  // line in one write, and one SSH packet per typed character costs both ends a packet each.
  private echoed = '';

  constructor(
    private readonly raw: RawWrite,
    /** A PTY was requested: echo input and use \r\n. */
    readonly pty: boolean,
  ) {}

  /** Write output; `\n` becomes `\r\n` on a PTY. */
  write(text: string): void {
    if (this.closed || text === '') return;
    this.raw(this.pty ? text.replace(/\r?\n/g, '\r\n') : text);
  }

  /** Start the next line with this text already in the buffer (the CLISH syntax-error quirk). */
  preload(text: string): void {
    this.buffer = text;
    this.cursor = text.length;
  }

  /** Bytes from the client. */
  feed(data: string): void {
    this.input += data;
    this.drain();
  }

  /** The channel closed: nothing more is written, and any pending read gets null. */
  close(): void {
    this.closed = true;
    this.endInput();
  }

  /** The client sent EOF (its stdin ended): output may still flow, but no more lines will come. */
  endInput(): void {
    this.inputEnded = true;
    if (this.input.length > 0 && this.pending) this.drain();
    const p = this.pending;
    this.pending = undefined;
    p?.resolve(null);
  }

  /** The next complete line. Echoes it (PTY only) unless `echo` is false. */
  readLine(echo: boolean): Promise<string | null> {
    if (this.closed) return Promise.resolve(null);
    return new Promise((resolve) => {
      this.pending = { echo, resolve };
      this.drain();
      if (this.pending && this.inputEnded) {
        this.pending = undefined;
        resolve(null);
      }
    });
  }

  private echo(text: string): void {
    if (this.pending?.echo && this.pty) this.echoed += text;
  }

  private flushEcho(): void {
    if (this.echoed === '') return;
    const text = this.echoed;
    this.echoed = '';
    this.raw(text);
  }

  private complete(interrupted = false): void {
    // Ctrl-C abandons the typed line; a no-echo read (a password prompt) learns that it was interrupted.
    const line = !interrupted ? this.buffer : this.pending?.echo === false ? INTERRUPTED : '';
    this.buffer = '';
    this.cursor = 0;
    this.echo('\r\n');
    const p = this.pending;
    this.pending = undefined;
    p?.resolve(line);
  }

  // Consume typed input while somebody is waiting for a line; keep the rest as type-ahead. The line's reader
  // resumes only after this returns (a promise callback), so flushing at the end keeps the echo before its output.
  private drain(): void {
    this.consume();
    this.flushEcho();
  }

  private consume(): void {
    const input = this.input;
    let i = 0;
    while (this.pending && i < input.length) {
      const c = input[i] as string;
      if (c === '\x1b') {
        ESCAPE.lastIndex = i;
        const m = ESCAPE.exec(input);
        if (!m || m[1] === undefined) {
          if (input.length - i < 3) break; // wait for the rest of the sequence
          i++;
          continue;
        }
        i += m[0].length;
        this.escape(m[0]);
        this.lastWasCr = false;
        continue;
      }
      i++;
      if (c === '\n' && this.lastWasCr) {
        this.lastWasCr = false;
        continue;
      }
      this.lastWasCr = c === '\r';
      if (c >= ' ' && c !== '\x7f' && this.cursor === this.buffer.length) {
        // Typing at the end of the line (nearly every key): a run of printable characters goes in at once.
        let j = i;
        while (j < input.length && isPrintable(input[j] as string)) j++;
        const run = input.slice(i - 1, j);
        this.buffer += run;
        this.cursor += run.length;
        this.echo(run);
        i = j;
        continue;
      }
      this.key(c);
    }
    this.input = i === 0 ? input : input.slice(i);
  }

  private escape(seq: string): void {
    if (seq === '\x1b[D' && this.cursor > 0) {
      this.cursor--;
      this.echo('\x1b[D');
    } else if (seq === '\x1b[C' && this.cursor < this.buffer.length) {
      this.cursor++;
      this.echo('\x1b[C');
    }
  }

  private key(c: string): void {
    const tail = this.buffer.slice(this.cursor);
    const back = (n: number): string => (n > 0 ? `\x1b[${n}D` : '');
    switch (c) {
      case '\r':
      case '\n':
        this.complete();
        return;
      case '\x7f':
      case '\b':
        if (this.cursor === 0) return;
        this.buffer = this.buffer.slice(0, this.cursor - 1) + tail;
        this.cursor--;
        this.echo('\b' + tail + ' ' + back(tail.length + 1));
        return;
      case '\x15': // Ctrl-U: kill to the start of the line
        if (this.cursor === 0) return;
        this.echo(back(this.cursor) + '\x1b[J' + tail + back(tail.length));
        this.buffer = tail;
        this.cursor = 0;
        return;
      case '\x01': // Ctrl-A
        this.echo(back(this.cursor));
        this.cursor = 0;
        return;
      case '\x05': // Ctrl-E
        if (tail.length > 0) this.echo(`\x1b[${tail.length}C`);
        this.cursor = this.buffer.length;
        return;
      case '\x0b': // Ctrl-K: kill to the end of the line
        this.echo('\x1b[K');
        this.buffer = this.buffer.slice(0, this.cursor);
        return;
      case '\x03': // Ctrl-C: abandon the line
        this.echo('^C');
        this.complete(true);
        return;
      default:
        if (c < ' ' || c === '\x7f') return;
        this.buffer = this.buffer.slice(0, this.cursor) + c + tail;
        this.cursor++;
        this.echo(c + tail + back(tail.length));
    }
  }
}
