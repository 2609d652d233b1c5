// Every fault of CONTRACT.md's table, as its symptoms show to an operator, and the fixes that heal the fixable ones.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAULTS, startLab, type Lab } from '../../../src/lab/index.js';
import { Shell, connect, exec, rootShell } from './ssh-helpers.js';

let lab: Lab;

beforeAll(async () => {
  // One device per fault, plus a healthy one; curl 7.44 (the seeds' wording) on all (session-faults.test.ts covers the others).
  lab = await startLab({ devices: FAULTS.length + 1, faults: FAULTS.map((f) => `${f}=1`).join(','), seed: 'faults', rebootSeconds: 1, slowMs: 300, timeScale: 0.01, curlFlavour: '7.44' });
});
afterAll(async () => {
  await lab.stop();
});

function withFault(fault: string): { name: string; port: number; hostKeyLine: string } {
  const d = lab.devices.find((x) => x.faults.includes(fault));
  if (!d) throw new Error(`no device with ${fault}`);
  return d;
}

describe('lab faults', () => {
  it('puts each fault on exactly one device and leaves one device healthy', () => {
    for (const f of FAULTS) expect(lab.devices.filter((d) => d.faults.includes(f))).toHaveLength(1);
    expect(lab.devices.filter((d) => d.faults.length === 0)).toHaveLength(1);
  });

  it('no-dns: no DNS Servers line, curl cannot resolve, and setting DNS heals enrollment', async () => {
    const d = withFault('no-dns');
    const sh = await rootShell(d.port);
    expect(await sh.cmd('curl -v -k https://api-sse.cisco.com; echo $?')).toBe(
      "* Rebuilt URL to: https://api-sse.cisco.com/\n* getaddrinfo(3) failed for api-sse.cisco.com:443\n* Couldn't resolve host 'api-sse.cisco.com'\n* Closing connection 0\ncurl: (6) Couldn't resolve host 'api-sse.cisco.com'\n6",
    );
    expect(await sh.cmd('nslookup api-sse.cisco.com')).toBe(';; connection timed out; no servers could be reached\n');
    expect(await sh.cmd('tail -n 1 /ngfw/var/log/connector/connector.log')).toMatch(/level=error .*dial tcp: lookup api[\w.-]*\.cisco\.com on \[::1\]:53: /);
    sh.close();
    const net = await exec(d.port, 'show network');
    expect(net.stdout).not.toContain('DNS Servers');
    expect((await exec(d.port, 'configure network dns servers 192.0.2.53,192.0.2.54')).code).toBe(0);
    expect(lab.device(d.name).isEnrolled()).toBe(true);
    const after = await rootShell(d.port);
    expect(await after.cmd('curl -s localhost:8989/v1/contexts/default | grep -c \'"status":"Enrolled"\'')).toBe('1');
    after.close();
  });

  it('bad-dns: the configured server answers NXDOMAIN for the cloud; the working servers heal it', async () => {
    const d = withFault('bad-dns');
    expect((await exec(d.port, 'show network')).stdout).toContain('DNS Servers               : 198.51.100.53\n');
    const sh = await rootShell(d.port);
    expect(await sh.cmd('nslookup api-sse.cisco.com')).toBe("Server:\t\t198.51.100.53\nAddress:\t198.51.100.53#53\n\n** server can't find api-sse.cisco.com: NXDOMAIN\n");
    expect(await sh.cmd('curl -k https://api-sse.cisco.com')).toBe("curl: (6) Couldn't resolve host 'api-sse.cisco.com'");
    sh.close();
    await exec(d.port, 'configure network dns servers 192.0.2.53');
    expect(lab.device(d.name).isEnrolled()).toBe(true);
  });

  it('egress-blocked: curl waits out --max-time and times out, lsof shows SYN_SENT, the log shows dial timeouts', async () => {
    const d = withFault('egress-blocked');
    const sh = await rootShell(d.port);
    expect(await sh.cmd('curl -v -m 4 https://api-sse.cisco.com --cacert /ngfw/etc/ssl/connectorCA.pem; echo $?')).toBe(
      '* Rebuilt URL to: https://api-sse.cisco.com/\n*   Trying 52.4.85.66...\n* Connection timed out after 4001 milliseconds\n* Closing connection 0\ncurl: (28) Connection timed out after 4001 milliseconds\n28',
    );
    expect(await sh.cmd('lsof -i | grep conn | grep -c SYN_SENT')).toBe('1');
    expect(await sh.cmd('lsof -i | grep -c ESTABLISHED.*amazonaws')).toBe('0');
    expect(await sh.cmd('tail -n 1 /ngfw/var/log/connector/connector.log')).toMatch(/level=error msg="\[[\w-]+\]\[events\.go:90 events:connectWebSocket\] dial tcp [\d.]+:443: getsockopt: connection timed out"$/);
    expect(await sh.cmd('telnet api-sse.cisco.com 8989')).toBe('Trying 52.4.85.66...\ntelnet: Unable to connect to remote host: Connection timed out');
    // DNS is fine: only the path is blocked.
    expect(await sh.cmd('nslookup api-sse.cisco.com | grep -c Address:')).toBe('3');
    sh.close();
  });

  it('tls-intercept: curl with the connector CA fails verification, -k shows the middlebox issuer', async () => {
    const d = withFault('tls-intercept');
    const sh = await rootShell(d.port);
    const strict = await sh.cmd('curl -v https://api-sse.cisco.com --cacert /ngfw/etc/ssl/connectorCA.pem; echo rc=$?');
    expect(strict).toContain('* SSL certificate problem: self signed certificate in certificate chain\n');
    expect(strict).toContain('curl: (60) SSL certificate problem: self signed certificate in certificate chain\n');
    expect(strict).toMatch(/rc=60$/);
    const insecure = await sh.cmd('curl -v -k https://api-sse.cisco.com');
    expect(insecure).toContain('*  issuer: C=US; O=Example Corp; CN=Example Corp TLS Inspection CA\n');
    expect(insecure).toContain('left intact');
    expect(lab.device(d.name).isEnrolled()).toBe(false);
    sh.close();
  });

  it("bad-fqdn: connector.properties names another region's API host", async () => {
    const d = withFault('bad-fqdn');
    const region = lab.devices.find((x) => x.name === d.name)!.region;
    const expected = { us: 'api-sse.cisco.com', eu: 'api.eu.sse.itd.cisco.com', apj: 'api.apj.sse.itd.cisco.com' }[region];
    const sh = await rootShell(d.port);
    const fqdn = await sh.cmd('grep connector_fqdn /ngfw/etc/sf/connector.properties');
    expect(fqdn).toMatch(/^connector_fqdn=api/);
    expect(fqdn).not.toBe(`connector_fqdn=${expected}`);
    expect(await sh.cmd('tail -n 1 /ngfw/var/log/connector/connector.log')).toContain('401 Unauthorized');
    sh.close();
  });

  it('connector-disabled: pmtool shows User Disabled; enabling it brings enrollment back', async () => {
    const d = withFault('connector-disabled');
    const sh = await rootShell(d.port);
    expect(await sh.cmd('pmtool status | grep "SSEConnector ("')).toBe('SSEConnector (system) - User Disabled');
    expect(await sh.cmd('lsof -i | grep -c conn')).toBe('0');
    await sh.cmd('pmtool enablebyid SSEConnector');
    expect(await sh.cmd('pmtool status | grep "SSEConnector ("')).toMatch(/^SSEConnector \(system\) - Running \d+$/);
    expect(await sh.cmd('netstat -anlp | grep EventHandler_SSEConnector.sock | grep -c CONNECTED')).toBe('1');
    expect(lab.device(d.name).isEnrolled()).toBe(true);
    sh.close();
  });

  it('zmq-socket: only LISTENING, ZeroMQ errors in the log; disable+enable is not enough, the reboot is', async () => {
    const d = withFault('zmq-socket');
    const sh = await rootShell(d.port);
    const grepSock = 'netstat -anlp | grep EventHandler_SSEConnector.sock';
    expect((await sh.cmd(grepSock)).split('\n')).toHaveLength(1);
    expect(await sh.cmd(grepSock)).toContain('LISTENING');
    expect(await sh.cmd('grep ZeroMQ /ngfw/var/log/connector/connector.log | tail -n 1')).toContain(
      'Could not connect to ZeroMQ PUSH endpoint: \\"ipc:///ngfw/var/sf/run/EventHandler_SSEConnector.sock\\": dial unix /ngfw/var/sf/run/EventHandler_SSEConnector.sock: connect: no such file or directory',
    );
    await sh.cmd('pmtool disablebyid SSEConnector');
    await sh.cmd('pmtool enablebyid SSEConnector');
    expect(await sh.cmd(`${grepSock} | grep -c CONNECTED`)).toBe('0');
    await sh.run('exit');
    await sh.run('exit');
    const bootId = lab.device(d.name).state.bootId;
    await sh.run('reboot', /'YES' or 'NO': $/);
    sh.stream.write('YES\r');
    await sh.waitClosed();
    // The reboot's downtime ends with the device listening again.
    expect(await lab.server(d.name).rebootSettled).toBe('back');
    const back = await rootShell(d.port);
    expect(await back.cmd(`${grepSock} | grep -c CONNECTED`)).toBe('1');
    expect(await back.cmd('cat /proc/sys/kernel/random/boot_id')).not.toBe(bootId);
    back.close();
  });

  it('cloud-off: no connector context and a log line saying cloud integration is disabled', async () => {
    const d = withFault('cloud-off');
    const sh = await rootShell(d.port);
    expect(await sh.cmd('curl localhost:8989/v1/contexts/default')).toBe('{"error":"context default not found"}');
    expect(await sh.cmd('tail -n 1 /ngfw/var/log/connector/connector.log')).toContain('Cisco Cloud integration is disabled');
    sh.close();
  });

  it('unreachable: the port refuses connections', async () => {
    await expect(connect({ port: withFault('unreachable').port })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('auth-fail: the right password is refused', async () => {
    await expect(connect({ port: withFault('auth-fail').port })).rejects.toMatchObject({ level: 'client-authentication' });
  });

  it('hostkey-changed: the presented key is not the known_hosts one, while others match', async () => {
    const changed = withFault('hostkey-changed');
    await expect(connect({ port: changed.port, hostKeyLine: changed.hostKeyLine })).rejects.toThrow(/verification failed/i);
    const healthy = lab.devices.find((x) => x.faults.length === 0)!;
    (await connect({ port: healthy.port, hostKeyLine: healthy.hostKeyLine })).end();
  });

  it('slow: still answers every command correctly', async () => {
    const d = withFault('slow');
    expect((await exec(d.port, 'show version')).stdout).toContain('Model');
    const sh = await Shell.open({ port: d.port });
    expect(await sh.run('expert')).toContain(`admin@${d.name}:~$ `);
    sh.close();
  });

  it('drop: the connection drops once on the third command, then the device behaves', async () => {
    const d = withFault('drop');
    const sh = await Shell.open({ port: d.port });
    await sh.cmd('show version');
    await sh.cmd('show network');
    sh.stream.write('show managers\r');
    await sh.waitClosed();
    const again = await Shell.open({ port: d.port });
    for (let i = 0; i < 4; i++) expect(await again.cmd('show managers')).toContain('Registration');
    again.close();
  });

  it('reboot-hang: never comes back after the reboot', async () => {
    const d = withFault('reboot-hang');
    const sh = await Shell.open({ port: d.port });
    await sh.run('reboot', /'YES' or 'NO': $/);
    sh.stream.write('yes\r');
    await sh.waitClosed();
    // The reboot's downtime has passed and the device stayed down: it still refuses.
    expect(await lab.server(d.name).rebootSettled).toBe('hung');
    await expect(connect({ port: d.port })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(lab.server(d.name).listening).toBe(false);
  });
});
