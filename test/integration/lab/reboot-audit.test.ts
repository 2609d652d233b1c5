// The reboot cycle (drop, refuse, come back with a new boot) and the audit log of every command received.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../../src/lab/index.js';
import { AFTER_BELL, PASSWORD, Shell, connect, exec } from './ssh-helpers.js';

let lab: Lab;
let auditDir: string;

beforeAll(async () => {
  auditDir = mkdtempSync(join(tmpdir(), 'lab-audit-'));
  lab = await startLab({ devices: 2, seed: 'reboot', rebootSeconds: 1, auditDir });
});
afterAll(async () => {
  await lab.stop();
  rmSync(auditDir, { recursive: true, force: true });
});

interface Line {
  time: string;
  device: string;
  mode: string;
  command: string;
  changes: boolean;
}

function audit(name: string): Line[] {
  return readFileSync(join(auditDir, `${name}.jsonl`), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Line);
}

describe('a lab device reboot', () => {
  it('drops the session, refuses connections while down, then comes back with a new boot time', async () => {
    const d = lab.devices[0]!;
    const device = lab.device(d.name);
    const bootTime = device.state.bootTime;
    const sh = await Shell.open({ port: d.port });
    await sh.run('reboot', /'YES' or 'NO': $/);
    const from = sh.text.length;
    sh.stream.write('YES\r');
    await sh.waitClosed();
    expect(sh.text.slice(from)).toMatch(/^YES\n\nBroadcast message from root@ftd-001 \(pts\/0\) \(.+\):\n\nThe system is going down for reboot NOW!\n$/);
    expect(device.down).toBe(true);
    await expect(connect({ port: d.port })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    let back = false;
    for (let i = 0; i < 60 && !back; i++) {
      await new Promise((r) => setTimeout(r, 100));
      back = await connect({ port: d.port }).then(
        (c) => (c.end(), true),
        () => false,
      );
    }
    expect(back).toBe(true);
    expect(device.state.bootTime).toBeGreaterThan(bootTime);
    const sh2 = await Shell.open({ port: d.port });
    await sh2.run('expert');
    expect(await sh2.cmd('uptime')).toMatch(/ up \d+ min,/);
    sh2.close();
  });
});

describe('the audit log', () => {
  it('records every command with its mode and whether it changed the device, and never a password', async () => {
    const d = lab.devices[1]!;
    const sh = await Shell.open({ port: d.port });
    await sh.cmd('show network');
    await sh.run('show nonsense', AFTER_BELL);
    await sh.run('\x15');
    await sh.cmd('configure network dns servers 192.0.2.54');
    await sh.run('expert');
    await sh.run('sudo su -', /Password: $/);
    await sh.run(PASSWORD);
    await sh.cmd('pmtool status | grep SSE');
    await sh.cmd('pmtool restartbyid SSEConnector');
    await sh.cmd('pmtool disablebyid NoSuchThing');
    await sh.run('exit');
    await sh.run('exit');
    await sh.run('reboot', /'YES' or 'NO': $/);
    await sh.run('NO');
    sh.close();
    await exec(d.port, 'show version');
    const lines = audit(d.name);
    expect(lines.map((l) => [l.mode, l.command, l.changes])).toEqual([
      ['clish', 'show network', false],
      ['clish', 'show nonsense', false],
      ['clish', 'configure network dns servers 192.0.2.54', true],
      ['clish', 'expert', false],
      ['expert', 'sudo su -', false],
      ['root', 'pmtool status | grep SSE', false],
      ['root', 'pmtool restartbyid SSEConnector', true],
      ['root', 'pmtool disablebyid NoSuchThing', false],
      ['root', 'exit', false],
      ['expert', 'exit', false],
      ['clish', 'reboot', false],
      ['clish', 'NO', false],
      ['clish', 'show version', false],
    ]);
    for (const l of lines) {
      expect(l.device).toBe(d.name);
      expect(Number.isNaN(Date.parse(l.time))).toBe(false);
    }
    expect(readFileSync(join(auditDir, `${d.name}.jsonl`), 'utf8')).not.toContain(PASSWORD);
  });

  it('records a confirmed reboot as a change', () => {
    const lines = audit(lab.devices[0]!.name);
    expect(lines.slice(0, 2).map((l) => [l.command, l.changes])).toEqual([
      ['reboot', false],
      ['YES', true],
    ]);
  });
});
