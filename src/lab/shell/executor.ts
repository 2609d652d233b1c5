// Runs one expert/root line: lists, pipes, redirections, builtins (cd, exit, sudo …) and the device's commands.
import type { SimDevice } from '../device/sim-device.js';
import { curl } from './curl.js';
import { isDir, resolvePath } from './files.js';
import { nslookup, ping, telnet } from './net-tools.js';
import { expandWord, parseShellLine, type SimpleCommand } from './parse.js';
import { date, hostname, id, lsof, netstat, pmtool, uptime, whoami } from './system-tools.js';
import { cat, echo, grep, head, tail, wc } from './text-tools.js';
import { fail, ok, type CmdContext, type CmdResult, type Command } from './types.js';

/** What the shell needs from the session it runs in. */
export interface ShellHost {
  readonly device: SimDevice;
  readonly root: boolean;
  readonly home: string;
  readonly timeScale: number;
  readonly sshPeer: string;
  cwd: string;
  lastStatus: number;
  vars: Map<string, string>;
  write(text: string): void;
  sleep(ms: number): Promise<void>;
  /** Ask for the admin password as sudo does (lecture once, three tries); true when accepted. */
  sudoAuth(): Promise<boolean>;
  /** `sudo su -` / `sudo -i` (login shell, cwd /root) or `sudo su` (keeps cwd). */
  enterRoot(login: boolean): void;
  /** Ask for a password that is never right (plain `su`). */
  readSecret(prompt: string): Promise<string | null>;
}

export interface LineOutcome {
  status: number;
  changed: boolean;
  /** `exit`/`logout` ran: leave this shell level. */
  exit: boolean;
}

const COMMANDS: Record<string, Command> = {
  cat,
  more: cat,
  less: cat,
  tail,
  head,
  grep,
  egrep: grep,
  fgrep: grep,
  wc,
  echo: (argv) => echo(argv),
  curl,
  nslookup,
  telnet,
  ping,
  pmtool,
  netstat,
  lsof,
  uptime,
  date,
  whoami,
  id,
  hostname,
  true: () => ok(),
  false: () => ({ out: [], status: 1 }),
  ':': () => ok(),
  clear: () => ok('\x1b[H\x1b[2J'),
  stty: () => ok(),
  set: () => ok(),
};

type Dest = 'term' | 'pipe' | 'null';

function builtinCd(argv: string[], host: ShellHost): CmdResult {
  const target = argv[1] ?? '~';
  const path = resolvePath(target, host.cwd, host.home);
  if (!isDir(path)) return fail(1, `-bash: cd: ${target}: No such file or directory\n`);
  host.cwd = path;
  return ok();
}

type Simple = CmdResult & { exit?: boolean };

function shellVars(host: ShellHost): (name: string) => string {
  return (name) => {
    if (name === '?') return String(host.lastStatus);
    if (name === 'HOME') return host.home;
    if (name === 'USER' || name === 'LOGNAME') return host.root ? 'root' : 'admin';
    if (name === 'HOSTNAME') return host.device.state.hostname;
    if (name === 'PWD') return host.cwd;
    if (name === 'SHELL') return '/bin/bash';
    return host.vars.get(name) ?? '';
  };
}

async function runSimple(cmd: SimpleCommand, host: ShellHost, stdin: string | undefined, asRoot: boolean): Promise<Simple> {
  const vars = shellVars(host);
  let argv = cmd.argv.map((w) => expandWord(w, vars));
  // Leading NAME=value words set variables (exported or not, the lab does not distinguish).
  while (argv.length > 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[0] as string)) {
    const a = argv[0] as string;
    host.vars.set(a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1));
    argv = argv.slice(1);
  }
  const name = argv[0];
  if (name === undefined) return ok();
  switch (name) {
    case 'exit':
    case 'logout':
      return { out: [], status: 0, exit: true };
    case 'cd':
      return builtinCd(argv, host);
    case 'pwd':
      return ok(host.cwd + '\n');
    case 'export':
    case 'unset':
      for (const a of argv.slice(1)) {
        const eq = a.indexOf('=');
        if (name === 'unset') host.vars.delete(a);
        else if (eq > 0) host.vars.set(a.slice(0, eq), a.slice(eq + 1));
      }
      return ok();
    case 'su': {
      if (asRoot) {
        host.enterRoot(argv[1] === '-' || argv[1] === '-l');
        return ok();
      }
      const answer = await host.readSecret('Password: ');
      await host.sleep(200);
      return answer === null ? fail(1, '\n') : fail(1, 'su: Authentication failure\n');
    }
    case 'sudo': {
      const rest = argv.slice(1);
      if (rest.length === 0) return fail(1, 'usage: sudo -h | -K | -k | -V\nusage: sudo [-D level] -h | -K | -k | -V\n');
      if (!asRoot && !(await host.sudoAuth())) return { out: [], status: 1 };
      const shell = rest.join(' ');
      if (shell === 'su -' || shell === '-i' || shell === 'su - root' || shell === 'su -l') {
        host.enterRoot(true);
        return ok();
      }
      if (shell === 'su' || shell === '-s' || shell === 'su root') {
        host.enterRoot(false);
        return ok();
      }
      return runSimple({ argv: rest, redirects: [] }, host, stdin, true);
    }
    default: {
      const command = COMMANDS[name];
      if (!command) return fail(127, `-bash: ${name}: command not found\n`);
      const ctx: CmdContext = { device: host.device, root: asRoot, cwd: host.cwd, stdin, timeScale: host.timeScale, sshPeer: host.sshPeer };
      return command(argv, ctx);
    }
  }
}

/** Run one line typed at an expert or root prompt. */
export async function runShellLine(line: string, host: ShellHost): Promise<LineOutcome> {
  const parsed = parseShellLine(line);
  if (!parsed.ok) {
    host.write(`-bash: ${parsed.error}\n`);
    host.lastStatus = 2;
    return { status: 2, changed: false, exit: false };
  }
  let changed = false;
  for (const item of parsed.list) {
    if (item.when === 'and' && host.lastStatus !== 0) continue;
    if (item.when === 'or' && host.lastStatus === 0) continue;
    let stdin: string | undefined;
    const n = item.pipeline.commands.length;
    for (let i = 0; i < n; i++) {
      const cmd = item.pipeline.commands[i] as SimpleCommand;
      const result = await runSimple(cmd, host, stdin, host.root);
      if (result.changed) changed = true;
      // Route stdout/stderr through the redirections, in order, as bash does.
      const dest: Record<1 | 2, Dest> = { 1: i === n - 1 ? 'term' : 'pipe', 2: 'term' };
      for (const r of cmd.redirects) dest[r.fd] = r.target === '&1' ? dest[1] : r.target === '&2' ? dest[2] : 'null';
      let piped = '';
      for (const piece of result.out) {
        if (piece.delayMs) await host.sleep(piece.delayMs);
        const d = dest[piece.fd];
        if (d === 'term') host.write(piece.text);
        else if (d === 'pipe') piped += piece.text;
      }
      stdin = piped;
      host.lastStatus = result.status;
      if (result.exit) return { status: 0, changed, exit: true };
    }
  }
  return { status: host.lastStatus, changed, exit: false };
}
