// The CLISH (`> `) side of a lab device, driven by a plain ssh2 client over real SSH.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../../src/lab/index.js';
import { AFTER_BELL, PASSWORD, Shell, connect, exec } from './ssh-helpers.js';

let lab: Lab;
const port = (i: number): number => lab.devices[i]!.port;

beforeAll(async () => {
  lab = await startLab({ devices: 3, faults: 'no-dns=1', seed: 'clish', rebootSeconds: 1 });
});
afterAll(async () => {
  await lab.stop();
});

function healthy(): number {
  const i = lab.devices.findIndex((d) => d.faults.length === 0);
  return i;
}

describe('a lab device at the CLISH prompt', () => {
  it('greets with the FTD banner, copyright lines ending in a space, then the `> ` prompt', async () => {
    const sh = await Shell.open({ port: port(healthy()) });
    expect(sh.text).toMatch(/^Last login: \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d UTC \d{4} from 127\.0\.0\.1 on pts\/0\n/);
    expect(sh.text).toContain("Successful login attempts for user 'admin' : ");
    expect(sh.text).toContain('Copyright 2004-2024, Cisco and/or its affiliates. All rights reserved. \nCisco is a registered trademark of Cisco Systems, Inc. \n');
    expect(sh.text).toContain('Cisco Firepower Threat Defense for VMware v7.4.1 (build 172)\n\n> ');
    expect(sh.text.endsWith('\n> ')).toBe(true);
    sh.close();
  });

  it('prints show version as a 52-column header block with 26-column labels', async () => {
    const sh = await Shell.open({ port: port(healthy()) });
    const name = lab.devices[healthy()]!.name;
    const out = await sh.cmd('show version');
    const lines = out.split('\n');
    expect(lines[0]).toHaveLength(52);
    expect(lines[0]).toBe(`${'-'.repeat(Math.floor((52 - name.length - 4) / 2))}[ ${name} ]${'-'.repeat(Math.ceil((52 - name.length - 4) / 2))}`);
    expect(lines[1]).toBe('Model                     : Cisco Firepower Threat Defense for VMware (75) Version 7.4.1 (Build 172)');
    expect(lines[2]).toMatch(/^UUID {22}: [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(lines[3]).toMatch(/^LSP version {15}: lsp-rel-/);
    expect(lines[5]).toBe('-'.repeat(52));
    sh.close();
  });

  it('prints show network with its DNS servers on continuation lines indented 28 spaces', async () => {
    const sh = await Shell.open({ port: port(healthy()) });
    const out = await sh.cmd('show network');
    expect(out.split('\n')[0]).toBe('===============[ System Information ]===============');
    expect(out).toContain('DNS Servers               : 192.0.2.53\n                            192.0.2.54\nManagement port           : 8305\n');
    expect(out).toContain('IPv4 Default route\n  Gateway                 : ');
    expect(out).toContain('\n\n======================[ br1 ]=======================\n');
    expect(out).toContain('----------------------[ IPv4 ]----------------------\n');
    expect(out).toContain('\n\n===============[ Proxy Information ]================\nState                     : Disabled\n');
    for (const line of out.split('\n').filter((l) => l.includes('[ '))) expect(line).toHaveLength(52);
    sh.close();
  });

  it('leaves the DNS Servers line out when none are set, and shows them once configured', async () => {
    const i = lab.devices.findIndex((d) => d.faults.includes('no-dns'));
    const sh = await Shell.open({ port: port(i) });
    expect(await sh.cmd('show network')).not.toContain('DNS Servers');
    expect(await sh.cmd('configure network dns servers 192.0.2.53,192.0.2.54')).toBe('');
    expect(await sh.cmd('show network')).toContain('DNS Servers               : 192.0.2.53\n                            192.0.2.54\n');
    expect(lab.device(lab.devices[i]!.name).state.dnsServers).toEqual(['192.0.2.53', '192.0.2.54']);
    sh.close();
  });

  it('prints show managers and show failover for a managed standalone unit', async () => {
    const sh = await Shell.open({ port: port(healthy()) });
    const managers = await sh.cmd('show managers');
    expect(managers).toContain('Type                      : Manager\n');
    expect(managers).toContain('Registration              : Completed\n');
    expect(await sh.cmd('show failover')).toMatch(/^Failover Off\nFailover unit Primary\n/);
    sh.close();
  });

  it('keeps a rejected command in the line buffer after `Syntax error: Illegal parameter` until Ctrl-U', async () => {
    const sh = await Shell.open({ port: port(healthy()) });
    const rejected = await sh.run('show inventory', AFTER_BELL);
    expect(rejected).toBe('show inventory\nSyntax error: Illegal parameter\n> show inventory\x07');
    // Enter again resubmits the buffered text: the same error.
    const again = await sh.run('', AFTER_BELL);
    expect(again).toBe('\nSyntax error: Illegal parameter\n> show inventory\x07');
    // Typed text appends to the buffer.
    const appended = await sh.run(' x', AFTER_BELL);
    expect(appended).toContain('> show inventory x\x07');
    // Ctrl-U wipes it; then a command runs normally.
    const cleared = await sh.run('\x15');
    expect(cleared).toBe('\x1b[16D\x1b[J\n> ');
    expect(await sh.cmd('show failover')).toContain('Failover Off');
    sh.close();
  });

  it('answers an incomplete command with `Syntax error: The command is not completed`', async () => {
    const sh = await Shell.open({ port: port(healthy()) });
    expect(await sh.run('show', AFTER_BELL)).toContain('Syntax error: The command is not completed\n> show\x07');
    sh.close();
  });

  it('asks YES or NO before a reboot and stays up on NO', async () => {
    const sh = await Shell.open({ port: port(healthy()) });
    const ask = await sh.run('reboot', /'YES' or 'NO': $/);
    expect(ask).toBe("reboot\nThis command will reboot the system.  Continue?\nPlease enter 'YES' or 'NO': ");
    expect(await sh.run('NO')).toBe('NO\n> ');
    expect(lab.device(lab.devices[healthy()]!.name).down).toBe(false);
    sh.close();
  });

  it('enters expert mode and comes back with exit, printing logout', async () => {
    const sh = await Shell.open({ port: port(healthy()) });
    const name = lab.devices[healthy()]!.name;
    expect(await sh.run('expert')).toBe(`expert\nadmin@${name}:~$ `);
    expect(await sh.run('exit')).toBe('exit\nlogout\n> ');
    sh.close();
  });

  it('closes the session on exit and on logout at `> `', async () => {
    for (const word of ['exit', 'logout']) {
      const sh = await Shell.open({ port: port(healthy()) });
      sh.stream.write(word + '\r');
      await sh.waitClosed();
    }
  });

  it('runs one CLISH command per exec request and closes with its status', async () => {
    const ok = await exec(port(healthy()), 'show version');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('Model                     : Cisco Firepower Threat Defense for VMware (75)');
    expect(ok.stdout).not.toContain('\r\n');
    const bad = await exec(port(healthy()), 'show inventory');
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('Syntax error: Illegal parameter\n');
  });

  it('refuses a wrong password and drops the connection after the third failure', async () => {
    await expect(connect({ port: port(healthy()), password: 'wrong' })).rejects.toMatchObject({ level: 'client-authentication' });
    // One connection, several password attempts: the right password still works on the third try,
    // but after three failures the connection is gone and even the right password is too late.
    const { Client } = await import('ssh2');
    const attempt = (tries: string[]): Promise<string> =>
      new Promise<string>((resolve) => {
        const c = new Client();
        c.on('error', (e: Error & { level?: string }) => resolve(`error:${e.level ?? e.message}`));
        c.on('close', () => resolve('closed'));
        c.on('ready', () => {
          resolve('ready');
          c.end();
        });
        c.connect({
          host: '127.0.0.1',
          port: port(healthy()),
          username: 'admin',
          authHandler: (_methods, _partial, next) => {
            const pw = tries.shift();
            if (pw === undefined) return next(false as never);
            next({ type: 'password', username: 'admin', password: pw });
          },
        });
      });
    expect(await attempt(['one', 'two', PASSWORD])).toBe('ready');
    const outcome = await attempt(['one', 'two', 'three', PASSWORD]);
    expect(outcome).not.toBe('ready');
  });
});
