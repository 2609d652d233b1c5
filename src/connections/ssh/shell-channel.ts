// The interactive PTY shell as an event-driven buffer: every chunk is appended and the current waiter's
// predicate is evaluated on it; no polling, no sleeps. Timeouts are either absolute or idle (reset per chunk).
import { StringDecoder } from 'node:string_decoder';
import type { ClientChannel } from 'ssh2';
import { TransportError } from '../../errors.js';

/** A predicate over the buffer: return a value to finish the wait, undefined to keep reading. */
export type WaitCheck<T> = (buffer: string) => T | undefined;

/** How a wait ends when nothing matches. */
export interface WaitOptions {
  timeoutMs: number;
  /** Reset the timer whenever output arrives (command timeout); otherwise absolute (prompt timeout). */
  idle: boolean;
  onTimeout: (buffer: string) => TransportError;
  onClose: (buffer: string) => TransportError;
}

interface Waiter {
  check: WaitCheck<unknown>;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
  options: WaitOptions;
  timer: NodeJS.Timeout | undefined;
}

/** One PTY shell channel with its receive buffer. */
export class ShellChannel {
  private text = '';
  private waiter: Waiter | undefined;
  private readonly decoder = new StringDecoder('utf8');
  closed = false;

  constructor(private readonly stream: ClientChannel) {
    stream.on('data', (data: Buffer) => this.push(this.decoder.write(data)));
    stream.stderr.on('data', (data: Buffer) => this.push(data.toString('utf8')));
    stream.on('close', () => this.markClosed());
    stream.on('error', () => this.markClosed());
  }

  /** Everything received since the last consume(). */
  get buffer(): string {
    return this.text;
  }

  /** The buffer position now (to scan only what arrives after a write). */
  mark(): number {
    return this.text.length;
  }

  /** Drop everything received so far (a command finished; its text has been taken). */
  consume(): void {
    this.text = '';
  }

  /** Send raw text to the device. */
  write(text: string): void {
    if (!this.closed) this.stream.write(text);
  }

  /** Close the channel. */
  end(): void {
    this.stream.end();
    this.stream.close();
  }

  /** Wait until check() returns a value; at most one wait at a time. */
  waitFor<T>(check: WaitCheck<T>, options: WaitOptions): Promise<T> {
    if (this.waiter) throw new Error('ShellChannel: a wait is already in progress');
    const now = check(this.text);
    if (now !== undefined) return Promise.resolve(now);
    if (this.closed) return Promise.reject(options.onClose(this.text));
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = {
        check,
        resolve: resolve as (value: unknown) => void,
        reject,
        options,
        timer: undefined,
      };
      this.waiter = waiter;
      this.arm(waiter);
    });
  }

  private arm(waiter: Waiter): void {
    if (waiter.timer) clearTimeout(waiter.timer);
    waiter.timer = setTimeout(() => this.finish(waiter, undefined, waiter.options.onTimeout(this.text)), waiter.options.timeoutMs);
  }

  private finish(waiter: Waiter, value: unknown, err?: Error): void {
    if (this.waiter !== waiter) return;
    this.waiter = undefined;
    if (waiter.timer) clearTimeout(waiter.timer);
    if (err) waiter.reject(err);
    else waiter.resolve(value);
  }

  private push(chunk: string): void {
    if (chunk.length === 0) return;
    this.text += chunk;
    const waiter = this.waiter;
    if (!waiter) return;
    if (waiter.options.idle) this.arm(waiter);
    let value: unknown;
    try {
      value = waiter.check(this.text);
    } catch (err) {
      this.finish(waiter, undefined, err as Error);
      return;
    }
    if (value !== undefined) this.finish(waiter, value);
  }

  private markClosed(): void {
    if (this.closed) return;
    this.closed = true;
    const rest = this.decoder.end();
    if (rest) this.text += rest;
    const waiter = this.waiter;
    if (waiter) this.finish(waiter, undefined, waiter.options.onClose(this.text));
  }
}
