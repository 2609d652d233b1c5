// What a person at a terminal sees: the built CLI runs `--check` inside a real tmux pane (a real pty, 160
// columns) against a lab started in this process, and the test reads the screen the way a person would —
// each host's line with its outcome, the check plan, the recap, where the report went — and makes sure the
// lab password is nowhere on it, even though a remedy template asks for it.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { CLI, LAB_PASSWORD, PLAYBOOK, assertBuilt, readReport, reportSchemaErrors, startTestLab, type TestLab } from './helpers.js';

function tmuxAvailable(): boolean {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const HAVE_TMUX = tmuxAvailable();
// Locally a missing tmux skips this file; in CI it must fail, or the live display would go untested unnoticed.
const IN_CI = process.env['CI'] !== undefined && process.env['CI'] !== '' && process.env['CI'] !== 'false';

// A tmux server of our own (its own socket), so a person's tmux sessions are never touched.
const SOCKET = `firemend-e2e-${process.pid}`;
const tmux = (...args: string[]): string => execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

const sh = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** Run a shell command line in a fresh 160×50 pane; resolve with the whole screen (scrollback too) once it printed the exit marker. */
async function runInPane(name: string, commandLine: string, env: Record<string, string>): Promise<{ screen: string; colored: string; exitCode: number }> {
  const envPart = Object.entries(env)
    .map(([k, v]) => `${k}=${sh(v)}`)
    .join(' ');
  // `sleep` keeps the pane open after the CLI ends so the screen can be read.
  const script = `cd ${sh(process.cwd())} && env ${envPart} ${commandLine}; echo "FIREMEND-EXIT=$?"; sleep 600`;
  tmux('new-session', '-d', '-s', name, '-x', '160', '-y', '50', script);
  const deadline = Date.now() + 50_000;
  for (;;) {
    const screen = tmux('capture-pane', '-p', '-J', '-S', '-', '-t', name);
    const m = /FIREMEND-EXIT=(\d+)/.exec(screen);
    if (m) {
      const colored = tmux('capture-pane', '-p', '-e', '-J', '-S', '-', '-t', name);
      tmux('kill-session', '-t', name);
      return { screen, colored, exitCode: Number(m[1]) };
    }
    if (Date.now() > deadline) {
      tmux('kill-session', '-t', name);
      throw new Error(`the CLI did not finish in the pane; screen so far:\n${screen}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.skipIf(!HAVE_TMUX && !IN_CI)('the live terminal display of firemend run --check', () => {
  let t: TestLab;
  let playbook: string;
  const byFault = new Map<string, string>();

  beforeAll(async () => {
    if (!HAVE_TMUX) throw new Error('tmux is not installed: the TTY end-to-end test must run in CI (add tmux to .ci/run)');
    assertBuilt();
    t = await startTestLab({ devices: 4, faults: 'no-dns=1,zmq-socket=1,auth-fail=1', seed: 'e2e-tty' });
    for (const d of t.lab.devices) byFault.set(d.faults[0] ?? 'healthy', d.name);
    // The shipped playbook, plus a play whose remedy quotes the host's password: it must reach the screen redacted.
    const plays = parse(readFileSync(PLAYBOOK, 'utf8')) as { vars_files?: string[] }[];
    for (const p of plays) if (p.vars_files) p.vars_files = p.vars_files.map((f) => resolve('playbooks', f));
    plays.push({
      name: 'Operator notes',
      hosts: 'ftd',
      steps: [
        {
          id: 'console-login',
          name: 'Console login is written down',
          mode: 'clish',
          check: { command: 'show version', expect: { contains: 'NO-SUCH-BANNER' } },
          remedy: 'Log in to {{ inventory_hostname }} as admin with password {{ ansible_password }} and note it',
        },
      ],
    } as never);
    playbook = join(t.dir, 'playbook.yml');
    writeFileSync(playbook, stringify(plays));
  });
  afterAll(async () => {
    try {
      if (HAVE_TMUX) tmux('kill-server');
    } catch {
      // no server left
    }
    await t?.stop();
  });

  const cliLine = (report: string): string =>
    [process.execPath, CLI, 'run', playbook, '-i', t.inventory, '--known-hosts', t.knownHosts, '-e', 'reboot_timeout=20', '--check', '--report', report].map(sh).join(' ');

  it('shows every host with its outcome, the plan of what would change, the recap and where the report went, with no password on screen', async () => {
    const report = join(t.dir, 'tty-report.json');
    const { screen, exitCode } = await runInPane('plain', cliLine(report), { XDG_STATE_HOME: join(t.dir, 'state'), NO_COLOR: '1', TERM: 'xterm-256color' });
    const lines = screen.split('\n');
    const at = (re: RegExp): number => lines.findIndex((l) => re.test(l));

    // action_required (the remedy play) and one unreachable host: exit 2, and the live display was the one shown.
    expect(exitCode, screen).toBe(2);
    expect(screen).not.toMatch(/^\d{4}-\d\d-\d\dT/m);
    // Each host settled to its outcome in the live view: the DNS host would be fixed, the zmq host would reboot.
    expect(screen).toMatch(new RegExp(`${byFault.get('no-dns')}\\s+pending\\s+would fix: dns-configured`));
    expect(screen).toMatch(new RegExp(`${byFault.get('zmq-socket')}\\s+pending\\s+would fix: eventhandler-socket \\(would reboot\\)`));
    expect(screen).toMatch(new RegExp(`${byFault.get('healthy')}\\s+ok\\s+\\d+ checks passed`));
    expect(screen).toMatch(new RegExp(`${byFault.get('auth-fail')}\\s+unreachable\\s+\\[E_AUTH`));
    // The second play's lines: the remedy is shown, its password redacted.
    expect(screen).toMatch(/console-login: Log in to ftd-\d+ as admin with password <redacted> and note it/);

    // After the live view: the plan (exact commands, the reboot called out), then the recap, then the files.
    const plan = at(/^Plan \(check mode: nothing was changed on any device\)/);
    const recap = at(/^RECAP \(check\)/);
    expect(plan, screen).toBeGreaterThan(0);
    expect(recap).toBeGreaterThan(plan);
    // Before anything else of the run: nothing will be changed. Between the plan and the recap: the root causes.
    const notice = at(/^CHECK \(dry-run\): nothing will be changed on any device$/);
    expect(notice, screen).toBeGreaterThanOrEqual(0);
    expect(notice).toBeLessThan(at(new RegExp(`${byFault.get('healthy')}`)));
    const causes = at(/^Root causes \(\d+, largest first\):$/);
    expect(causes, screen).toBeGreaterThan(plan);
    expect(recap).toBeGreaterThan(causes);
    expect(lines[causes + 2]).toMatch(/^\s+\d+ devices?: ftd-\d+(, ftd-\d+)*$/);
    expect(screen).toContain('$ configure network dns servers 192.0.2.53,192.0.2.54');
    expect(screen).toMatch(/eventhandler-socket .*\[REBOOTS DEVICE\]/);
    expect(screen).toMatch(/Totals: .*1 host would reboot/);
    expect(lines[recap + 1]).toMatch(/^host\s+status\s+ok\s+changed\s+pending/);
    expect(screen).toMatch(new RegExp(`^${byFault.get('auth-fail')}\\s+unreachable\\s`, 'm'));
    expect(screen).toMatch(/^TOTAL\s+4 hosts/m);
    expect(at(/^report: .*tty-report\.json$/)).toBeGreaterThan(recap);
    expect(at(/^exit code 2$/)).toBeGreaterThan(recap);

    expect(screen).not.toContain(LAB_PASSWORD);
    const written = readReport(report);
    expect(reportSchemaErrors(written)).toEqual([]);
    expect(written.exit_code).toBe(2);
    expect(JSON.stringify(written)).not.toContain(LAB_PASSWORD);
  });

  it('colours the outcomes on a terminal, and not at all with NO_COLOR', async () => {
    // Different --report files but the same playbook and inventory: separate lock dirs, so they may run side by side.
    const [withColour, without] = await Promise.all([
      runInPane('colour', cliLine(join(t.dir, 'c.json')), { XDG_STATE_HOME: join(t.dir, 'state-c'), TERM: 'xterm-256color' }),
      runInPane('nocolour', cliLine(join(t.dir, 'n.json')), { XDG_STATE_HOME: join(t.dir, 'state-n'), TERM: 'xterm-256color', NO_COLOR: '1' }),
    ]);
    // tmux re-emits the cells' attributes as SGR sequences with -e: green/cyan/red foregrounds with colour on.
    // eslint-disable-next-line no-control-regex -- the escape is what is being looked for
    const sgrColour = /\u001b\[[0-9;]*3[1-6]m/;
    expect(withColour.colored).toMatch(sgrColour);
    expect(without.colored).not.toMatch(sgrColour);
    expect(without.screen).toContain('RECAP (check)');
    expect(withColour.colored).not.toContain(LAB_PASSWORD);
  });
});
