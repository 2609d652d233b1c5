// The shipped playbooks' checks, judged on parser facts from real samples: each `that` must pass on a
// healthy device's output and fail on the faulty one, and every command and remedy must render for a host.
import { describe, expect, it } from 'vitest';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPlaybook } from '../../../src/playbook/index.js';
import type { Play, Step } from '../../../src/playbook/model.js';
import { evaluateBool, renderTemplate, renderValue } from '../../../src/template/index.js';
import { parseOutput } from '../../../src/parsers/index.js';
import { sample } from './fixture.js';
import { readFileSync } from 'node:fs';

const REAL = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'real');
const real = (path: string): string => readFileSync(join(REAL, path), 'utf8');

const PLAYBOOKS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'playbooks');
const HOST = { inventory_hostname: 'ftd-edge-07', ansible_host: '198.51.100.7', group_names: ['ftd'], dns_servers: ['192.0.2.53', '192.0.2.54'] };

async function play(file: string): Promise<Play> {
  const pb = await loadPlaybook(join(PLAYBOOKS, file));
  expect(pb.plays).toHaveLength(1);
  return pb.plays[0] as Play;
}

function step(p: Play, id: string): Step {
  const s = p.steps.find((x) => x.id === id);
  if (s === undefined) throw new Error(`no step ${id}`);
  return s;
}

// Does the step's check pass on this output, for a host with these vars?
function passes(s: Step, output: string, vars: Record<string, unknown>): boolean {
  const check = s.check;
  if (check?.parse === undefined) throw new Error(`step ${s.id} has no parser`);
  // The parser is told the rendered command, as the engine does (curl's -k changes what a response proves).
  const facts = parseOutput(check.parse, output, { command: renderTemplate(check.command!, vars) });
  return (check.expect.that ?? []).every((e) => evaluateBool(e, { ...vars, facts, output, exit_status: 0 }));
}

const CURL_TIMEOUT = '* Rebuilt URL to: https://mx01.sse.itd.cisco.com/\n*   Trying 3.217.240.201...\n* Connection timed out after 10001 milliseconds\n* Closing connection 0\ncurl: (28) Connection timed out after 10001 milliseconds\n';
const CURL_VERIFIED = '*   Trying 52.4.85.66...\n* Connected to api-sse.cisco.com (52.4.85.66) port 443 (#0)\n*   CAfile: /ngfw/etc/ssl/connectorCA.pem\n*  SSL certificate verify ok.\n> GET / HTTP/1.1\n< HTTP/1.1 403 Forbidden\n* Connection #0 to host api-sse.cisco.com left intact\nForbidden\n';
const CURL_INTERCEPTED = '*   Trying 52.4.85.66...\n* Connected to api-sse.cisco.com (52.4.85.66) port 443 (#0)\n* SSL certificate problem: self signed certificate in certificate chain\n* Closing connection 0\ncurl: (60) SSL certificate problem: self signed certificate in certificate chain\n';
const NXDOMAIN = "Server:\t\t198.51.100.53\nAddress:\t198.51.100.53#53\n\n** server can't find api-sse.cisco.com: NXDOMAIN\n";

describe('cloud-config-failure.yml', () => {
  it('has exactly the contract step ids, in order, each with a one-line doc naming a DOMAIN.md step', async () => {
    const p = await play('cloud-config-failure.yml');
    expect(p.steps.map((s) => s.id)).toEqual([
      'dns-configured',
      'dns-resolves',
      'cloud-reachable',
      'tls-path',
      'connector-properties',
      'connector-enabled',
      'eventhandler-socket',
      'connector-enrolled',
    ]);
    for (const s of p.steps) expect(s.doc).toMatch(/^DOMAIN\.md steps? \d/);
    expect(p.vars).toMatchObject({ sse_region: 'us', reboot_timeout: 900 });
  });

  it('passes dns-configured with two DNS servers and fails it on the no-DNS sample', async () => {
    const p = await play('cloud-config-failure.yml');
    const vars = { ...p.vars, ...HOST };
    expect(passes(step(p, 'dns-configured'), sample('show-network/fpr2100-623-two-dns.txt'), vars)).toBe(true);
    expect(passes(step(p, 'dns-configured'), sample('show-network/ftdv-br1-no-dns.txt'), vars)).toBe(false);
  });

  it('renders the DNS fix from dns_servers, for both DNS steps, in clish', async () => {
    const p = await play('cloud-config-failure.yml');
    const vars = { ...p.vars, ...HOST };
    for (const id of ['dns-configured', 'dns-resolves']) {
      const [fix] = step(p, id).fix;
      expect(fix?.kind).toBe('command');
      if (fix?.kind === 'command') {
        expect(renderTemplate(fix.command, vars)).toBe('configure network dns servers 192.0.2.53,192.0.2.54');
        expect(fix.mode ?? step(p, id).mode).toBe('clish');
      }
    }
  });

  it('passes dns-resolves on the seed answer and fails it on NXDOMAIN from a bad server', async () => {
    const p = await play('cloud-config-failure.yml');
    const s = step(p, 'dns-resolves');
    const vars = { ...p.vars, ...HOST };
    expect(renderTemplate(s.check?.command ?? { src: '', pos: s.pos }, vars)).toBe('nslookup api-sse.cisco.com');
    expect(passes(s, sample('nslookup/seed-004-api-sse-cname.txt'), vars)).toBe(true);
    expect(passes(s, NXDOMAIN, vars)).toBe(false);
  });

  it('loops cloud-reachable over the five hosts of each region and passes on a 403, fails on a timeout', async () => {
    const p = await play('cloud-config-failure.yml');
    const s = step(p, 'cloud-reachable');
    for (const [region, api] of [['us', 'api-sse.cisco.com'], ['eu', 'api.eu.sse.itd.cisco.com'], ['apj', 'api.apj.sse.itd.cisco.com']] as const) {
      const vars = { ...p.vars, ...HOST, sse_region: region };
      const hosts = renderValue(s.loop as { src: string; pos: Step['pos'] }, vars) as string[];
      expect(hosts).toHaveLength(5);
      expect(hosts).toContain(api);
      expect(hosts).toContain('est.sco.cisco.com');
      expect(renderTemplate(s.check?.command ?? { src: '', pos: s.pos }, { ...vars, item: api })).toBe(
        `curl -v -m 10 https://${api} --cacert /ngfw/etc/ssl/connectorCA.pem`,
      );
    }
    const vars = { ...p.vars, ...HOST, item: 'api-sse.cisco.com' };
    expect(passes(s, sample('curl/seed-004-k-403-left-intact.txt'), vars)).toBe(true);
    expect(passes(s, CURL_INTERCEPTED, vars)).toBe(true);
    expect(passes(s, CURL_TIMEOUT, vars)).toBe(false);
    expect(passes(s, sample('curl/seed-004-cannot-resolve.txt'), vars)).toBe(false);
  });

  it('names the host, address, region, blocked host and every host to allow in the egress remedy', async () => {
    const p = await play('cloud-config-failure.yml');
    const s = step(p, 'cloud-reachable');
    const network = { facts: parseOutput('show_network', sample('show-network/fpr2100-623-two-dns.txt')) };
    const text = renderTemplate(s.remedy ?? { src: '', pos: s.pos }, { ...p.vars, ...HOST, network, sse_region: 'eu', item: 'mx01.eu.sse.itd.cisco.com' });
    for (const part of ['ftd-edge-07', '198.51.100.7', 'region eu', 'mx01.eu.sse.itd.cisco.com', 'dex.eu.sse.itd.cisco.com', 'by name', '443/tcp', '8989/tcp', 'host is unreachable']) {
      expect(text).toContain(part);
    }
  });

  it('tells a proxy refusing the tunnel from an unreachable host, on real curl captures', async () => {
    const p = await play('cloud-config-failure.yml');
    const s = step(p, 'cloud-reachable');
    const [proxyCheck, connectedCheck] = s.check?.expect.that ?? [];
    const vars = { ...p.vars, ...HOST, item: 'api-sse.cisco.com' };
    const judge = (file: string) => {
      const output = real(`curl/${file}`);
      const facts = parseOutput('curl', output, { command: renderTemplate(s.check!.command!, vars) });
      return [proxyCheck, connectedCheck].map((e) => evaluateBool(e!, { ...vars, facts, output }));
    };
    // The proxy answered 503 / dropped the CONNECT: the proxy expectation fails (the proxy's status is not the cloud's).
    expect(judge('moff-ch-8.0.1-proxy-connect-503.txt')).toEqual([false, false]);
    expect(judge('balboa-1-proxy-connect-aborted-7.43.txt')).toEqual([false, false]);
    // No proxy, every address timed out: only the reachability expectation fails.
    expect(judge('arista-cvdeploy-doc-8.x-k-two-address-timeout-28.txt')).toEqual([true, false]);
    // A tunnel that opened, and a direct 8.x connection after a fallback address: both hold.
    expect(judge('moff-ch-8.0.1-proxy-tunnel-ok-verify-ok-200.txt')).toEqual([true, true]);
    expect(judge('wsl-notes-8.18-established-verified-via-openssl.txt')).toEqual([true, true]);
    expect(judge('govuk-arp-doc-fallback-timeout-then-connected.txt')).toEqual([true, true]);
  });

  it('names the device proxy from show network and CSCvs05084 in the cloud-reachable remedy', async () => {
    const p = await play('cloud-config-failure.yml');
    const s = step(p, 'cloud-reachable');
    const network = { facts: { proxy_enabled: true, proxy_address: '192.0.2.8', proxy_port: 3128 } };
    const text = renderTemplate(s.remedy ?? { src: '', pos: s.pos }, { ...p.vars, ...HOST, network, item: 'api-sse.cisco.com' });
    expect(text).toContain('HTTP proxy 192.0.2.8:3128 set on this device (show network, Proxy Information) refused the tunnel');
    expect(text).toContain('CSCvs05084');
    expect(text).toContain('api-sse.cisco.com');
    const none = renderTemplate(s.remedy ?? { src: '', pos: s.pos }, { ...p.vars, ...HOST, network: { facts: {} }, item: 'api-sse.cisco.com' });
    expect(none).toContain('CSCvs05084');
    expect(none).not.toContain('192.0.2.8');
  });

  it('passes tls-path only when the connector CA verifies the certificate, and cites CSCvs05084', async () => {
    const p = await play('cloud-config-failure.yml');
    const s = step(p, 'tls-path');
    const vars = { ...p.vars, ...HOST };
    expect(passes(s, CURL_VERIFIED, vars)).toBe(true);
    expect(passes(s, CURL_INTERCEPTED, vars)).toBe(false);
    expect(passes(s, sample('curl/seed-004-k-403-left-intact.txt'), vars)).toBe(false);
    expect(renderTemplate(s.remedy ?? { src: '', pos: s.pos }, vars)).toContain('CSCvs05084');
    // Not one phrase: curl 8.x's wording, a verified tunnel through a proxy, and NSS failures all decide it.
    expect(passes(s, real('curl/wsl-notes-8.18-established-verified-via-openssl.txt'), vars)).toBe(true);
    expect(passes(s, real('curl/moff-ch-8.0.1-proxy-tunnel-ok-verify-ok-200.txt'), vars)).toBe(true);
    expect(passes(s, real('curl/montymthl-http-proxy-7.79-schannel-tunnel-200.txt'), vars)).toBe(true);
    expect(passes(s, real('curl/mkcert-notes-nss-7.29-unknown-issuer-60.txt'), vars)).toBe(false);
    expect(passes(s, real('curl/k8s-doc-nss-unknown-issuer-no-exit-line.txt'), vars)).toBe(false);
  });

  it('passes connector-properties on the seed for region us and fails it for a device in region eu', async () => {
    const p = await play('cloud-config-failure.yml');
    const s = step(p, 'connector-properties');
    expect(passes(s, sample('connector-properties/seed-004.txt'), { ...p.vars, ...HOST })).toBe(true);
    expect(passes(s, sample('connector-properties/seed-004.txt'), { ...p.vars, ...HOST, sse_region: 'eu' })).toBe(false);
    expect(passes(s, sample('connector-properties/seed-000.txt').replace('8989', '8990'), { ...p.vars, ...HOST })).toBe(false);
  });

  it('passes connector-enabled only when SSEConnector is Running, including when grep found nothing', async () => {
    const p = await play('cloud-config-failure.yml');
    const s = step(p, 'connector-enabled');
    const vars = { ...p.vars, ...HOST };
    expect(passes(s, sample('pmtool-status/cisco-225776-grep-sse.txt'), vars)).toBe(true);
    expect(passes(s, 'SSEConnector (system) - User Disabled\n', vars)).toBe(false);
    expect(passes(s, '', vars)).toBe(false);
  });

  it('passes eventhandler-socket on the connected seed sample, fails on the LISTENING-only one, and fixes with disable, enable, reboot', async () => {
    const p = await play('cloud-config-failure.yml');
    const s = step(p, 'eventhandler-socket');
    const vars = { ...p.vars, ...HOST, reboot_timeout: 30 };
    expect(passes(s, sample('netstat-unix/seed-000-connected.txt'), vars)).toBe(true);
    expect(passes(s, sample('netstat-unix/seed-000-listening-only.txt'), vars)).toBe(false);
    expect(s.fix.map((a) => (a.kind === 'command' ? a.command.src : 'reboot'))).toEqual([
      'pmtool disablebyid SSEConnector',
      'pmtool enablebyid SSEConnector',
      'reboot',
    ]);
    const reboot = s.fix[2];
    if (reboot?.kind === 'reboot' && typeof reboot.timeoutS !== 'number') expect(renderValue(reboot.timeoutS, vars)).toBe(30);
  });

  it('passes connector-enrolled on an Enrolled context and fails on the 404 of cloud integration off', async () => {
    const p = await play('cloud-config-failure.yml');
    const s = step(p, 'connector-enrolled');
    const vars = { ...p.vars, ...HOST };
    expect(renderTemplate(s.check?.command ?? { src: '', pos: s.pos }, vars)).toBe('curl -sS localhost:8989/v1/contexts/default');
    expect(passes(s, sample('connector-context/ftd-cli-enrolled.json'), vars)).toBe(true);
    expect(passes(s, '{"error":"context default not found"}', vars)).toBe(false);
    expect(passes(s, sample('connector-context/connector-down.txt'), vars)).toBe(false);
    expect(renderTemplate(s.remedy ?? { src: '', pos: s.pos }, vars)).toMatch(/Health > Policy.*Enabled: Off/);
  });

  it('gates later steps so a blocked upstream is reported once rather than cascading', async () => {
    const p = await play('cloud-config-failure.yml');
    const deps = Object.fromEntries(p.steps.map((s) => [s.id, s.dependsOn]));
    expect(deps['dns-resolves']).toEqual(['dns-configured']);
    expect(deps['cloud-reachable']).toEqual(['dns-resolves']);
    expect(deps['tls-path']).toEqual(['cloud-reachable']);
    expect(deps['eventhandler-socket']).toEqual(expect.arrayContaining(['connector-enabled', 'cloud-reachable']));
    expect(deps['connector-enrolled']).toEqual(expect.arrayContaining(['tls-path', 'connector-properties', 'connector-enabled', 'eventhandler-socket']));
  });

  it('renders every command and remedy for a host, with the host name and address in every remedy', async () => {
    const p = await play('cloud-config-failure.yml');
    for (const s of p.steps) {
      const vars = { ...p.vars, ...HOST, item: 'api-sse.cisco.com' };
      if (s.check) expect(renderTemplate(s.check.command!, vars)).not.toMatch(/\{\{|undefined/);
      const remedy = renderTemplate(s.remedy ?? { src: '', pos: s.pos }, vars);
      expect(remedy).toContain('198.51.100.7');
    }
  });
});

describe('connectivity-check.yml', () => {
  it('never sends a fix', async () => {
    const p = await play('connectivity-check.yml');
    for (const s of p.steps) {
      expect(s.fix).toEqual([]);
      expect(s.remedy).toBeDefined();
    }
  });

  it('checks 443 to the region and AMP names and 8989 to the API host', async () => {
    const p = await play('connectivity-check.yml');
    const vars = { ...p.vars, ...HOST };
    expect(renderValue(step(p, 'amp-https').loop as { src: string; pos: Step['pos'] }, vars)).toEqual([
      'cloud-sa.amp.cisco.com',
      'cloud-sa.amp.sourcefire.com',
      'api.amp.sourcefire.com',
      'panacea.threatgrid.com',
    ]);
    const s = step(p, 'sse-port-8989');
    expect(renderTemplate(s.check?.command ?? { src: '', pos: s.pos }, vars)).toBe('curl -v -k -m 10 https://api-sse.cisco.com:8989');
  });

  it('flags SYN_SENT connector traffic and a log ending in a dial timeout, but not a recovered log', async () => {
    const p = await play('connectivity-check.yml');
    const vars = { ...p.vars, ...HOST };
    expect(passes(step(p, 'events-flowing'), sample('lsof-inet/seed-000-syn-sent.txt'), vars)).toBe(false);
    expect(passes(step(p, 'events-flowing'), sample('lsof-inet/ftd-cli-template.txt'), vars)).toBe(true);
    const log = step(p, 'connector-log');
    const timeouts = sample('connector-log/seed-000-dial-timeouts.txt');
    expect(passes(log, timeouts, vars)).toBe(false);
    expect(passes(log, `${timeouts}time="2020-04-13T15:00:00Z" level=info msg="Connected to wss://eventing-ingest.sse.itd.cisco.com/v1/events"\n`, vars)).toBe(true);
  });
});

describe('sse-connector-restart.yml', () => {
  it('runs one unit at a time and stops the rollout on the first failure', async () => {
    const p = await play('sse-connector-restart.yml');
    expect(p.serial).toEqual([1]);
    expect(p.maxFailPercentage).toBe(0);
  });

  it('refuses to restart when the HA peer is not ready, and allows it for a standalone unit or a Standby Ready peer', async () => {
    const p = await play('sse-connector-restart.yml');
    const s = step(p, 'ha-peer-ready');
    const vars = { ...p.vars, ...HOST };
    const pair = sample('show-failover/ftdv-918-primary-active.txt');
    expect(passes(s, pair, vars)).toBe(true);
    expect(passes(s, sample('show-failover/standalone-off.txt'), vars)).toBe(true);
    expect(passes(s, pair.replace('Secondary - Standby Ready', 'Secondary - Failed'), vars)).toBe(false);
    expect(passes(s, pair.replace('Secondary - Standby Ready', 'Secondary - Cold Standby'), vars)).toBe(false);
  });

  it('accepts 6.4 and later and refuses 6.3', async () => {
    const p = await play('sse-connector-restart.yml');
    const s = step(p, 'version-supported');
    const vars = { ...p.vars, ...HOST };
    expect(passes(s, sample('show-version/ftdv-650-fdm65.txt'), vars)).toBe(true);
    expect(passes(s, sample('show-version/fp1010-742.txt'), vars)).toBe(true);
    expect(passes(s, sample('show-version/ftdv-650-fdm65.txt').replace('Version 6.5.0', 'Version 6.3.0'), vars)).toBe(false);
  });

  it('restarts only a connector whose socket is not CONNECTED, after both preconditions', async () => {
    const p = await play('sse-connector-restart.yml');
    const s = step(p, 'connector-restarted');
    expect(s.dependsOn).toEqual(['version-supported', 'ha-peer-ready', 'connector-enabled']);
    expect(passes(s, sample('netstat-unix/seed-000-connected.txt'), { ...p.vars, ...HOST })).toBe(true);
    expect(passes(s, sample('netstat-unix/seed-000-listening-only.txt'), { ...p.vars, ...HOST })).toBe(false);
  });
});
