// The transport against the simulated FTD lab (a real ssh2 server built from FTD-CLI.md, not from this code):
// every mode transition, device errors, syntax-error recovery, exit status, reboot, and each transport fault.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { TransportError } from '../../../../src/errors.js';
import { startLab } from '../../../../src/lab/index.js';
import type { Lab } from '../../../../src/lab/index.js';
import { SshTransport } from '../../../../src/connections/ssh/ssh-transport.js';
import { resolveTarget } from '../../../../src/connections/ssh/target.js';
import type { ConnectTarget, Session, SessionOptions } from '../../../../src/connections/ssh/transport.js';

const PASSWORD = 'lab-secret-pw';
const SLOW_MS = 400;

describe('SshTransport against the FTD lab', () => {
  let lab: Lab;
  let work: string;
  let knownHosts: string;
  const transport = new SshTransport();
  const byFault = (fault: string, n = 0): string => {
    const d = lab.devices.filter((x) => x.faults.includes(fault))[n];
    if (!d) throw new Error(`no lab device with fault ${fault}`);
    return d.name;
  };
  const healthy = (n: number): string => {
    const d = lab.devices.filter((x) => x.faults.length === 0)[n];
    if (!d) throw new Error('not enough healthy lab devices');
    return d.name;
  };

  beforeAll(async () => {
    lab = await startLab({
      devices: 11,
      faults: 'unreachable=1,auth-fail=1,hostkey-changed=1,slow=1,drop=2,reboot-hang=1',
      password: PASSWORD,
      rebootSeconds: 1,
      slowMs: SLOW_MS,
    });
    work = await mkdtemp(join(tmpdir(), 'firemend-lab-transport-'));
    knownHosts = join(work, 'known_hosts');
    await writeFile(knownHosts, lab.knownHosts());
  });
  afterAll(async () => {
    await lab?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  function target(name: string, extra: Partial<ConnectTarget> = {}): ConnectTarget {
    const d = lab.devices.find((x) => x.name === name);
    if (!d) throw new Error(`no device ${name}`);
    return { name, host: '127.0.0.1', port: d.port, user: 'admin', platform: 'ftd', password: PASSWORD, ...extra };
  }
  function options(extra: Partial<SessionOptions> = {}): SessionOptions {
    return { knownHostsPath: knownHosts, hostKeyPolicy: 'strict', connectTimeoutMs: 5_000, promptTimeoutMs: 5_000, commandTimeoutMs: 10_000, ...extra };
  }
  async function failure(p: Promise<unknown>): Promise<TransportError> {
    const err = await p.then(
      () => new Error('expected a TransportError, got success'),
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TransportError);
    return err as TransportError;
  }

  describe('a session on a healthy device', () => {
    let session: Session;
    const transcript: string[] = [];
    beforeAll(async () => {
      session = await transport.open(target(healthy(0)), options({ onTranscript: (_d, t) => transcript.push(t) }));
    });
    afterAll(async () => {
      await session?.close();
    });

    it('lands in clish and returns show version without echo, prompt or carriage returns', async () => {
      expect(session.mode).toBe('clish');
      const r = await session.run('show version', { mode: 'clish', purpose: 'check' });
      const lines = r.output.split('\n');
      expect(lines[0]).toMatch(/^-+\[ .+ \]-+$/);
      expect(lines[0]).toHaveLength(52);
      expect(r.output).toMatch(/^Model\s+: .*Version/m);
      expect(r.output).not.toContain('show version');
      expect(r.output).not.toMatch(/\r|^> /m);
      expect(r.exitStatus).toBeUndefined();
      expect(r.deviceError).toBeUndefined();
    });

    it('climbs to expert and root and back down, one rung at a time, knowing where it is', async () => {
      const expert = await session.run('whoami', { mode: 'expert', purpose: 'check' });
      expect(session.mode).toBe('expert');
      expect(expert.output).toBe('admin');
      expect(expert.exitStatus).toBe(0);
      const root = await session.run('whoami', { mode: 'root', purpose: 'check' });
      expect(session.mode).toBe('root');
      expect(root.output).toBe('root');
      const back = await session.run('show version', { mode: 'clish', purpose: 'check' });
      expect(session.mode).toBe('clish');
      expect(back.output).toMatch(/^Model/m);
      // Straight from clish to root (two climbs), then down to expert.
      await session.run('pwd', { mode: 'root', purpose: 'check' });
      expect(session.mode).toBe('root');
      const down = await session.run('whoami', { mode: 'expert', purpose: 'check' });
      expect(down.output).toBe('admin');
      expect(session.mode).toBe('expert');
    });

    it('reports the exit status in expert and root mode', async () => {
      const ok = await session.run('pmtool status | grep SSEConnector', { mode: 'root', purpose: 'check' });
      expect(ok.exitStatus).toBe(0);
      expect(ok.output).toMatch(/SSEConnector/);
      const miss = await session.run('pmtool status | grep NoSuchDaemon', { mode: 'root', purpose: 'check' });
      expect(miss.exitStatus).toBe(1);
      expect(miss.output).toBe('');
      const nf = await session.run('definitely-not-a-command', { mode: 'expert', purpose: 'check' });
      expect(nf.exitStatus).not.toBe(0);
      expect(nf.deviceError).toMatch(/command not found/);
    });

    it('clears the line buffer after a CLISH syntax error so the next command is not polluted', async () => {
      const bad = await session.run('show inventory', { mode: 'clish', purpose: 'check' });
      expect(bad.deviceError).toMatch(/^Syntax error:/);
      expect(bad.output).toMatch(/Syntax error:/);
      expect(bad.output).not.toMatch(/^> /m);
      const next = await session.run('show version', { mode: 'clish', purpose: 'check' });
      expect(next.deviceError).toBeUndefined();
      expect(next.output).toMatch(/^Model/m);
      const audit = lab.device(healthy(0)).audit.map((a) => a.command);
      expect(audit).not.toContain('show inventoryshow version');
      expect(audit.filter((c) => c === 'show version').length).toBeGreaterThanOrEqual(2);
    });

    it('never shows the password, even when the device echoes it', async () => {
      const r = await session.run(`echo ${PASSWORD}`, { mode: 'expert', purpose: 'check' });
      expect(r.output).toBe('<redacted>');
      await session.run('id', { mode: 'root', purpose: 'check' });
      expect(transcript.join('')).not.toContain(PASSWORD);
      expect(transcript.join('')).toContain('<redacted>');
    });
  });

  it('in check mode refuses every check that is not read-only as sent, and every over-limit command, sending nothing', async () => {
    const name = healthy(2);
    const sent: string[] = [];
    const s = await transport.open(target(name), options({ readOnly: true, onTranscript: (d, t) => d === 'sent' && sent.push(t) }));
    try {
      const before = sent.length;
      const refusedChecks: [string, 'clish' | 'expert' | 'root'][] = [
        ['configure network dns servers 1.1.1.1', 'clish'],
        ['pmtool disablebyid SSEConnector', 'root'],
        ['echo x; pmtool disablebyid SSEConnector', 'root'],
        ['sudo pmtool disablebyid SSEConnector', 'expert'],
        ['echo x > /ngfw/etc/sf/connector.properties', 'root'],
      ];
      for (const [command, mode] of refusedChecks) {
        const err = await failure(s.run(command, { mode, purpose: 'check' }));
        expect([command, err.code]).toEqual([command, 'E_READ_ONLY']);
        expect(err.message).toContain('(nothing was sent)');
      }
      for (const [command, mode] of [['show network\t', 'clish'], ['show network ?', 'clish'], [`show ${'x'.repeat(1024 * 1024)}`, 'clish']] as const) {
        expect((await failure(s.run(command, { mode, purpose: 'check' }))).code).toBe('E_COMMAND_LIMIT');
      }
      expect(sent.length).toBe(before);
      expect((await s.run('pmtool status | grep SSEConnector', { mode: 'root', purpose: 'check' })).output).toContain('SSEConnector');
      expect(lab.device(name).audit.filter((a) => a.changes)).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('refuses, in any mode, a dialogue answer with a TAB or control character', async () => {
    const name = healthy(2);
    const s = await transport.open(target(name), options());
    try {
      const answers = [{ expect: /YES/, answer: 'YES\treboot' }];
      expect((await failure(s.run('configure network dns servers 1.1.1.1', { mode: 'clish', purpose: 'fix', answers }))).code).toBe('E_COMMAND_LIMIT');
      expect(lab.device(name).audit.filter((a) => a.changes)).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('refuses to enter root with a wrong sudo password (E_SUDO_AUTH), sends it once only, and stays usable', async () => {
    const s = await transport.open(target(healthy(1), { sudoPassword: 'wrong-sudo' }), options());
    try {
      const err = await failure(s.run('id', { mode: 'root', purpose: 'check' }));
      expect(err.code).toBe('E_SUDO_AUTH');
      expect(err.message).toContain("sudo rejected the password ('Sorry, try again.')");
      expect(err.message).not.toContain('wrong-sudo');
      expect(s.mode).toBe('expert');
      expect((await s.run('whoami', { mode: 'expert', purpose: 'check' })).output).toBe('admin');
      // A second root command fails at once with the same code: the wrong password is never sent again.
      expect((await failure(s.run('id', { mode: 'root', purpose: 'check' }))).code).toBe('E_SUDO_AUTH');
      expect(lab.device(healthy(1)).state.sudoFailures).toBe(1);
    } finally {
      await s.close();
    }
  });

  it('times out waiting for a prompt with the last bytes seen and the pattern expected', async () => {
    const s = await transport.open(target(byFault('slow')), options());
    try {
      const slowPrompt = await transport.open(target(byFault('slow')), options({ promptTimeoutMs: SLOW_MS / 4 }));
      const err = await failure(slowPrompt.run('whoami', { mode: 'expert', purpose: 'check' }));
      expect(err.code).toBe('E_PROMPT_TIMEOUT');
      expect(err.message).toMatch(/expected .*\$/);
      expect(err.message).toMatch(/last bytes seen: ".*expert/);
      await slowPrompt.close();
    } finally {
      await s.close();
    }
  });

  it('runs commands on a slow device, and times out a command that goes quiet for longer than allowed', async () => {
    const s = await transport.open(target(byFault('slow')), options());
    try {
      const r = await s.run('show version', { mode: 'clish', purpose: 'check' });
      expect(r.output).toMatch(/^Model/m);
      const err = await failure(s.run('show network', { mode: 'clish', purpose: 'check', timeoutMs: SLOW_MS / 4 }));
      expect(err.code).toBe('E_COMMAND_TIMEOUT');
      const after = await s.run('show version', { mode: 'clish', purpose: 'check' });
      expect(after.output).toMatch(/^Model/m);
    } finally {
      await s.close();
    }
  });

  it('repeats a check on a fresh connection when the device drops mid-run', async () => {
    const progress: string[] = [];
    const s = await transport.open(target(byFault('drop')), options({ onProgress: (m) => progress.push(m) }));
    try {
      for (let i = 0; i < 4; i++) {
        const r = await s.run('show version', { mode: 'clish', purpose: 'check' });
        expect(r.output).toMatch(/^Model/m);
      }
      expect(progress.join('\n')).toMatch(/reconnect/);
    } finally {
      await s.close();
    }
  });

  it('does not repeat a fix when the connection drops under it', async () => {
    const name = byFault('drop', 1);
    const s = await transport.open(target(name), options());
    try {
      // The lab drops on a device's third command: two checks, then the fix.
      await s.run('show version', { mode: 'clish', purpose: 'check' });
      await s.run('show version', { mode: 'clish', purpose: 'check' });
      const err = await failure(s.run('configure network dns servers 9.9.9.9', { mode: 'clish', purpose: 'fix' }));
      expect(err.code).toBe('E_DISCONNECTED');
      expect(lab.device(name).audit.filter((a) => a.command.startsWith('configure network dns')).length).toBeLessThanOrEqual(1);
      // The next command reconnects.
      expect((await s.run('show version', { mode: 'clish', purpose: 'check' })).output).toMatch(/^Model/m);
    } finally {
      await s.close();
    }
  });

  it('maps each connection fault to its stable code', async () => {
    expect((await failure(transport.open(target(byFault('unreachable')), options()))).code).toBe('E_CONNECT_REFUSED');
    const auth = await failure(transport.open(target(byFault('auth-fail')), options()));
    expect(auth.code).toBe('E_AUTH');
    expect(auth.message).not.toContain(PASSWORD);
    expect((await failure(transport.open(target(byFault('hostkey-changed')), options()))).code).toBe('E_HOSTKEY_CHANGED');
    const empty = join(work, 'empty');
    await writeFile(empty, '');
    expect((await failure(transport.open(target(healthy(0)), options({ knownHostsPath: empty })))).code).toBe('E_HOSTKEY_UNKNOWN');
  });

  it('reboots: confirms, sees the drop, waits for SSH and the prompt, and carries on', async () => {
    const progress: string[] = [];
    const s = await transport.open(target(healthy(2)), options({ onProgress: (m) => progress.push(m) }));
    try {
      await s.run('whoami', { mode: 'expert', purpose: 'check' });
      const r = await s.reboot({ timeoutMs: 20_000 });
      expect(r.totalMs).toBeGreaterThanOrEqual(r.downAfterMs);
      expect(s.mode).toBe('clish');
      expect((await s.run('show version', { mode: 'clish', purpose: 'check' })).output).toMatch(/^Model/m);
      expect(progress.join('\n')).toMatch(/confirmed[\s\S]*dropped[\s\S]*back/);
    } finally {
      await s.close();
    }
  });

  it('says the device never went down when the declared answer cancels the reboot', async () => {
    const s = await transport.open(target(healthy(3)), options());
    try {
      const err = await failure(s.reboot({ timeoutMs: 5_000, answers: [{ expect: /Please enter 'YES' or 'NO':\s*$/, answer: 'NO' }] }));
      expect(err.code).toBe('E_REBOOT_NOT_DOWN');
      expect((await s.run('show version', { mode: 'clish', purpose: 'check' })).output).toMatch(/^Model/m);
    } finally {
      await s.close();
    }
  });

  it('says the device never came back when it hangs in its reboot', async () => {
    const s = await transport.open(target(byFault('reboot-hang')), options({ connectTimeoutMs: 1_000, promptTimeoutMs: 1_000 }));
    try {
      const err = await failure(s.reboot({ timeoutMs: 3_000 }));
      expect(err.code).toBe('E_REBOOT_TIMEOUT');
    } finally {
      await s.close();
    }
  });

  it('connects with a target resolved from the lab inventory and a password from the environment', async () => {
    const inv = parse(lab.inventoryYaml()) as {
      all: { vars: Record<string, unknown>; children: { ftd: { children: Record<string, { vars: Record<string, unknown>; hosts: Record<string, Record<string, unknown>> }> } } };
    };
    const name = healthy(0);
    let vars: Record<string, unknown> | undefined;
    for (const group of Object.values(inv.all.children.ftd.children)) {
      const h = group.hosts?.[name];
      if (h) vars = { ...inv.all.vars, ...group.vars, ...h, inventory_hostname: name };
    }
    expect(vars).toBeDefined();
    const { ansible_password: _pw, ...withoutPassword } = vars as Record<string, unknown>;
    const t = resolveTarget({ ...withoutPassword, firemend_password_env: 'LAB_PW' }, { LAB_PW: PASSWORD });
    const s = await transport.open(t, options());
    expect((await s.run('whoami', { mode: 'root', purpose: 'check' })).output).toBe('root');
    await s.close();
  });
});
