// The lab's curl dialects against real captures (test/fixtures/real/curl/, SOURCES.md): every line of a real
// capture, with the values that differ between any two runs (host, address, port, path, dates, numbers, names)
// masked, must appear in the lab's output for the same situation, in the same order.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SimDevice } from '../../../src/lab/device/sim-device.js';
import type { CurlFlavour } from '../../../src/lab/shell/curl-flavours.js';
import { curl } from '../../../src/lab/shell/curl.js';

const REAL = join(import.meta.dirname, '../../fixtures/real/curl');

// Mask what varies between runs; keep the wording.
function shape(line: string): string {
  return line
    .replace(/(subject|issuer|common name|start date|expire date|CAfile): .*/, '$1: <v>')
    .replace(/\b\d{1,3}(?:\.\d{1,3}){3}\b/g, '<ip>')
    .replace(/\b(?=[a-z0-9.-]*[a-z])[a-z0-9-]+(?:\.[a-z0-9-]+)+\b/gi, '<host>')
    .replace(/\d+/g, '<n>');
}

function labRun(flavour: CurlFlavour, faults: string[], argv: string[]): string {
  const device = new SimDevice({ index: 3, name: 'ftd-004', region: 'us', faults, curlFlavour: flavour });
  const r = curl(argv, { device, root: true, cwd: '/root', stdin: undefined, timeScale: 0, sshPeer: '127.0.0.1:50000' });
  return r.out.map((o) => o.text).join('') + `rc=${r.status}\n`;
}

function expectFollows(real: string, lab: string): void {
  const labShapes = lab.split('\n').map(shape);
  let at = 0;
  for (const line of real.split('\n').filter((l) => l.trim() !== '')) {
    const want = shape(line);
    const found = labShapes.indexOf(want, at);
    expect(found, `real line not in the lab's output (in order): ${JSON.stringify(line)}\nlab:\n${lab}`).toBeGreaterThanOrEqual(at);
    at = found + 1;
  }
}

describe('lab curl dialects follow real captures', () => {
  it('7.29-nss behind TLS interception is the mkcert NSS capture, line for line', () => {
    const real = readFileSync(join(REAL, 'mkcert-notes-nss-7.29-unknown-issuer-60.txt'), 'utf8');
    const lab = labRun('7.29-nss', ['tls-intercept'], ['curl', '-v', 'https://api-sse.cisco.com']);
    expectFollows(real, lab);
    expect(lab).toMatch(/rc=60\n$/);
  });

  it('8.x on a blocked path opens like the cv_deploy capture (resolved, IPv6 none, IPv4 list, Trying ip:port)', () => {
    const real = readFileSync(join(REAL, 'arista-cvdeploy-doc-8.x-k-two-address-timeout-28.txt'), 'utf8').split('\n').slice(0, 4).join('\n');
    expectFollows(real, labRun('8.x', ['egress-blocked'], ['curl', '-v', 'https://api-sse.cisco.com']));
  });

  it('8.x through a refusing proxy ends as the 8.0.1 proxy capture does (CONNECT, 503, tunnel failed, exit 56)', () => {
    // The 8.0.1 capture's `(#0)` and `Closing connection 0` are older than the 8.1x wording the lab follows.
    const real = readFileSync(join(REAL, 'moff-ch-8.0.1-proxy-connect-503.txt'), 'utf8')
      .split('\n')
      // Response headers are the proxy's own, not curl's wording.
      .filter((l) => !/^\* (Connected to|Closing connection)|^< (?!HTTP)./.test(l))
      .map((l) => l.replace('Connect failed', 'Service Unavailable'))
      .join('\n');
    const lab = labRun('8.x', ['proxy'], ['curl', '-v', 'https://api-sse.cisco.com']);
    expectFollows(real.replace("https_proxy == 'http://localhost:8888'", "https_proxy == 'http://<ip>:<n>'"), lab);
  });

  it('7.44 through a refusing proxy says what curl 7.x says (Received HTTP code … from proxy after CONNECT, exit 56)', () => {
    const real = readFileSync(join(REAL, 'ngx-proxy-connect-173-proxy-403-7.69.txt'), 'utf8')
      .split('\n')
      // 7.55+ added the connect-buffer and CONNECT-phase lines; the nginx headers are that proxy's own.
      .filter((l) => !/allocate connect buffer|CONNECT phase completed|^< (?!HTTP)./.test(l))
      .map((l) => l.replace('403 Forbidden', '503 Service Unavailable').replace(/code 403/g, 'code 503'))
      .join('\n');
    const lab = labRun('7.44', ['proxy'], ['curl', '-v', 'https://api-sse.cisco.com']);
    expectFollows(real, lab);
  });
});
