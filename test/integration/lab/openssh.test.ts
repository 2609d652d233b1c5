// Debian's OpenSSH client logs into a lab device with strict host-key checking and runs `show network`.
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../../src/lab/index.js';
import { PASSWORD } from './ssh-helpers.js';

let lab: Lab;
let dir: string;

beforeAll(async () => {
  lab = await startLab({ devices: 2, faults: 'hostkey-changed=1', seed: 'openssh' });
  dir = mkdtempSync(join(tmpdir(), 'lab-openssh-'));
  writeFileSync(join(dir, 'known_hosts'), lab.knownHosts());
  // SSH_ASKPASS with SSH_ASKPASS_REQUIRE=force feeds the password without a terminal.
  writeFileSync(join(dir, 'askpass.sh'), `#!/bin/sh\necho '${PASSWORD}'\n`);
  chmodSync(join(dir, 'askpass.sh'), 0o700);
});
afterAll(async () => {
  await lab.stop();
  rmSync(dir, { recursive: true, force: true });
});

function ssh(port: number, command: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const args = [
    '-F', '/dev/null',
    '-o', `UserKnownHostsFile=${join(dir, 'known_hosts')}`,
    '-o', 'GlobalKnownHostsFile=/dev/null',
    '-o', 'StrictHostKeyChecking=yes',
    '-o', 'PreferredAuthentications=password',
    '-o', 'PubkeyAuthentication=no',
    '-o', 'NumberOfPasswordPrompts=1',
    '-o', 'ConnectTimeout=10',
    '-p', String(port),
    'admin@127.0.0.1',
    command,
  ];
  return new Promise((resolve) => {
    const child = execFile('ssh', args, { env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', SSH_ASKPASS: join(dir, 'askpass.sh'), SSH_ASKPASS_REQUIRE: 'force', DISPLAY: ':0' }, timeout: 20_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 255) : 0, stdout, stderr });
    });
    child.stdin?.end();
  });
}

describe('the lab with the OpenSSH client', () => {
  it('accepts a password login checked against the lab known_hosts and returns show network', async () => {
    const healthy = lab.devices.find((d) => d.faults.length === 0)!;
    const r = await ssh(healthy.port, 'show network');
    expect(r.stderr).not.toContain('WARNING');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('===============[ System Information ]===============\n');
    expect(r.stdout).toContain('DNS Servers               : 192.0.2.53\n');
  });

  it('is refused by OpenSSH when the device presents a key other than the known_hosts one', async () => {
    const changed = lab.devices.find((d) => d.faults.includes('hostkey-changed'))!;
    const r = await ssh(changed.port, 'show network');
    expect(r.code).toBe(255);
    expect(r.stderr).toContain('REMOTE HOST IDENTIFICATION HAS CHANGED');
  });
});
