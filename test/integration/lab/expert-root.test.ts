// Expert and root shells of a healthy lab device: the commands of the troubleshooting procedure, bash behaviour.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../../src/lab/index.js';
import { PASSWORD, Shell } from './ssh-helpers.js';

let lab: Lab;
let name: string;
let port: number;

beforeAll(async () => {
  lab = await startLab({ devices: 1, seed: 'expert', curlFlavour: '7.44' });
  name = lab.devices[0]!.name;
  port = lab.devices[0]!.port;
});
afterAll(async () => {
  await lab.stop();
});

async function rootShell(): Promise<Shell> {
  const sh = await Shell.open({ port });
  await sh.run('expert');
  await sh.run('sudo su -', /Password: $/);
  await sh.run(PASSWORD);
  return sh;
}

describe('the expert shell', () => {
  it('shows the sudo lecture once, asks for the password without echo, and lands in root at ~', async () => {
    const sh = await Shell.open({ port });
    await sh.run('expert');
    const first = await sh.run('sudo su -', /Password: $/);
    expect(first).toContain('We trust you have received the usual lecture from the local System\nAdministrator.');
    expect(first).toContain('    #3) With great power comes great responsibility.\n\nPassword: ');
    const root = await sh.run(PASSWORD);
    expect(root).not.toContain(PASSWORD);
    expect(root).toBe(`\nroot@${name}:~# `);
    expect(await sh.run('exit')).toBe(`exit\nlogout\nadmin@${name}:~$ `);
    sh.close();
    const again = await Shell.open({ port });
    await again.run('expert');
    expect(await again.run('sudo su -', /Password: $/)).toBe('sudo su -\nPassword: ');
    again.close();
  });

  it('says Sorry, try again on a wrong sudo password and gives up after three', async () => {
    const sh = await Shell.open({ port });
    await sh.run('expert');
    await sh.run('sudo -i', /Password: $/);
    expect(await sh.run('nope', /Password: $/)).toBe('\nSorry, try again.\nPassword: ');
    await sh.run('nope2', /Password: $/);
    expect(await sh.run('nope3')).toBe(`\nsudo: 3 incorrect password attempts\nadmin@${name}:~$ `);
    sh.close();
  });

  it('answers an unknown command like bash, with exit status 127', async () => {
    const sh = await Shell.open({ port });
    await sh.run('expert');
    expect(await sh.cmd('show network')).toBe('-bash: show: command not found');
    expect(await sh.cmd('echo $?')).toBe('127');
    expect(await sh.cmd('false; echo "status $?"')).toBe('status 1');
    sh.close();
  });

  it('refuses pmtool changes and the connector log to admin, but reads connector.properties', async () => {
    const sh = await Shell.open({ port });
    await sh.run('expert');
    expect(await sh.cmd('pmtool disablebyid SSEConnector')).toBe('pmtool: Permission denied (you must be root)');
    expect(await sh.cmd('tail /ngfw/var/log/connector/connector.log')).toContain('Permission denied');
    expect(await sh.cmd('cat /ngfw/etc/sf/connector.properties')).toBe(
      'registration_interval=180\nconnector_port=8989\nregion_discovery_endpoint=https://api-sse.cisco.com/providers/sse/api/v1/regions\nconnector_fqdn=api-sse.cisco.com',
    );
    // Without root netstat cannot name other users' processes.
    expect(await sh.cmd('netstat -anlp | grep EventHandler_SSEConnector.sock')).toMatch(/LISTENING +\d+ +- +\/ngfw\/var\/sf\/run\/EventHandler_SSEConnector.sock/);
    expect(lab.device(name).isRunning('SSEConnector')).toBe(true);
    sh.close();
  });

  it('runs sudo COMMAND as root after the password', async () => {
    const sh = await Shell.open({ port });
    await sh.run('expert');
    await sh.run('sudo pmtool status | grep SSEConnector', /Password: $/);
    const out = await sh.run(PASSWORD);
    expect(out).toMatch(/SSEConnector \(system\) - Running \d+/);
    sh.close();
  });
});

describe('the root shell', () => {
  it('reads connector.properties with more, and connector.log with tail', async () => {
    const sh = await rootShell();
    expect(await sh.cmd('more /ngfw/etc/sf/connector.properties')).toContain('connector_fqdn=api-sse.cisco.com');
    const log = await sh.cmd('tail -n 2 /ngfw/var/log/connector/connector.log');
    expect(log.split('\n')).toHaveLength(2);
    for (const line of log.split('\n')) expect(line).toMatch(/^time="\d{4}-\d\d-\d\dT[\d:.]+Z" level=(info|error|warning) msg="\[ftd-001\]\[/);
    expect(log).toContain('Connected to wss://eventing-ingest.sse.itd.cisco.com');
    sh.close();
  });

  it('shows the EventHandler socket LISTENING and CONNECTED in netstat -anlp', async () => {
    const sh = await rootShell();
    const out = await sh.cmd('netstat -anlp | grep EventHandler_SSEConnector.sock');
    const lines = out.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^unix {2}2 {6}\[ ACC \] {5}STREAM {5}LISTENING {5}\d+ +\d+\/EventHandler +\/ngfw\/var\/sf\/run\/EventHandler_SSEConnector.sock$/);
    expect(lines[1]).toMatch(/^unix {2}3 {6}\[ \] {9}STREAM {5}CONNECTED {5}\d+ +\d+\/EventHandler/);
    expect(await sh.cmd('netstat -anlp | grep 8989')).toMatch(/^tcp {8}0 {6}0 127\.0\.0\.1:8989 +0\.0\.0\.0:\* +LISTEN +\d+\/connector$/);
    sh.close();
  });

  it('shows the connector listening and ESTABLISHED to the cloud in lsof -i', async () => {
    const sh = await rootShell();
    const out = await sh.cmd('lsof -i | grep conn');
    expect(out).toMatch(/^connector +\d+ www +10u +IPv4 +\d+ +0t0 +TCP localhost:8989 \(LISTEN\)$/m);
    expect(out).toMatch(/->ec2-[\d-]+\.compute-1\.amazonaws\.com:https \(ESTABLISHED\)$/m);
    expect(await sh.cmd('lsof -i | grep -v conn | grep -c sshd')).toBe('2');
    sh.close();
  });

  it('resolves the cloud with nslookup through the configured server', async () => {
    const sh = await rootShell();
    const out = await sh.cmd('nslookup api-sse.cisco.com');
    expect(out).toBe(
      'Server:\t\t192.0.2.53\nAddress:\t192.0.2.53#53\n\nNon-authoritative answer:\napi-sse.cisco.com\tcanonical name = api-sse.cisco.com.akadns.net.\nName:\tapi-sse.cisco.com.akadns.net\nAddress: 52.4.85.66\nName:\tapi-sse.cisco.com.akadns.net\nAddress: 34.194.145.22\n',
    );
    expect(await sh.cmd('nslookup no-such-host.example; echo $?')).toContain("** server can't find no-such-host.example: NXDOMAIN\n\n1");
    sh.close();
  });

  it('reaches the cloud with curl -v: 403 Forbidden and `Connection #0 to host … left intact`', async () => {
    const sh = await rootShell();
    const out = await sh.cmd('curl -v https://api-sse.cisco.com --cacert /ngfw/etc/ssl/connectorCA.pem');
    expect(out).toMatch(/^\* Rebuilt URL to: https:\/\/api-sse\.cisco\.com\/\n\* {3}Trying 52\.4\.85\.66\.\.\.\n\* Connected to api-sse\.cisco\.com \(52\.4\.85\.66\) port 443 \(#0\)\n/);
    expect(out).toContain('*   CAfile: /ngfw/etc/ssl/connectorCA.pem\n');
    expect(out).toContain('*  SSL certificate verify ok.\n');
    expect(out).toContain('> GET / HTTP/1.1\n> Host: api-sse.cisco.com\n');
    expect(out).toContain('< HTTP/1.1 403 Forbidden\n');
    expect(out).toMatch(/\* Connection #0 to host api-sse\.cisco\.com left intact\nForbidden$/);
    expect(await sh.cmd('curl -s -k https://est.sco.cisco.com; echo " rc=$?"')).toBe('Forbidden\n rc=0');
    sh.close();
  });

  it('pipes only stdout into grep unless 2>&1 is given, like a real shell', async () => {
    const sh = await rootShell();
    expect(await sh.cmd('curl -v -k https://api-sse.cisco.com 2>/dev/null | grep -c intact')).toBe('0');
    expect(await sh.cmd('curl -v -k https://api-sse.cisco.com 2>&1 | grep -i "LEFT INTACT"')).toBe('* Connection #0 to host api-sse.cisco.com left intact');
    expect(await sh.cmd('pmtool status | grep -v Running | grep -c "User Disabled"')).toBe('0');
    sh.close();
  });

  it("reads the connector's context from localhost:8989", async () => {
    const sh = await rootShell();
    const body = JSON.parse(await sh.cmd('curl localhost:8989/v1/contexts/default')) as Record<string, unknown>;
    expect(body).toMatchObject({ id: 'default', status: 'Enrolled', settings: { exchange: { fqdn: 'api-sse.cisco.com' } } });
    sh.close();
  });

  it('connects with telnet to the cloud on 8989, which closes the connection', async () => {
    const sh = await rootShell();
    expect(await sh.cmd('telnet api-sse.cisco.com 8989')).toBe("Trying 52.4.85.66...\nConnected to api-sse.cisco.com.\nEscape character is '^]'.\nConnection closed by foreign host.");
    sh.close();
  });

  it('restarts, disables and enables a daemon with pmtool (any case), with a new PID on enable', async () => {
    const sh = await rootShell();
    const device = lab.device(name);
    const before = device.daemon('SSEConnector')!.pid;
    expect(await sh.cmd('pmtool RestartByID SSEConnector')).toBe('');
    const restarted = device.daemon('SSEConnector')!.pid;
    expect(restarted).not.toBe(before);
    expect(await sh.cmd('pmtool DisableByID SSEConnector')).toBe('');
    expect(await sh.cmd('pmtool status | grep "SSEConnector ("')).toBe('SSEConnector (system) - User Disabled');
    expect(await sh.cmd('curl localhost:8989/v1/contexts/default; echo $?')).toBe('curl: (7) Failed to connect to localhost port 8989: Connection refused\n7');
    expect(await sh.cmd('netstat -anlp | grep -c CONNECTED')).toBe('0');
    expect(await sh.cmd('pmtool enablebyid sseconnector')).toBe('');
    const enabled = device.daemon('SSEConnector')!.pid;
    expect(await sh.cmd('pmtool status | grep "SSEConnector ("')).toBe(`SSEConnector (system) - Running ${enabled}`);
    expect(enabled).not.toBe(restarted);
    expect(await sh.cmd('pmtool enablebyid nosuchdaemon; echo $?')).toBe('pmtool: No such ID: nosuchdaemon\n1');
    sh.close();
  });

  it('shows the basename of the working directory in the root prompt, and echo, cd, pwd work', async () => {
    const sh = await rootShell();
    expect(await sh.run('cd /ngfw/var/common')).toBe(`cd /ngfw/var/common\nroot@${name}:common# `);
    expect(await sh.cmd('pwd')).toBe('/ngfw/var/common');
    expect(await sh.cmd('cd /nope')).toBe('-bash: cd: /nope: No such file or directory');
    expect(await sh.cmd('cat ../../etc/sf/connector.properties | grep fqdn')).toBe('connector_fqdn=api-sse.cisco.com');
    expect(await sh.cmd("echo 'a  b' \"$HOME\"")).toBe('a  b /root');
    sh.close();
  });

  it('shows a new uptime and boot id only after a reboot (state survives the session)', async () => {
    const sh = await rootShell();
    expect(await sh.cmd('cat /proc/sys/kernel/random/boot_id')).toBe(lab.device(name).state.bootId);
    expect(await sh.cmd('uptime')).toMatch(/ up \d+ days?, /);
    sh.close();
  });
});
