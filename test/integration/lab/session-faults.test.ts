// The lab's real-device variants (issue 13) as an operator's SSH client sees them: the forced password change,
// expert removed, sudo refusing the password, a proxy refusing the tunnel, and curl worded per flavour.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SESSION_FAULTS, startLab, type CurlFlavour, type Lab, type LabDeviceInfo } from '../../../src/lab/index.js';
import { PASSWORD, Shell, connect, exec, rootShell } from './ssh-helpers.js';

let lab: Lab;

beforeAll(async () => {
  // One device per session fault, the rest healthy; flavours rotated so each appears on a healthy device.
  lab = await startLab({ devices: SESSION_FAULTS.length + 6, faults: SESSION_FAULTS.map((f) => `${f}=1`).join(','), seed: 'sessions', curlFlavour: 'mixed', timeScale: 0.01 });
});
afterAll(async () => {
  await lab.stop();
});

// The first lab device that passes `test`.
function pick(what: string, test: (d: LabDeviceInfo) => boolean): LabDeviceInfo {
  const found = lab.devices.find(test);
  if (!found) throw new Error(`no lab device with ${what}`);
  return found;
}
const withFault = (fault: string): LabDeviceInfo => pick(fault, (d) => d.faults.includes(fault));
const healthy = (flavour: CurlFlavour): LabDeviceInfo => pick(`curl ${flavour} and no fault`, (d) => d.faults.length === 0 && d.curlFlavour === flavour);

// A raw shell that does not wait for `> ` (the expired-password device never shows it).
async function rawShell(port: number): Promise<{ text: () => string; write: (s: string) => void; until: (re: RegExp) => Promise<string>; end: () => void }> {
  const client = await connect({ port });
  client.on('error', () => undefined);
  const stream = await new Promise<import('ssh2').ClientChannel>((resolve, reject) => client.shell({ term: 'vt100' }, (err, s) => (err ? reject(err) : resolve(s))));
  let text = '';
  let closed = false;
  const waiters: (() => void)[] = [];
  stream.on('data', (d: Buffer) => {
    text += d.toString().replace(/\r\n/g, '\n');
    waiters.splice(0).forEach((w) => w());
  });
  stream.on('close', () => {
    closed = true;
    waiters.splice(0).forEach((w) => w());
  });
  const until = async (re: RegExp): Promise<string> => {
    while (!re.test(text)) {
      if (closed) return text;
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
    return text;
  };
  return { text: () => text, write: (s) => stream.write(s), until, end: () => client.end() };
}

describe('lab session faults', () => {
  it('records the flavour of each device in the inventory and spreads the three over the fleet', () => {
    const groups = (parse(lab.inventoryYaml()) as { all: { children: { ftd: { children: Record<string, { hosts: Record<string, { lab_curl_flavour: string }> }> } } } }).all.children.ftd.children;
    const flavours = Object.fromEntries(Object.values(groups).flatMap((g) => Object.entries(g.hosts).map(([name, vars]) => [name, vars.lab_curl_flavour])));
    expect(flavours).toEqual(Object.fromEntries(lab.devices.map((d) => [d.name, d.curlFlavour])));
    expect(new Set(lab.devices.map((d) => d.curlFlavour))).toEqual(new Set(['7.29-nss', '7.44', '8.x']));
  });

  it('password-expired: the login demands a new password and shows no prompt until it is set', async () => {
    const d = withFault('password-expired');
    const sh = await rawShell(d.port);
    const shown = await sh.until(/Enter new password: $/);
    expect(shown).toContain('\nHello admin. You must change your password.\nEnter new password: ');
    expect(shown).not.toMatch(/\n> $/);
    // Ctrl-C (what an operator might press) ends the session: there is no way around the change.
    sh.write('\x03');
    await sh.until(/$^/);
    expect(sh.text()).not.toMatch(/\n> /);
    // exec requests are refused the same way, with exit status 1.
    const r = await exec(d.port, 'show version');
    expect(r).toEqual({ stdout: 'Hello admin. You must change your password.\n', code: 1 });
    // An operator who sets a new password clears the fault.
    const again = await rawShell(d.port);
    await again.until(/Enter new password: $/);
    again.write('N3w-pass!\r');
    await again.until(/Confirm new password: $/);
    again.write('N3w-pass!\r');
    expect(await again.until(/\n> $/)).toContain('Your password was updated successfully.\n> ');
    again.end();
    expect(lab.device(d.name).state.passwordExpired).toBe(false);
  });

  it('expert-disabled: `expert` is refused like an unknown command, and CLISH keeps it in the line buffer', async () => {
    const d = withFault('expert-disabled');
    const sh = await Shell.open({ port: d.port });
    // eslint-disable-next-line no-control-regex -- the BEL CLISH rings after the refused text is what is checked
    const out = await sh.run('expert', /> expert\x07$/);
    expect(out).toBe('expert\nSyntax error: Illegal parameter\n> expert\x07');
    sh.close();
  });

  it('sudo-wrong-password: sudo refuses the lab password; Ctrl-C gives up without another attempt', async () => {
    const d = withFault('sudo-wrong-password');
    const sh = await Shell.open({ port: d.port });
    await sh.run('expert');
    await sh.run('sudo su -', /Password: $/);
    expect(await sh.run(PASSWORD, /Password: $/)).toMatch(/\nSorry, try again\.\nPassword: $/);
    const back = await sh.run('\x03', /\$ $/);
    expect(back).not.toContain('incorrect password attempts');
    expect(lab.device(d.name).state.sudoFailures).toBe(1);
    expect(await sh.cmd('whoami')).toBe('admin');
    sh.close();
  });

  it('proxy: show network names the proxy, curl reports the refused tunnel, the connector is not enrolled', async () => {
    const d = withFault('proxy');
    const state = lab.device(d.name).state;
    const proxy = `${state.proxy?.host ?? ''}`;
    const sh = await Shell.open({ port: d.port });
    const network = await sh.cmd('show network');
    expect(network).toContain(`===============[ Proxy Information ]================\nState                     : Enabled\nHTTP Proxy Address        : ${proxy}\nHTTP Proxy Port           : 3128\nAuthentication            : Disabled`);
    sh.close();
    const root = await rootShell(d.port);
    const curl = await root.cmd('curl -v -m 10 https://api-sse.cisco.com --cacert /ngfw/etc/ssl/connectorCA.pem; echo rc=$?');
    expect(curl).toContain('> CONNECT api-sse.cisco.com:443 HTTP/1.1\n> Host: api-sse.cisco.com:443\n');
    expect(curl).toContain('< HTTP/1.1 503 Service Unavailable\n');
    const refusal: Record<CurlFlavour, string> = {
      '7.29-nss': `* About to connect() to proxy ${proxy} port 3128 (#0)\n`,
      '7.44': `*   Trying ${proxy}...\n* Connected to ${proxy} (${proxy}) port 3128 (#0)\n`,
      '8.x': `* Uses proxy env variable https_proxy == 'http://${proxy}:3128'\n`,
    };
    expect(curl).toContain(refusal[d.curlFlavour]);
    expect(curl).toMatch(d.curlFlavour === '8.x' ? /curl: \(56\) CONNECT tunnel failed, response 503\nrc=56$/ : /curl: \(56\) Received HTTP code 503 from proxy after CONNECT\nrc=56$/);
    // The connector's own API is local: no proxy in the way.
    expect(await root.cmd('curl -sS localhost:8989/v1/contexts/default')).toMatch(/"status":"Unenrolled","lastError":"registration failed: proxy [\d.]+:3128 refused the tunnel/);
    root.close();
  });

  describe('curl flavours on healthy devices', () => {
    const run = async (flavour: CurlFlavour, command: string): Promise<string> => {
      const sh = await rootShell(healthy(flavour).port);
      try {
        return await sh.cmd(command);
      } finally {
        sh.close();
      }
    };
    const cloud = 'curl -v -m 10 https://api-sse.cisco.com --cacert /ngfw/etc/ssl/connectorCA.pem 2>&1; echo rc=$?';

    // Per build: the first lines, lines that must appear in order, and the end.
    const healthyRun: Record<CurlFlavour, { head: string[]; has: string[]; end: RegExp }> = {
      '7.29-nss': {
        head: [
          '* About to connect() to api-sse.cisco.com port 443 (#0)',
          '*   Trying 52.4.85.66...',
          '* Connected to api-sse.cisco.com (52.4.85.66) port 443 (#0)',
          '* Initializing NSS with certpath: sql:/etc/pki/nssdb',
          '*   CAfile: /ngfw/etc/ssl/connectorCA.pem',
          '  CApath: none',
          '* SSL connection using TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
        ],
        has: ['\n* \tcommon name: api-sse.cisco.com\n', '\n> GET / HTTP/1.1\n> User-Agent: curl/7.29.0\n> Host: api-sse.cisco.com\n> Accept: */*\n'],
        end: /\n\* \tstart date: [A-Z][a-z]{2} \d\d \d\d:\d\d:\d\d \d{4} GMT\n[^]*\* Connection #0 to host api-sse\.cisco\.com left intact\nForbidden\nrc=0$/,
      },
      '7.44': {
        head: ['* Rebuilt URL to: https://api-sse.cisco.com/', '*   Trying 52.4.85.66...', '* Connected to api-sse.cisco.com (52.4.85.66) port 443 (#0)'],
        has: ['\n*  SSL certificate verify ok.\n> GET / HTTP/1.1\n> Host: api-sse.cisco.com\n> User-Agent: curl/7.44.0\n'],
        end: /\* Connection #0 to host api-sse\.cisco\.com left intact\nForbidden\nrc=0$/,
      },
      '8.x': {
        head: [
          '* Host api-sse.cisco.com:443 was resolved.',
          '* IPv6: (none)',
          '* IPv4: 52.4.85.66, 34.194.145.22',
          '*   Trying 52.4.85.66:443...',
          '* Connected to api-sse.cisco.com (52.4.85.66) port 443',
          '* ALPN: curl offers h2,http/1.1',
        ],
        has: ['\n*  SSL certificate verify ok.\n* using HTTP/1.x\n> GET / HTTP/1.1\n> Host: api-sse.cisco.com\n> User-Agent: curl/8.10.1\n'],
        end: /\* Connection #0 to host api-sse\.cisco\.com:443 left intact\nForbidden\nrc=0$/,
      },
    };

    it.each(Object.keys(healthyRun) as CurlFlavour[])('%s: a healthy device answers in the build wording', async (flavour) => {
      const want = healthyRun[flavour];
      const out = await run(flavour, cloud);
      expect(out.split('\n').slice(0, want.head.length)).toEqual(want.head);
      for (const part of want.has) expect(out).toContain(part);
      expect(out).toMatch(want.end);
    });

    it('words an unknown host as each build does', async () => {
      const unresolved: Record<CurlFlavour, string> = {
        '7.29-nss': '* Could not resolve host: nowhere.example; Name or service not known\n* Closing connection 0\ncurl: (6) Could not resolve host: nowhere.example; Name or service not known',
        '7.44': "* Rebuilt URL to: https://nowhere.example/\n* getaddrinfo(3) failed for nowhere.example:443\n* Couldn't resolve host 'nowhere.example'\n* Closing connection 0\ncurl: (6) Couldn't resolve host 'nowhere.example'",
        '8.x': '* Could not resolve host: nowhere.example\n* closing connection #0\ncurl: (6) Could not resolve host: nowhere.example',
      };
      for (const [flavour, text] of Object.entries(unresolved)) {
        expect(await run(flavour as CurlFlavour, 'curl -v https://nowhere.example 2>&1; echo rc=$?'), flavour).toBe(`${text}\nrc=6`);
      }
    });

  });
});
