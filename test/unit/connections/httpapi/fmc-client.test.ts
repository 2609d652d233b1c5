// The httpapi client against a real HTTPS server on 127.0.0.1 (test/helpers/fmc-test-server.ts) with a test CA.
import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Connection, ConnectionOptions } from '../../../../src/connections/connection.js';
import type { FmcConnection } from '../../../../src/connections/httpapi/fmc-connection.js';
import { FmcClient } from '../../../../src/connections/httpapi/fmc-client.js';
import { httpapiKind } from '../../../../src/connections/httpapi/kind.js';
import { FmcLimiter, type Clock } from '../../../../src/connections/httpapi/rate-limit.js';
import type { FmcTarget } from '../../../../src/connections/httpapi/target.js';
import { FiremendError, UNREACHABLE_CODES } from '../../../../src/errors.js';
import { recorded, recordedHeader, replay } from '../../../helpers/fmc-fixtures.js';
import { GLOBAL_UUID, startTestFmc, type TestFmc, type TestFmcOptions } from '../../../helpers/fmc-test-server.js';
import { makeTestPki, type TestPki } from '../../../helpers/test-ca.js';

const PASSWORD = 'fmc-test-password';
const DEVICES = '/api/fmc_config/v1/domain/e276abec-e0f2-11e3-8169-6d9ed49b625f/devices/devicerecords';

let pki: TestPki;
let fmc: TestFmc | undefined;
const opened: { close(): Promise<void> | void }[] = [];

beforeAll(async () => {
  pki = await makeTestPki();
});
afterAll(async () => {
  await pki.cleanup();
});
afterEach(async () => {
  for (const c of opened.splice(0)) await c.close();
  await fmc?.close();
  fmc = undefined;
});

async function start(opts: Partial<TestFmcOptions> = {}): Promise<TestFmc> {
  fmc = await startTestFmc(pki, opts);
  return fmc;
}

function target(port: number, vars: Record<string, unknown> = {}): FmcTarget {
  return httpapiKind.resolveTarget(
    { inventory_hostname: 'fmc1', ansible_host: '127.0.0.1', ansible_httpapi_port: port, ansible_user: 'apiuser', firemend_password_env: 'FMC_PW', firemend_ca_file: pki.caFile, ...vars },
    { FMC_PW: PASSWORD },
  );
}

interface Heard {
  transcript: string[];
  progress: string[];
  warnings: string[];
}

function connOptions(heard: Heard, readOnly = false): ConnectionOptions {
  return {
    connectTimeoutMs: 10_000,
    commandTimeoutMs: 10_000,
    readOnly,
    onTranscript: (d, t) => heard.transcript.push(`${d}: ${t}`),
    onProgress: (m) => heard.progress.push(m),
    onWarning: (m) => heard.warnings.push(m),
  };
}

const heardNew = (): Heard => ({ transcript: [], progress: [], warnings: [] });

// Each test gets its own limiter at a high rate (the rate itself is tested with a virtual clock).
async function openClient(t: FmcTarget, heard = heardNew(), extra: { clock?: Clock; pageSize?: number } = {}): Promise<FmcClient> {
  const c = await FmcClient.open(t, {
    connectTimeoutMs: 10_000,
    requestTimeoutMs: 10_000,
    onTranscript: (d, x) => heard.transcript.push(`${d}: ${x}`),
    onProgress: (m) => heard.progress.push(m),
    onWarning: (m) => heard.warnings.push(m),
    limiter: new FmcLimiter(100_000, extra.clock),
    ...extra,
  });
  opened.push(c);
  return c;
}

async function openConn(t: FmcTarget, heard: Heard, readOnly = false): Promise<Connection> {
  const c = await httpapiKind.open(t, connOptions(heard, readOnly));
  opened.push(c);
  return c;
}

async function failure(p: Promise<unknown>): Promise<FiremendError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof FiremendError) return err;
    throw err;
  }
  throw new Error('expected a failure');
}

function devices(n: number): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) => ({ id: `dev-${i}`, type: 'Device', name: `ftd-${String(i).padStart(3, '0')}`, hostName: `10.0.0.${i + 1}` }));
}

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

describe('opening an FMC connection', () => {
  it('logs in, chooses Global, reads the version and runs a GET', async () => {
    const s = await start({ collections: { 'devices/devicerecords': devices(3) } });
    const heard = heardNew();
    const conn = await openConn(target(s.port), heard);
    expect((conn as FmcConnection).vars).toEqual({ fmc_domain_uuid: GLOBAL_UUID, fmc_domain_name: 'Global', fmc_server_version: '7.2.4 (build 123)' });
    const r = await conn.run({ kind: 'api', method: 'GET', path: DEVICES, query: { expanded: 'true' } }, 'check');
    expect(r.facts?.status).toBe(200);
    expect((r.facts?.items as { name: string }[]).map((d) => d.name)).toEqual(['ftd-000', 'ftd-001', 'ftd-002']);
    expect(JSON.parse(r.output)).toMatchObject({ items: [{ name: 'ftd-000' }, {}, {}] });
    expect(r.deviceError).toBeUndefined();
    expect(s.audit.map((a) => `${a.method} ${a.path} ${a.status}`)).toEqual([
      'POST /api/fmc_platform/v1/auth/generatetoken 204',
      'GET /api/fmc_platform/v1/info/serverversion?limit=1000 200',
      `GET ${DEVICES}?expanded=true&limit=1000 200`,
    ]);
    expect(heard.warnings).toEqual([]);
  });

  it('is unreachable with E_AUTH on a wrong password, and never says the password', async () => {
    const s = await start();
    const err = await failure(openConn(httpapiKind.resolveTarget({ inventory_hostname: 'fmc1', ansible_host: '127.0.0.1', ansible_httpapi_port: s.port, ansible_user: 'apiuser', ansible_password: 'wrong-password-1', firemend_ca_file: pki.caFile }, {}), heardNew()));
    expect(err.code).toBe('E_AUTH');
    expect(UNREACHABLE_CODES.has(err.code)).toBe(true);
    expect(err.message).toContain('fmc1 (127.0.0.1:');
    expect(err.message).toContain('User authentication failed.');
    expect(err.message).not.toContain('wrong-password-1');
    expect(s.counts.failedLogins).toBe(1);
  });

  it('is unreachable with E_TLS_CERT when the certificate is signed by another CA, or by none the system trusts', async () => {
    const s = await start();
    const other = await failure(openConn(target(s.port, { firemend_ca_file: pki.otherCaFile }), heardNew()));
    expect(other.code).toBe('E_TLS_CERT');
    expect(UNREACHABLE_CODES.has('E_TLS_CERT')).toBe(true);
    expect(other.message).toMatch(/fmc1 \(127\.0\.0\.1:\d+\): POST \/api\/fmc_platform\/v1\/auth\/generatetoken: the FMC certificate is not trusted/);
    const system = await failure(openConn(target(s.port, { firemend_ca_file: undefined }), heardNew()));
    expect(system.code).toBe('E_TLS_CERT');
    // Nothing reached the server: the password was never sent.
    expect(s.audit).toEqual([]);
  });

  it('is E_TLS_CERT when the certificate, signed by the trusted CA, names another host', async () => {
    fmc = await startTestFmc(pki.wrongName);
    const err = await failure(openConn(target(fmc.port), heardNew()));
    expect(err.code).toBe('E_TLS_CERT');
    expect(err.message).toContain('ERR_TLS_CERT_ALTNAME_INVALID');
    expect(fmc.audit).toEqual([]);
  });

  it('warns on every open when certificate checks are off', async () => {
    const s = await start();
    const heard = heardNew();
    const t = target(s.port, { firemend_ca_file: undefined, ansible_httpapi_validate_certs: 'false' });
    await openConn(t, heard);
    await openConn(t, heard);
    expect(heard.warnings).toHaveLength(2);
    expect(heard.warnings[0]).toMatch(/fmc1 \(127\.0\.0\.1:\d+\): ansible_httpapi_validate_certs is false: the FMC's certificate and host name are NOT checked/);
  });

  it('is E_CONNECT_REFUSED when nothing listens', async () => {
    const err = await failure(openConn(target(await freePort()), heardNew()));
    expect(err.code).toBe('E_CONNECT_REFUSED');
  });

  it('is E_TLS_CERT naming the file when the CA file cannot be read', async () => {
    const s = await start();
    const err = await failure(openConn(target(s.port, { firemend_ca_file: `${pki.dir}/missing.pem` }), heardNew()));
    expect(err.code).toBe('E_TLS_CERT');
    expect(err.message).toContain('missing.pem (ENOENT)');
  });

  it('uses the domain named by fmc_domain, by name or UUID, and refuses an unknown one', async () => {
    const branch = { name: 'Global/Branch', uuid: '11111111-2222-3333-4444-555555555555' };
    const s = await start({ domains: [{ name: 'Global', uuid: GLOBAL_UUID }, branch], collections: { 'devices/devicerecords': devices(1) } });
    const byName = await openConn(target(s.port, { fmc_domain: 'Branch' }), heardNew());
    expect((byName as FmcConnection).vars.fmc_domain_uuid).toBe(branch.uuid);
    const r = await byName.run({ kind: 'api', method: 'GET', path: `/api/fmc_config/v1/domain/${branch.uuid}/devices/devicerecords` }, 'check');
    expect(r.facts?.status).toBe(200);
    const byUuid = await openConn(target(s.port, { fmc_domain: branch.uuid }), heardNew());
    expect((byUuid as FmcConnection).vars.fmc_domain_name).toBe('Global/Branch');
    const err = await failure(openConn(target(s.port, { fmc_domain: 'Nope' }), heardNew()));
    expect(err.code).toBe('E_USAGE');
    expect(err.message).toContain("fmc_domain: no domain 'Nope' for this user (domains: Global, Global/Branch)");
  });
});

describe('collections', () => {
  it('reads every page and joins the items', async () => {
    const s = await start({ pageCap: 4, collections: { 'devices/devicerecords': devices(10) } });
    const c = await openClient(target(s.port));
    const r = await c.request({ method: 'GET', path: `${DEVICES}?expanded=true` });
    expect(r.items?.map((d) => (d as { id: string }).id)).toEqual(devices(10).map((d) => d.id));
    expect((r.body as { items: unknown[] }).items).toHaveLength(10);
    expect(s.audit.filter((a) => a.path.startsWith(DEVICES)).map((a) => a.path)).toEqual([
      `${DEVICES}?expanded=true&limit=1000`,
      `${DEVICES}?expanded=true&limit=4&offset=4`,
      `${DEVICES}?expanded=true&limit=4&offset=8`,
    ]);
  });

  it('reads an empty collection with no items key as no items', async () => {
    const s = await start({ collections: { 'devices/devicerecords': [] } });
    const c = await openClient(target(s.port));
    const r = await c.request({ method: 'GET', path: DEVICES });
    expect(r.status).toBe(200);
    expect(r.items).toEqual([]);
  });

  it('follows the recorded sandbox page to the next offset on the FMC it talks to', async () => {
    const groups = '/api/fmc_config/v1/domain/e276abec-e0f2-11e3-8169-6d9ed49b625f/object/networkgroups';
    const page1 = recorded('postman-networkgroups-limit10-200.json');
    const empty = recorded('postman-devicerecords-empty-200.json');
    const s = await start();
    s.options.answer = (method, path) => {
      if (method !== 'GET' || path !== groups) return undefined;
      const asked = s.audit.filter((a) => a.path.startsWith(groups)).length;
      return replay(asked === 0 ? page1 : empty);
    };
    const c = await openClient(target(s.port));
    const r = await c.request({ method: 'GET', path: groups, query: { limit: '10' } });
    expect(r.items).toHaveLength(10);
    expect(s.audit.filter((a) => a.path.startsWith(groups)).map((a) => a.path)).toEqual([`${groups}?limit=10`, `${groups}?offset=10&limit=10`]);
  });
});

describe('tokens', () => {
  it('refreshes at most 3 times, then logs in again, and every answer is the same', async () => {
    const s = await start({ tokenUses: 1, collections: { 'devices/devicerecords': devices(2) } });
    const c = await openClient(target(s.port));
    for (let i = 0; i < 12; i += 1) {
      const r = await c.request({ method: 'GET', path: DEVICES });
      expect(r.status).toBe(200);
      expect(r.items).toHaveLength(2);
    }
    expect(c.auth.counts.logins).toBeGreaterThanOrEqual(3);
    expect(c.auth.counts.refreshes).toBeGreaterThanOrEqual(6);
    expect(c.auth.counts.refreshes).toBeLessThanOrEqual(3 * c.auth.counts.logins);
    // The client never asked for a 4th refresh of one login: the server refused none.
    expect(s.audit.filter((a) => a.path.endsWith('/refreshtoken') && a.status !== 204)).toEqual([]);
    expect(s.counts.refreshes).toBe(c.auth.counts.refreshes);
  });

  it('logs in again when the FMC refuses the refresh token (recorded 401 and 400 answers)', async () => {
    for (const file of ['postman-refreshtoken-401-obsolete.json', 'postman-refreshtoken-400-missing.json']) {
      const s = await start({ collections: { 'devices/devicerecords': devices(1) } });
      s.options.answer = (method, path) => (path.endsWith('/auth/refreshtoken') ? replay(recorded(file)) : undefined);
      const c = await openClient(target(s.port));
      s.expireAllTokens();
      const r = await c.request({ method: 'GET', path: DEVICES });
      expect(r.status).toBe(200);
      expect(s.counts.logins).toBe(2);
      await fmc?.close();
      fmc = undefined;
    }
  });

  it('renews once when concurrent requests all see the same 401', async () => {
    const s = await start({ collections: { 'devices/devicerecords': devices(1) } });
    const c = await openClient(target(s.port));
    s.expireAllTokens();
    const rs = await Promise.all(Array.from({ length: 6 }, () => c.request({ method: 'GET', path: DEVICES })));
    expect(rs.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(s.counts.refreshes + s.counts.logins - 1).toBe(1);
  });

  it('answers a second 401 in a row as the result, not a loop', async () => {
    const s = await start();
    s.options.answer = (method, path) => (path === DEVICES ? replay(recorded('postman-generatetoken-401-invalid-creds.json')) : undefined);
    const conn = await openConn(target(s.port), heardNew());
    const r = await conn.run({ kind: 'api', method: 'GET', path: DEVICES }, 'check');
    expect(r.facts?.status).toBe(401);
    expect(r.deviceError).toBe(`GET ${DEVICES}: HTTP 401: User authentication failed.`);
    expect(s.audit.filter((a) => a.path.startsWith(DEVICES))).toHaveLength(2);
  });

  it('reads the recorded sandbox login answer: tokens, DOMAIN_UUID and DOMAINS', async () => {
    const login = recorded('postman-generatetoken-204.json');
    const access = recordedHeader(login, 'X-auth-access-token') as string;
    const s = await start();
    s.options.answer = (method, path, headers) => {
      if (path.endsWith('/generatetoken')) return replay(login);
      return headers['x-auth-access-token'] === access ? { status: 200, body: '{"items":[{"serverVersion":"6.6.0 (build 90)"}]}' } : { status: 401 };
    };
    const heard = heardNew();
    const c = await openClient(target(s.port), heard);
    expect(c.domain).toEqual({ name: 'Global', uuid: GLOBAL_UUID });
    expect(c.serverVersion).toBe('6.6.0 (build 90)');
    expect(heard.transcript.join('\n')).not.toContain(access);
    expect(c.redact(`token ${access}`)).toBe('token <redacted>');
  });
});

describe('dropped connections', () => {
  it('sends a GET once more when the FMC closed the connection without an answer, and never a write', async () => {
    const s = await start({ collections: { 'devices/devicerecords': devices(1) } });
    const heard = heardNew();
    const c = await openClient(target(s.port), heard);
    s.options.drop = 1;
    const r = await c.request({ method: 'GET', path: DEVICES });
    expect(r.status).toBe(200);
    expect(heard.progress.some((p) => p.includes('sending the GET again'))).toBe(true);
    s.options.drop = 1;
    const err = await failure(c.request({ method: 'PUT', path: `${DEVICES}/dev-0`, body: {} }));
    expect(err.code).toBe('E_DISCONNECTED');
    expect(s.audit.filter((a) => a.method === 'PUT')).toHaveLength(1);
    s.options.drop = 2;
    const twice = await failure(c.request({ method: 'GET', path: DEVICES }));
    expect(twice.code).toBe('E_DISCONNECTED');
  });
});

describe('HTTP 429', () => {
  it('waits as Retry-After says and sends again: bursts change no answer', async () => {
    const s = await start({ burst429: 2, burstEvery: 5, retryAfter: '0', pageCap: 2, collections: { 'devices/devicerecords': devices(7) } });
    const heard = heardNew();
    const c = await openClient(target(s.port), heard);
    for (let i = 0; i < 4; i += 1) {
      const r = await c.request({ method: 'GET', path: DEVICES });
      expect(r.items?.map((d) => (d as { id: string }).id)).toEqual(devices(7).map((d) => d.id));
    }
    expect(s.counts.served429).toBeGreaterThan(0);
    expect(heard.progress.filter((p) => p.includes('HTTP 429')).length).toBe(s.counts.served429);
  });

  it('waits 30 s when the FMC gives no Retry-After, and reports the wait', async () => {
    const s = await start({ burst429: 1, burstEvery: 1000, retryAfter: null, collections: { 'devices/devicerecords': devices(1) } });
    let t = 0;
    const clock: Clock = { now: () => t, sleep: (ms) => ((t += ms), Promise.resolve()) };
    const heard = heardNew();
    // The first API request (the version at open) gets the 429.
    await openClient(target(s.port), heard, { clock });
    expect(heard.progress).toEqual(['fmc1: the FMC answered HTTP 429 (too many requests); waiting 30 s before retry 1/5', 'fmc1: waiting 30 s: the FMC asked to slow down (HTTP 429)']);
    expect(t).toBeGreaterThanOrEqual(30_000);
  });

  it('gives up after 5 retries with the 429 as the device error', async () => {
    const s = await start({ burst429: 1000, burstEvery: 1000, retryAfter: '0' });
    s.options.burst429 = 0;
    const conn = await openConn(target(s.port), heardNew());
    s.options.burst429 = 1000;
    const r = await conn.run({ kind: 'api', method: 'GET', path: DEVICES }, 'check');
    expect(r.facts?.status).toBe(429);
    expect(r.deviceError).toBe(`GET ${DEVICES}: HTTP 429: Too Many Requests`);
    expect(s.audit.filter((a) => a.path.startsWith(DEVICES))).toHaveLength(6);
  });
});

describe('concurrency against one FMC', () => {
  it('keeps at most 10 reads and 1 write in flight, whatever the callers do', async () => {
    const s = await start({ collections: { 'devices/devicerecords': devices(1) } });
    // Each answer waits a turn of the event loop, so that requests overlap.
    s.options.hold = () => new Promise((r) => setImmediate(r));
    const c = await openClient(target(s.port));
    const gets = Array.from({ length: 30 }, () => c.request({ method: 'GET', path: DEVICES }));
    const puts = Array.from({ length: 5 }, (_, i) => c.request({ method: 'PUT', path: `${DEVICES}/dev-0`, body: { i } }));
    const all = await Promise.all([...gets, ...puts]);
    expect(all.every((r) => r.status === 200)).toBe(true);
    expect(s.maxInFlight.reads).toBeLessThanOrEqual(10);
    expect(s.maxInFlight.writes).toBe(1);
  });
});

describe('the connection', () => {
  it('refuses anything but GET in read-only mode, and sends nothing', async () => {
    const s = await start({ collections: { 'devices/devicerecords': devices(1) } });
    const conn = await openConn(target(s.port), heardNew(), true);
    const before = s.audit.length;
    for (const method of ['POST', 'PUT', 'DELETE'] as const) {
      const err = await failure(conn.run({ kind: 'api', method, path: `${DEVICES}/dev-0`, body: { a: 1 } }, 'check'));
      expect(err.code).toBe('E_READ_ONLY');
      expect(err.message).toContain(`only GET is sent to an FMC in a check, not ${method} ${DEVICES}/dev-0; nothing was sent`);
    }
    const fix = await failure(conn.run({ kind: 'api', method: 'GET', path: DEVICES }, 'fix'));
    expect(fix.code).toBe('E_READ_ONLY');
    expect(s.audit.length).toBe(before);
    const ok = await conn.run({ kind: 'api', method: 'GET', path: DEVICES }, 'check');
    expect(ok.facts?.status).toBe(200);
    expect(s.audit.slice(before).map((a) => a.method)).toEqual(['GET']);
  });

  it('sends a fix when not read-only, with its JSON body', async () => {
    const s = await start();
    const conn = await openConn(target(s.port), heardNew());
    const r = await conn.run({ kind: 'api', method: 'PUT', path: `${DEVICES}/dev-0`, body: { id: 'dev-0', type: 'Device' } }, 'fix');
    expect(r.facts?.status).toBe(200);
    const put = s.audit.find((a) => a.method === 'PUT');
    expect(JSON.parse(put?.body ?? '')).toEqual({ id: 'dev-0', type: 'Device' });
  });

  it('refuses command and reboot actions', async () => {
    const s = await start();
    const conn = await openConn(target(s.port), heardNew());
    const err = await failure(conn.run({ kind: 'command', command: 'show version', mode: 'clish' }, 'check'));
    expect(err.code).toBe('E_COMMAND');
  });

  it('gives the FMC\'s own message for a recorded 400, as the device error', async () => {
    const s = await start();
    s.options.answer = (method, path) => (method === 'POST' && !path.includes('/auth/') ? replay(recorded('postman-hosts-duplicate-400.json')) : undefined);
    const conn = await openConn(target(s.port), heardNew());
    const r = await conn.run({ kind: 'api', method: 'POST', path: '/api/fmc_config/v1/domain/x/object/hosts', body: { name: 'NET_VPN_EAST' } }, 'fix');
    expect(r.deviceError).toBe('POST /api/fmc_config/v1/domain/x/object/hosts: HTTP 400: The object name NET_VPN_EAST already exists. Enter a new name.');
    expect(r.facts?.status).toBe(400);
  });

  it('redacts the password, the tokens and secret-named fields in transcript, output and facts', async () => {
    const s = await start();
    let lastToken = '';
    s.options.answer = (method, path, headers) => {
      if (path !== '/api/echo') return undefined;
      lastToken = String(headers['x-auth-access-token']);
      return { status: 200, body: JSON.stringify({ seen: lastToken, note: `pw ${PASSWORD}`, password: 'another-secret-9' }) };
    };
    const heard = heardNew();
    const conn = await openConn(target(s.port), heard);
    const r = await conn.run({ kind: 'api', method: 'GET', path: '/api/echo' }, 'check');
    expect(lastToken).toMatch(/^[0-9a-f-]{36}$/);
    const everything = [r.output, JSON.stringify(r.facts), ...heard.transcript, ...heard.progress].join('\n');
    expect(everything).not.toContain(lastToken);
    expect(everything).not.toContain(PASSWORD);
    expect(everything).not.toContain('another-secret-9');
    expect(JSON.parse(r.output)).toEqual({ seen: '<redacted>', note: 'pw <redacted>', password: '<redacted>' });
    expect(heard.transcript[0]).toBe('sent: POST /api/fmc_platform/v1/auth/generatetoken');
    expect(heard.transcript[1]).toBe('received: HTTP 204 (tokens received)');
  });
});
