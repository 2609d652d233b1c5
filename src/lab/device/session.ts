// One login on a simulated FTD: the mode ladder (CLISH → expert → root), prompts, sudo, reboot confirmation,
// and the audit record of each line. I/O goes through SessionIO, so it runs the same over SSH or in a unit test.
import { interpretClish } from './clish.js';
import type { DeviceMode, SimDevice } from './sim-device.js';
import { unixDate } from '../render/banner.js';
import { runShellLine, type ShellHost } from '../shell/executor.js';
import { INTERRUPTED } from '../terminal.js';

/** How a session talks to its terminal. */
export interface SessionIO {
  write(text: string): void;
  /** The next line typed; `echo` false for passwords. null when the channel closed. */
  readLine(echo: boolean): Promise<string | null>;
  sleep(ms: number): Promise<void>;
}

export interface DeviceSessionOptions {
  /** The admin password (also the sudo password). */
  password: string;
  timeScale: number;
  /** `ip:port` of the SSH client. */
  sshPeer: string;
}

/** What the terminal does after a line: show the prompt (keeping `keep` in the line buffer), close, reboot, or drop. */
export type SubmitOutcome = { kind: 'prompt'; keep?: string } | { kind: 'close' } | { kind: 'reboot' } | { kind: 'drop' };

const LECTURE = `
We trust you have received the usual lecture from the local System
Administrator. It usually boils down to these three things:

    #1) Respect the privacy of others.
    #2) Think before you type.
    #3) With great power comes great responsibility.

`;

interface Level {
  mode: DeviceMode;
  cwd: string;
  /** A login shell (`sudo su -`): the root prompt shows the basename of the cwd; otherwise the full path. */
  login: boolean;
}

/** A logged-in session on one device. */
export class DeviceSession {
  lastStatus = 0;
  private readonly levels: Level[] = [{ mode: 'clish', cwd: '/', login: true }];
  private readonly vars = new Map<string, string>();
  private sudoCached = false;

  constructor(
    readonly device: SimDevice,
    private readonly io: SessionIO,
    private readonly options: DeviceSessionOptions,
  ) {}

  private get level(): Level {
    return this.levels[this.levels.length - 1] as Level;
  }

  get mode(): DeviceMode {
    return this.level.mode;
  }

  /** The prompt for the current mode, exactly as the device prints it. */
  prompt(): string {
    const l = this.level;
    const host = this.device.state.hostname;
    if (l.mode === 'clish') return '> ';
    if (l.mode === 'expert') return `admin@${host}:${l.cwd === '/home/admin' ? '~' : l.cwd}$ `;
    const shown = l.cwd === '/root' ? '~' : l.cwd === '/' || !l.login ? l.cwd : (l.cwd.split('/').pop() as string);
    return `root@${host}:${shown}# `;
  }

  /** Run one line typed at the current prompt. */
  async submit(line: string): Promise<SubmitOutcome> {
    const at = this.device.now();
    const mode = this.mode;
    if (this.device.takeDrop()) {
      this.device.record(mode, line, false, at);
      return { kind: 'drop' };
    }
    if (mode === 'clish') return this.submitClish(line, at);
    const outcome = await runShellLine(line, this.shellHost());
    if (line.trim() !== '') this.device.record(mode, line, outcome.changed, at);
    if (outcome.exit) {
      this.io.write('logout\n');
      this.levels.pop();
    }
    return { kind: 'prompt' };
  }

  private async submitClish(line: string, at: number): Promise<SubmitOutcome> {
    const action = interpretClish(this.device, line);
    switch (action.kind) {
      case 'empty':
        return { kind: 'prompt' };
      case 'output':
        this.device.record('clish', line, false, at);
        this.io.write(action.text);
        this.lastStatus = 0;
        return { kind: 'prompt' };
      case 'configure': {
        const text = action.apply(this.device);
        this.device.record('clish', line, true, at);
        this.io.write(text);
        this.lastStatus = 0;
        return { kind: 'prompt' };
      }
      case 'syntax':
        this.device.record('clish', line, false, at);
        this.io.write(action.message + '\n');
        this.lastStatus = 1;
        // The real device keeps the rejected text in its line buffer (FTD-CLI.md 7.3).
        return { kind: 'prompt', keep: line };
      case 'expert':
        this.device.record('clish', line, false, at);
        this.levels.push({ mode: 'expert', cwd: '/home/admin', login: true });
        this.lastStatus = 0;
        return { kind: 'prompt' };
      case 'exit':
        this.device.record('clish', line, false, at);
        return { kind: 'close' };
      case 'reboot': {
        this.device.record('clish', line, false, at);
        this.io.write("This command will reboot the system.  Continue?\nPlease enter 'YES' or 'NO': ");
        const answer = await this.io.readLine(true);
        if (answer === null) return { kind: 'close' };
        const yes = answer.trim().toLowerCase() === 'yes';
        this.device.record('clish', answer, yes);
        if (!yes) return { kind: 'prompt' };
        const host = this.device.state.hostname;
        this.io.write(`\nBroadcast message from root@${host} (pts/0) (${unixDate(this.device.now())}):\n\nThe system is going down for reboot NOW!\n`);
        return { kind: 'reboot' };
      }
    }
  }

  private shellHost(): ShellHost {
    return new SessionShellHost(this, this.level, this.io, this.options, this.vars);
  }

  /** Enter a root shell on top of the current level. */
  enterRoot(login: boolean): void {
    this.levels.push({ mode: 'root', cwd: login ? '/root' : this.level.cwd, login });
  }

  /** sudo's password dialogue: the lecture on the first use on this device, three tries. */
  async sudoAuth(): Promise<boolean> {
    if (this.sudoCached) return true;
    if (!this.device.state.sudoLectured) {
      this.io.write(LECTURE);
      this.device.state.sudoLectured = true;
    }
    for (let attempt = 1; attempt <= 3; attempt++) {
      this.io.write('Password: ');
      const answer = await this.io.readLine(false);
      this.io.write('\n');
      // Ctrl-C: sudo gives up at once, without counting another attempt.
      if (answer === null || answer === INTERRUPTED) return false;
      if (answer === this.options.password && !this.device.state.sudoRejects) {
        this.sudoCached = true;
        return true;
      }
      this.device.state.sudoFailures++;
      await this.io.sleep(100);
      if (attempt < 3) this.io.write('Sorry, try again.\n');
    }
    this.io.write('sudo: 3 incorrect password attempts\n');
    return false;
  }
}

// The shell's view of the session: the current level's cwd, the session's $? and sudo.
class SessionShellHost implements ShellHost {
  readonly device: SimDevice;
  readonly root: boolean;
  readonly home: string;
  readonly timeScale: number;
  readonly sshPeer: string;

  constructor(
    private readonly session: DeviceSession,
    private readonly lvl: Level,
    private readonly io: SessionIO,
    options: DeviceSessionOptions,
    readonly vars: Map<string, string>,
  ) {
    this.device = session.device;
    this.root = lvl.mode === 'root';
    this.home = this.root ? '/root' : '/home/admin';
    this.timeScale = options.timeScale;
    this.sshPeer = options.sshPeer;
  }

  get cwd(): string {
    return this.lvl.cwd;
  }

  set cwd(v: string) {
    this.lvl.cwd = v;
  }

  get lastStatus(): number {
    return this.session.lastStatus;
  }

  set lastStatus(v: number) {
    this.session.lastStatus = v;
  }

  write(text: string): void {
    this.io.write(text);
  }

  sleep(ms: number): Promise<void> {
    return this.io.sleep(ms);
  }

  sudoAuth(): Promise<boolean> {
    return this.session.sudoAuth();
  }

  enterRoot(login: boolean): void {
    this.session.enterRoot(login);
  }

  async readSecret(prompt: string): Promise<string | null> {
    this.io.write(prompt);
    const answer = await this.io.readLine(false);
    this.io.write('\n');
    return answer;
  }
}
