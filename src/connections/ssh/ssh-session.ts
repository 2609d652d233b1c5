// One logged-in device: a PTY shell that runs one command at a time, knows its mode and climbs or
// descends the profile's ladder to the mode a command asks for. Waiting is event-driven on the buffer tail.
import { performance } from 'node:perf_hooks';
import type { ClientChannel } from 'ssh2';
import { TransportError } from '../../errors.js';
import type { TransportErrorCode } from '../../errors.js';
import type { Answer, Mode } from '../../playbook/model.js';
import { cleanOutput } from './clean-output.js';
import { exitMarker, extractOutput, findDeviceError, scanExitStatus, withExitMarker } from './command-output.js';
import type { OpenConnection } from './ssh-client.js';
import { randomHex } from './nonce.js';
import { classifyCommand, commandLimitProblem } from '../../read-only/index.js';
import { modeLevel, modeSpec } from './profiles.js';
import type { DeviceProfile, ModeSpec } from './profiles.js';
import { cursorLine, detectMode, passwordChangeDemand, sudoVerdict, tailMatches } from './prompt.js';
import { waitForReturn } from './reboot.js';
import type { ShellChannel as ShellChannelType, WaitOptions } from './shell-channel.js';
import { ShellChannel } from './shell-channel.js';
import type { CommandResult, RebootOptions, RebootResult, RunOptions, Session, SessionOptions } from './transport.js';

/** Terminal size asked for: wide, so devices do not wrap echoed commands or output. */
const PTY = { term: 'vt100', cols: 1000, rows: 200 } as const;
/** Bound on each step of close(): closing must never hang a run. */
const CLOSE_STEP_MS = 3_000;

/** What a session needs from outside: how to (re)connect, the profile, the options, the redactor. */
export interface SessionContext {
  name: string;
  profile: DeviceProfile;
  options: SessionOptions;
  sudoPassword: string | undefined;
  connect: (timeoutMs?: number) => Promise<OpenConnection>;
  redact: (text: string) => string;
}

// What the device answered to a command, as one line: the cleaned text without the echo and the prompt line.
function deviceReply(received: string, command: string): string {
  const lines = cleanOutput(received).split('\n').map((l) => l.trim());
  lines.pop();
  const text = lines.filter((l) => l !== '' && l !== command).join(' / ');
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

// Shown in errors: the last bytes the device sent, cleaned of secrets and made visible.
function lastBytes(redact: (t: string) => string, buffer: string, n = 240): string {
  return JSON.stringify(redact(buffer).slice(-n));
}

function openShell(conn: OpenConnection): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    conn.client.shell(PTY, (err, stream) => (err ? reject(err) : resolve(stream)));
  });
}

/** The SSH implementation of Session. */
export class SshSession implements Session {
  private conn!: OpenConnection;
  private channel!: ShellChannelType;
  private current!: Mode;
  private base!: Mode;
  /** A command timed out: the device may still be busy; interrupt before the next command. */
  private dirty = false;
  private closing = false;

  private constructor(private readonly ctx: SessionContext) {}

  /** Connect, open the shell and wait for the first prompt. */
  static async open(ctx: SessionContext): Promise<SshSession> {
    const session = new SshSession(ctx);
    await session.attach(await ctx.connect(), ctx.options.promptTimeoutMs);
    return session;
  }

  get mode(): Mode {
    return this.current;
  }

  /** The platform profile in use. */
  get profile(): DeviceProfile {
    return this.ctx.profile;
  }

  // 1. open the shell, 2. wait for any known prompt, 3. remember it as the base of the ladder.
  private async attach(conn: OpenConnection, promptTimeoutMs: number): Promise<void> {
    this.conn = conn;
    conn.client.on('error', () => undefined); // surfaced through the channel closing
    let stream: ClientChannel;
    try {
      stream = await openShell(conn);
    } catch (err) {
      conn.end();
      throw new TransportError('E_DISCONNECTED', `${this.ctx.name}: the device refused an interactive shell (${this.ctx.redact((err as Error).message)})`, {
        host: this.ctx.name,
      });
    }
    const channel = new ShellChannel(stream);
    this.channel = channel;
    conn.client.once('close', () => stream.emit('close'));
    try {
      const mode = await this.waitForLogin(promptTimeoutMs);
      this.current = mode;
      this.base = mode;
    } catch (err) {
      conn.end();
      throw err;
    } finally {
      this.flushReceived();
    }
  }

  private transcript(direction: 'sent' | 'received', text: string): void {
    if (text.length > 0) this.ctx.options.onTranscript?.(direction, this.ctx.redact(text));
  }

  private send(text: string, shown = text): void {
    this.transcript('sent', shown);
    this.channel.write(text);
  }

  // Hand what was received to the transcript, then drop it from the buffer.
  private flushReceived(): void {
    this.lastReceived = this.channel.buffer;
    this.transcript('received', this.channel.buffer);
    this.channel.consume();
  }

  private promptPatterns(): string {
    return this.ctx.profile.modes.map((m) => `${m.name} ${String(m.prompt)}`).join(', ');
  }

  private waitOptions(code: TransportErrorCode, timeoutMs: number, idle: boolean, what: string, expected: string): WaitOptions {
    const { name, redact } = this.ctx;
    return {
      timeoutMs,
      idle,
      onTimeout: (buffer) =>
        new TransportError(
          code,
          `${name}: timed out after ${timeoutMs} ms ${idle ? 'without output ' : ''}waiting for ${what} (expected ${expected}); last bytes seen: ${lastBytes(redact, buffer)}`,
          { host: name },
        ),
      onClose: (buffer) =>
        new TransportError('E_DISCONNECTED', `${name}: connection closed while waiting for ${what}; last bytes seen: ${lastBytes(redact, buffer)}`, {
          host: name,
        }),
    };
  }

  // The first prompt after login; a demand for a new password instead is never answered (it would change the account).
  private async waitForLogin(timeoutMs: number): Promise<Mode> {
    const { name, profile, redact } = this.ctx;
    const seen = await this.channel.waitFor<{ mode: Mode } | { demand: string }>((buf) => {
      const demand = passwordChangeDemand(profile, buf);
      if (demand !== undefined) return { demand };
      const mode = detectMode(profile, cursorLine(buf));
      return mode ? { mode } : undefined;
    }, this.waitOptions('E_PROMPT_TIMEOUT', timeoutMs, false, 'the login prompt', this.promptPatterns()));
    if ('mode' in seen) return seen.mode;
    throw new TransportError(
      'E_PASSWORD_EXPIRED',
      `${name}: the device demands a new password at login (${JSON.stringify(redact(seen.demand))}); nothing was answered. Log in once interactively, set a new password, then update the inventory`,
      { host: name },
    );
  }

  private waitForAnyPrompt(from: number, timeoutMs: number, what: string): Promise<Mode> {
    return this.channel.waitFor(
      (buf) => detectMode(this.ctx.profile, cursorLine(buf, from)),
      this.waitOptions('E_PROMPT_TIMEOUT', timeoutMs, false, what, this.promptPatterns()),
    );
  }

  // ---- mode ladder -------------------------------------------------------------------------------

  private spec(mode: Mode): ModeSpec {
    const spec = modeSpec(this.ctx.profile, mode);
    if (!spec) {
      throw new TransportError('E_MODE', `${this.ctx.name}: platform ${this.ctx.profile.platform} has no mode '${mode}'`, { host: this.ctx.name });
    }
    return spec;
  }

  /** Climb or descend until the session is in `mode` (never below the mode the login landed in). */
  async enterMode(mode: Mode): Promise<void> {
    const profile = this.ctx.profile;
    this.spec(mode);
    const want = Math.max(modeLevel(profile, mode), modeLevel(profile, this.base));
    for (let guard = 0; guard < profile.modes.length * 2 && modeLevel(profile, this.current) !== want; guard++) {
      const level = modeLevel(profile, this.current);
      if (level < want) await this.climb(profile.modes[level + 1] as ModeSpec);
      else await this.descend(this.spec(this.current));
    }
    if (modeLevel(profile, this.current) !== want) {
      throw new TransportError('E_MODE', `${this.ctx.name}: could not reach mode '${mode}' (now in '${this.current}')`, { host: this.ctx.name });
    }
  }

  private async climb(target: ModeSpec): Promise<void> {
    const { name, profile, sudoPassword, redact } = this.ctx;
    const entry = target.enter;
    if (!entry) throw new TransportError('E_MODE', `${name}: mode '${target.name}' cannot be entered by a command`, { host: name });
    // A refusal is remembered: the command is not sent again, and a refused sudo password never twice (lock-out).
    const refused = this.refusals.get(target.name);
    if (refused) throw new TransportError(refused.code, refused.message, { host: name });
    this.channel.consume();
    this.send(`${entry.command}\n`);
    let passwordAt = -1;
    const quirk = profile.lineBufferQuirk && profile.lineBufferQuirk.mode === this.current ? profile.lineBufferQuirk : undefined;
    let dirty = false;
    type Climb = { mode: Mode } | { problem: string };
    const outcome = await this.channel
      .waitFor<Climb>((buf) => {
        const verdict = passwordAt >= 0 ? sudoVerdict(profile, buf, passwordAt) : undefined;
        if (verdict === 'rejected') return { problem: "sudo rejected the password ('Sorry, try again.')" };
        if (verdict === 'asked-again') return { problem: 'sudo asked for the password a second time' };
        const line = cursorLine(buf);
        // The climb command itself was refused with a syntax error: CLISH now holds it in its line buffer.
        if (quirk && quirk.error.test(buf) && (quirk.dirtyPrompt.test(line) || detectMode(profile, line) === quirk.mode)) {
          dirty = true;
          return { mode: quirk.mode };
        }
        const mode = detectMode(profile, line);
        if (mode) return { mode };
        if (entry.sudoPassword && passwordAt < 0 && tailMatches(buf, 0, profile.passwordPrompt)) {
          if (sudoPassword === undefined) return { problem: 'the device asked for a sudo password and none is configured' };
          this.send(`${sudoPassword}\n`, '<redacted>\n');
          passwordAt = buf.length;
        }
        return undefined;
      }, this.waitOptions('E_PROMPT_TIMEOUT', this.ctx.options.promptTimeoutMs, false, `the ${target.name} prompt after '${entry.command}'`, String(target.prompt)))
      .finally(() => this.flushReceived());
    if ('problem' in outcome) {
      await this.abandonPassword();
      throw this.refuse(target.name, 'E_SUDO_AUTH', `${name}: cannot enter ${target.name} mode: ${outcome.problem}; not retried, so the account is not locked out. Check the sudo password (firemend_sudo_password_env or ansible_password)`);
    }
    this.current = outcome.mode;
    const reply = this.lastReceived;
    if (dirty && quirk) await this.clearLine(quirk.clear, this.spec(quirk.mode));
    // Still in the mode it climbed from: the device refused the mode itself (unknown command, lockdown, no rights).
    if (outcome.mode === entry.from) {
      const said = deviceReply(redact(reply), entry.command);
      const hint = target.unavailableHint ? `; ${target.unavailableHint}` : '';
      throw this.refuse(target.name, 'E_MODE_UNAVAILABLE', `${name}: ${target.name} mode is unavailable on this device: '${entry.command}' was refused (device said: ${JSON.stringify(said)})${hint}`);
    }
    if (outcome.mode !== target.name) {
      throw new TransportError(
        'E_MODE',
        `${name}: cannot enter ${target.name} mode: '${entry.command}' left the device in ${outcome.mode} mode; device said: ${lastBytes(redact, this.lastReceived)}`,
        { host: name },
      );
    }
  }

  private lastReceived = '';
  /** Modes the device refused on this host, with the error to repeat without asking again. */
  private readonly refusals = new Map<Mode, { code: TransportErrorCode; message: string }>();

  private refuse(mode: Mode, code: TransportErrorCode, message: string): TransportError {
    this.refusals.set(mode, { code, message });
    return new TransportError(code, message, { host: this.ctx.name });
  }

  // Leave a password dialogue with Ctrl-C. Real sudo aborts at once; a device that takes Ctrl-C as an empty
  // (wrong) answer asks again, so repeat until a prompt of the ladder shows (sudo allows three tries).
  private async abandonPassword(): Promise<void> {
    const { profile, options } = this.ctx;
    for (let attempt = 0; attempt < 4; attempt++) {
      this.channel.consume();
      this.send('\x03');
      try {
        const seen = await this.channel.waitFor<Mode | 'password'>((buf) => {
          const mode = detectMode(profile, cursorLine(buf));
          if (mode) return mode;
          return tailMatches(buf, 0, profile.passwordPrompt) ? 'password' : undefined;
        }, this.waitOptions('E_PROMPT_TIMEOUT', options.promptTimeoutMs, false, 'a prompt after abandoning sudo', this.promptPatterns()));
        if (seen !== 'password') {
          this.current = seen;
          return;
        }
      } finally {
        this.flushReceived();
      }
    }
  }

  private async descend(from: ModeSpec, timeoutMs = this.ctx.options.promptTimeoutMs): Promise<void> {
    this.channel.consume();
    this.send(`${from.exitCommand}\n`);
    try {
      this.current = await this.waitForAnyPrompt(0, timeoutMs, `the prompt below ${from.name} after '${from.exitCommand}'`);
    } finally {
      this.flushReceived();
    }
  }

  // ---- commands ----------------------------------------------------------------------------------

  private guard(command: string, options: RunOptions): void {
    const name = this.ctx.name;
    const target = { platform: this.ctx.profile.platform, mode: options.mode };
    // A newline (or any control character, TAB included) inside a rendered command would send a second command
    // or make the terminal complete; an over-long one would wrap; `?` makes CLISH answer with help. Whatever the mode.
    const problem = commandLimitProblem(command, target);
    if (problem !== undefined) {
      throw new TransportError('E_COMMAND_LIMIT', `${name}: refused a command that ${problem} (nothing was sent)`, { host: name });
    }
    // Answers to a dialogue are typed too: a TAB or newline in one would complete or send something else.
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    if ((options.answers ?? []).some((a) => /[\x00-\x1f\x7f]/.test(a.answer))) {
      throw new TransportError('E_COMMAND_LIMIT', `${name}: refused a command whose answer contains a TAB or control character (nothing was sent)`, { host: name });
    }
    if (!this.ctx.options.readOnly) return;
    if (options.purpose !== 'check') {
      throw new TransportError('E_READ_ONLY', `${name}: refused a '${options.purpose}' command in check mode (nothing was sent)`, { host: name });
    }
    // The rendered command itself is judged, not where it came from: a check, a loop item, a register or -e
    // value that would change the device is refused whatever the playbook says.
    const verdict = classifyCommand(command, target);
    if (verdict.kind !== 'read-only') {
      throw new TransportError('E_READ_ONLY', `${name}: refused a check that is not read-only in check mode: ${verdict.reason} (nothing was sent)`, { host: name });
    }
  }

  /** Run one command in the mode it asks for. */
  async run(command: string, options: RunOptions): Promise<CommandResult> {
    this.guard(command, options);
    this.spec(options.mode);
    try {
      await this.ready();
      await this.enterMode(options.mode);
      return await this.exec(command, options);
    } catch (err) {
      // A read-only check may be repeated safely on a fresh connection; a fix may not (did it apply?).
      if (err instanceof TransportError && err.code === 'E_DISCONNECTED' && options.purpose === 'check' && !this.closing) {
        this.ctx.options.onProgress?.(`${this.ctx.name}: connection lost, reconnecting to repeat a check`);
        await this.reconnect(this.ctx.options.connectTimeoutMs);
        await this.enterMode(options.mode);
        return await this.exec(command, options);
      }
      throw err;
    }
  }

  // Before a command: reconnect if the connection dropped while idle; interrupt a command that timed out.
  private async ready(): Promise<void> {
    if (this.closing) throw new TransportError('E_DISCONNECTED', `${this.ctx.name}: session is closed`, { host: this.ctx.name });
    if (this.channel.closed) {
      this.ctx.options.onProgress?.(`${this.ctx.name}: connection had dropped, reconnecting`);
      await this.reconnect(this.ctx.options.connectTimeoutMs);
      return;
    }
    if (!this.dirty) return;
    this.channel.consume();
    this.send('\x03');
    try {
      // The timed-out command may still print its own prompt first; only a prompt after the ^C echo is ours.
      this.current = await this.channel.waitFor((buf) => {
        const echo = buf.lastIndexOf('^C');
        return echo === -1 ? undefined : detectMode(this.ctx.profile, cursorLine(buf, echo));
      }, this.waitOptions('E_PROMPT_TIMEOUT', this.ctx.options.promptTimeoutMs, false, 'a prompt after interrupting a timed-out command', this.promptPatterns()));
      this.dirty = false;
    } catch {
      await this.reconnect(this.ctx.options.connectTimeoutMs);
    } finally {
      this.flushReceived();
    }
  }

  /** Drop the current connection and log in again (mode resets to the login mode). */
  async reconnect(connectTimeoutMs: number, promptTimeoutMs = this.ctx.options.promptTimeoutMs): Promise<void> {
    this.conn.end();
    await this.attach(await this.ctx.connect(connectTimeoutMs), promptTimeoutMs);
    this.dirty = false;
  }

  private async exec(command: string, options: RunOptions): Promise<CommandResult> {
    const { profile, redact } = this.ctx;
    const spec = this.spec(this.current);
    const marker = spec.exitStatus ? exitMarker(randomHex(6)) : undefined;
    const sent = marker ? withExitMarker(command, marker) : command;
    const answers: Answer[] = options.answers ?? [];
    const quirk = profile.lineBufferQuirk && profile.lineBufferQuirk.mode === spec.name ? profile.lineBufferQuirk : undefined;
    const timeoutMs = options.timeoutMs ?? this.ctx.options.commandTimeoutMs;

    this.channel.consume();
    const started = performance.now();
    this.send(`${sent}\n`);

    let status: number | undefined;
    let markerScan = 0;
    let quirkSeen = false;
    let quirkScan = 0;
    let answeredAt = 0;
    let pagerAt = -1;
    type Done = { kind: 'prompt' | 'dirty-line' } | { kind: 'moved'; mode: Mode };
    let done: Done;
    let raw: string;
    try {
      done = await this.channel.waitFor<Done>((buf) => {
        if (marker && status === undefined) {
          status = scanExitStatus(buf, marker, markerScan);
          markerScan = buf.length;
        }
        if (quirk && !quirkSeen) {
          quirkSeen = quirk.error.test(buf.slice(Math.max(0, quirkScan - 32)));
          quirkScan = buf.length;
        }
        const line = cursorLine(buf);
        if (pagerAt !== buf.length && profile.pagerPatterns.some((p) => p.test(line))) {
          this.send(' ');
          pagerAt = buf.length;
          return undefined;
        }
        for (const a of answers) {
          if (tailMatches(buf, answeredAt, a.expect)) {
            this.send(`${a.answer}\n`);
            answeredAt = buf.length;
            return undefined;
          }
        }
        const mode = detectMode(profile, line);
        // CLISH keeps a failed command in its line buffer and re-prints it after the prompt (FTD-CLI.md §7.3);
        // the prompt may arrive before the re-printed text, so a syntax error always means "clear the line".
        if (quirk && quirkSeen && (mode === spec.name || quirk.dirtyPrompt.test(line))) return { kind: 'dirty-line' };
        if (mode === spec.name && (!marker || status !== undefined)) return { kind: 'prompt' };
        if (mode && mode !== spec.name && profile.trustForeignPrompts) return { kind: 'moved', mode };
        return undefined;
      }, this.waitOptions('E_COMMAND_TIMEOUT', timeoutMs, true, `the prompt after ${JSON.stringify(redact(command))}`, String(spec.prompt)));
      raw = this.channel.buffer;
    } catch (err) {
      if (err instanceof TransportError && err.code === 'E_COMMAND_TIMEOUT') this.dirty = true;
      this.flushReceived();
      throw err;
    }
    this.flushReceived();
    if (done.kind === 'moved') this.current = done.mode;
    if (done.kind === 'dirty-line' && quirk) await this.clearLine(quirk.clear, spec);

    const output = redact(extractOutput({ raw, sent, ...(marker ? { marker } : {}), pagerPatterns: profile.pagerPatterns }));
    const result: CommandResult = {
      command,
      mode: spec.name,
      output,
      durationMs: Math.round(performance.now() - started),
    };
    if (status !== undefined) result.exitStatus = status;
    // In a shell, `$?` is the judge: a 0 exit with "Permission denied" in a log line is not an error.
    const deviceError = status === 0 ? undefined : findDeviceError(output, profile.errorPatterns);
    if (deviceError !== undefined) result.deviceError = deviceError;
    return result;
  }

  // Ctrl-U empties the line buffer, Enter gets a fresh prompt; wait for it before the next command.
  private async clearLine(clear: string, spec: ModeSpec): Promise<void> {
    this.send(clear);
    try {
      await this.channel.waitFor(
        (buf) => (spec.prompt.test(cursorLine(buf)) ? true : undefined),
        this.waitOptions('E_PROMPT_TIMEOUT', this.ctx.options.promptTimeoutMs, false, 'a clean prompt after clearing the line buffer', String(spec.prompt)),
      );
    } finally {
      this.flushReceived();
    }
  }

  // ---- reboot ------------------------------------------------------------------------------------

  /** Reboot, see the connection drop, wait for the device to come back and log in again. */
  async reboot(options: RebootOptions): Promise<RebootResult> {
    const { name, profile, redact } = this.ctx;
    if (this.ctx.options.readOnly) {
      throw new TransportError('E_READ_ONLY', `${name}: refused a reboot in check mode (nothing was sent)`, { host: name });
    }
    const started = performance.now();
    const deadline = started + options.timeoutMs;
    await this.ready();
    await this.enterMode(profile.reboot.mode);
    // Declared answers win over the profile's defaults (a playbook may say NO, or answer another dialogue).
    const answers = [...(options.answers ?? []), ...profile.reboot.answers];

    this.channel.consume();
    this.ctx.options.onProgress?.(`${name}: sending '${profile.reboot.command}'`);
    this.send(`${profile.reboot.command}\n`);
    let confirmedAt = started;
    let answeredAt = 0;
    type Down = 'prompt-back';
    const dropped = new TransportError('E_DISCONNECTED', `${name}: connection dropped after reboot`, { host: name });
    const notDown = (why: string, buffer: string): TransportError =>
      new TransportError('E_REBOOT_NOT_DOWN', `${name}: the device never went down after '${profile.reboot.command}' (${why}); last bytes seen: ${lastBytes(redact, buffer)}`, {
        host: name,
      });
    let downAt: number;
    try {
      const early = await this.channel.waitFor<Down>(
        (buf) => {
          for (const a of answers) {
            if (tailMatches(buf, answeredAt, a.expect)) {
              this.send(`${a.answer}\n`);
              answeredAt = buf.length;
              confirmedAt = performance.now();
              this.ctx.options.onProgress?.(`${name}: reboot confirmed, waiting for the connection to drop`);
              return undefined;
            }
          }
          const mode = detectMode(profile, cursorLine(buf, answeredAt));
          // A confirmed reboot that shows the prompt again was cancelled. Generic shells may print a prompt
          // before the drop, so without a confirmation dialogue only the deadline decides.
          if (mode && answers.length > 0) return 'prompt-back';
          return undefined;
        },
        {
          timeoutMs: Math.max(1, deadline - performance.now()),
          idle: false,
          onTimeout: (buf) => notDown(`no drop within ${options.timeoutMs} ms`, buf),
          onClose: () => dropped,
        },
      );
      throw notDown(`the device showed its ${early} prompt again`, this.channel.buffer);
    } catch (err) {
      if (err !== dropped) {
        this.flushReceived();
        throw err;
      }
      downAt = performance.now();
    }
    this.flushReceived();
    this.conn.end();
    this.ctx.options.onProgress?.(`${name}: connection dropped, waiting for the device to come back`);

    await waitForReturn({
      name,
      deadline,
      started,
      timeoutMs: options.timeoutMs,
      connectTimeoutMs: this.ctx.options.connectTimeoutMs,
      promptTimeoutMs: this.ctx.options.promptTimeoutMs,
      attempt: (connectMs: number, promptMs: number) => this.reconnect(connectMs, promptMs),
      ...(this.ctx.options.onProgress ? { onProgress: this.ctx.options.onProgress } : {}),
    });
    return { downAfterMs: Math.round(downAt - confirmedAt), totalMs: Math.round(performance.now() - confirmedAt) };
  }

  // ---- close -------------------------------------------------------------------------------------

  /** Descend to the login mode, leave, and close. Never throws. */
  async close(): Promise<void> {
    if (this.closing) return;
    try {
      if (!this.channel.closed && !this.dirty) {
        const stepMs = Math.min(this.ctx.options.promptTimeoutMs, CLOSE_STEP_MS);
        while (modeLevel(this.ctx.profile, this.current) > modeLevel(this.ctx.profile, this.base)) {
          await this.descend(this.spec(this.current), stepMs);
        }
      }
    } catch {
      // Closing is best effort: the connection is ended below either way.
    } finally {
      this.closing = true;
      try {
        this.channel.end();
      } catch {
        // already closed
      }
      this.conn.end();
    }
  }
}
