// The ssh kind's side of the contract: targets from host vars (with the run's host-key settings), and an SSH
// session seen as a Connection that runs command and reboot actions and refuses anything else, sending nothing.
import { describe, expect, it } from 'vitest';
import { sessionOptionsFor, SshConnection, sshKind, sshTarget } from '../../../../src/connections/ssh/kind.js';
import type { CommandResult, RebootOptions, RunOptions, Session } from '../../../../src/connections/ssh/transport.js';

class RecordingSession implements Session {
  readonly mode = 'clish' as const;
  readonly calls: unknown[] = [];
  async run(command: string, options: RunOptions): Promise<CommandResult> {
    this.calls.push(['run', command, options]);
    return { command, mode: options.mode, output: 'out', exitStatus: 0, durationMs: 7 };
  }
  async reboot(options: RebootOptions): Promise<{ downAfterMs: number; totalMs: number }> {
    this.calls.push(['reboot', options]);
    return { downAfterMs: 10, totalMs: 30 };
  }
  async close(): Promise<void> {
    this.calls.push(['close']);
  }
}

describe('the ssh connection kind', () => {
  it('declares the platforms with a CLI and the command and reboot actions', () => {
    expect(sshKind.name).toBe('ssh');
    expect([...sshKind.platforms]).toEqual(['ftd', 'fmc', 'linux']);
    expect([...sshKind.actions]).toEqual(['command', 'reboot']);
  });

  it('builds a target with its address, every secret and the run host-key settings', () => {
    const t = sshTarget({ inventory_hostname: 'fw', ansible_host: '10.0.0.1', ansible_port: 2222, ansible_password: 'pw-123456', firemend_host_key_policy: 'accept-new', firemend_known_hosts: '/tmp/kh' }, {});
    expect(t).toMatchObject({ name: 'fw', address: '10.0.0.1:2222', secrets: ['pw-123456', 'pw-123456'], hostKeyPolicy: 'accept-new', knownHostsPath: '/tmp/kh' });
    expect(sshTarget({ inventory_hostname: 'fw' }, {})).toMatchObject({ address: 'fw', hostKeyPolicy: 'strict' });
    expect(() => sshTarget({ inventory_hostname: 'fw', firemend_host_key_policy: 'yolo' }, {})).toThrow(/host fw: firemend_host_key_policy must be one of strict, accept-new, off/);
  });

  it('opens sessions read-only only when the connection options say so', () => {
    const t = sshTarget({ inventory_hostname: 'fw' }, {});
    expect(sessionOptionsFor(t, { connectTimeoutMs: 1, commandTimeoutMs: 2, readOnly: true })).toMatchObject({ readOnly: true, hostKeyPolicy: 'strict', connectTimeoutMs: 1, commandTimeoutMs: 2 });
    expect(sessionOptionsFor(t, { connectTimeoutMs: 1, commandTimeoutMs: 2, readOnly: false }).readOnly).toBeUndefined();
  });

  it('runs a command action as a session command and a reboot action as a session reboot', async () => {
    const s = new RecordingSession();
    const c = new SshConnection(s, 'fw');
    expect(await c.run({ kind: 'command', command: 'show version', mode: 'clish', timeoutMs: 5 }, 'check')).toEqual({ output: 'out', exitStatus: 0, durationMs: 7 });
    expect(await c.run({ kind: 'reboot', timeoutMs: 900_000 }, 'fix')).toEqual({ output: '', durationMs: 30, reboot: { downAfterMs: 10, totalMs: 30 } });
    await c.close();
    expect(s.calls).toEqual([['run', 'show version', { mode: 'clish', purpose: 'check', timeoutMs: 5 }], ['reboot', { timeoutMs: 900_000 }], ['close']]);
  });

  it('refuses an api action with a clear error, sending nothing', async () => {
    const s = new RecordingSession();
    await expect(new SshConnection(s, 'fw').run({ kind: 'api', method: 'GET', path: '/api/x' }, 'check')).rejects.toMatchObject({ code: 'E_INPUT', message: expect.stringContaining("fw: an ssh connection cannot send 'api' actions") });
    expect(s.calls).toEqual([]);
  });
});
