// The lab FMC over real HTTPS: auth and token life, errors in the recorded FRAMEWORK shape, paging as the sandbox
// recordings show it, the resources and their faults, the PUT of the cloud events object, the rate limit and the
// audit. Oracle: the DevNet sandbox recordings in test/fixtures/real/fmc/ (SOURCES.md).
import { afterEach, describe, expect, it } from 'vitest';
import { startFmc, type FmcServerOptions, type LabFmc } from '../../../src/lab/fmc/server.js';
import { GLOBAL_DOMAIN_UUID, type DeviceHealth, type ManagedDevice } from '../../../src/lab/fmc/model.js';
import { basic, httpsCall, type HttpsAnswer } from '../../helpers/fmc-lab-https.js';
import { recorded } from '../../helpers/fmc-fixtures.js';

// The recorded answers (test/fixtures/real/fmc, SOURCES.md): body parsed, and the whole response.
const realBody = (name: string): unknown => JSON.parse(recorded(`postman-${name}.json`).body);
const realHead = (name: string): ReturnType<typeof recorded> => recorded(`postman-${name}.json`);

const PASSWORD = 'unit-Fmc-Pw-31d7';
const CONFIG = `/api/fmc_config/v1/domain/${GLOBAL_DOMAIN_UUID}`;

function devices(n: number, health: (i: number) => DeviceHealth = () => ({ status: 'green', message: '' })): ManagedDevice[] {
  return Array.from({ length: n }, (_, i) => ({ name: `ftd-${String(i + 1).padStart(3, '0')}`, hostName: '127.0.0.1', health: () => health(i) }));
}

let running: LabFmc | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

async function fmc(options: Partial<FmcServerOptions> = {}): Promise<LabFmc> {
  running = await startFmc({ devices: devices(3), pairs: [], faults: [], region: 'us', username: 'admin', password: PASSWORD, ...options });
  return running;
}

async function login(f: LabFmc): Promise<{ access: string; refresh: string; answer: HttpsAnswer }> {
  const answer = await httpsCall({ port: f.port, ca: f.caPem, method: 'POST', path: '/api/fmc_platform/v1/auth/generatetoken', headers: { Authorization: basic('admin', PASSWORD) } });
  return { access: String(answer.headers['x-auth-access-token']), refresh: String(answer.headers['x-auth-refresh-token']), answer };
}

const get = (f: LabFmc, access: string, path: string): Promise<HttpsAnswer> =>
  httpsCall({ port: f.port, ca: f.caPem, method: 'GET', path, headers: { 'X-auth-access-token': access } });

/** Key structure of a JSON value (objects by sorted keys, arrays by their first element), values dropped. */
function shape(v: unknown): unknown {
  if (Array.isArray(v)) return v.length === 0 ? [] : [shape(v[0])];
  if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, shape((v as Record<string, unknown>)[k])]));
  return typeof v;
}

describe('lab FMC: authentication', () => {
  it('answers a good Basic login with 204 and the recorded token and domain headers', async () => {
    const f = await fmc();
    const { answer, access, refresh } = await login(f);
    expect(answer.status).toBe(realHead('generatetoken-204').code);
    expect(answer.text).toBe('');
    for (const { key } of realHead('generatetoken-204').header.filter((h) => /^(X-auth-|USER_UUID|DOMAIN|global)/.test(h.key))) {
      expect(answer.headers[key.toLowerCase()], key).toBeDefined();
    }
    expect(answer.headers['domain_uuid']).toBe(GLOBAL_DOMAIN_UUID);
    expect(JSON.parse(String(answer.headers['domains']))).toEqual([{ name: 'Global', uuid: GLOBAL_DOMAIN_UUID }]);
    expect(access).toMatch(/^[0-9a-f-]{36}$/);
    expect(refresh).not.toBe(access);
  });

  it('refuses bad credentials with 401 and the recorded body, and issues no token', async () => {
    const f = await fmc();
    for (const auth of [basic('admin', 'wrong'), basic('other', PASSWORD), 'Bearer x', '']) {
      const a = await httpsCall({ port: f.port, ca: f.caPem, method: 'POST', path: '/api/fmc_platform/v1/auth/generatetoken', headers: auth === '' ? {} : { Authorization: auth } });
      expect(a.status).toBe(401);
      expect(a.json).toEqual(realBody('generatetoken-401-invalid-creds'));
      expect(a.headers['x-auth-access-token']).toBeUndefined();
    }
    expect(f.tokens.counts.logins).toBe(0);
  });

  it('answers a request without a valid access token with 401 Access token invalid', async () => {
    const f = await fmc();
    for (const headers of [{}, { 'X-auth-access-token': 'not-a-token' }] as Record<string, string>[]) {
      const a = await httpsCall({ port: f.port, ca: f.caPem, method: 'GET', path: `${CONFIG}/devices/devicerecords`, headers });
      expect(a.status).toBe(401);
      expect(a.json).toEqual({ error: { category: 'FRAMEWORK', messages: [{ description: 'Access token invalid' }], severity: 'ERROR' } });
      expect(shape(a.json)).toEqual(shape(realBody('generatetoken-401-invalid-creds')));
    }
  });

  it('refreshes a session three times, then refuses with the recorded 401, and 400 without a refresh token', async () => {
    const f = await fmc();
    let { access, refresh } = await login(f);
    for (let i = 0; i < 3; i++) {
      const a = await httpsCall({ port: f.port, ca: f.caPem, method: 'POST', path: '/api/fmc_platform/v1/auth/refreshtoken', headers: { 'X-auth-access-token': access, 'X-auth-refresh-token': refresh } });
      expect(a.status).toBe(204);
      const old = access;
      access = String(a.headers['x-auth-access-token']);
      refresh = String(a.headers['x-auth-refresh-token']);
      expect((await get(f, old, `${CONFIG}/devices/devicerecords`)).status).toBe(401);
      expect((await get(f, access, `${CONFIG}/devices/devicerecords`)).status).toBe(200);
    }
    const fourth = await httpsCall({ port: f.port, ca: f.caPem, method: 'POST', path: '/api/fmc_platform/v1/auth/refreshtoken', headers: { 'X-auth-access-token': access, 'X-auth-refresh-token': refresh } });
    expect(fourth.status).toBe(401);
    expect(fourth.json).toEqual(realBody('refreshtoken-401-obsolete'));
    const missing = await httpsCall({ port: f.port, ca: f.caPem, method: 'POST', path: '/api/fmc_platform/v1/auth/refreshtoken', headers: { 'X-auth-access-token': access } });
    expect(missing.status).toBe(400);
    expect(missing.json).toEqual(realBody('refreshtoken-400-missing'));
    // A new login is a new session, with three refreshes of its own.
    expect((await login(f)).answer.status).toBe(204);
  });

  it('lets an access token expire after 30 minutes of the lab clock', async () => {
    let now = 1_700_000_000_000;
    const f = await fmc({ now: () => now });
    const { access } = await login(f);
    expect((await get(f, access, `${CONFIG}/devices/devicerecords`)).status).toBe(200);
    now += 30 * 60_000;
    expect((await get(f, access, `${CONFIG}/devices/devicerecords`)).status).toBe(401);
  });

  it('with fmc-token-expiry, lets an access token serve only a few requests; refresh renews it', async () => {
    const f = await fmc({ faults: ['fmc-token-expiry'], tokenUses: 2 });
    const { access, refresh } = await login(f);
    expect((await get(f, access, `${CONFIG}/devices/devicerecords`)).status).toBe(200);
    expect((await get(f, access, `${CONFIG}/devices/devicerecords`)).status).toBe(200);
    expect((await get(f, access, `${CONFIG}/devices/devicerecords`)).status).toBe(401);
    const r = await httpsCall({ port: f.port, ca: f.caPem, method: 'POST', path: '/api/fmc_platform/v1/auth/refreshtoken', headers: { 'X-auth-access-token': access, 'X-auth-refresh-token': refresh } });
    expect(r.status).toBe(204);
    expect((await get(f, String(r.headers['x-auth-access-token']), `${CONFIG}/devices/devicerecords`)).status).toBe(200);
  });
});

describe('lab FMC: TLS', () => {
  it('serves a certificate for 127.0.0.1 signed by its own CA, which a client without that CA refuses', async () => {
    const f = await fmc();
    expect(f.caPem).toMatch(/^-----BEGIN CERTIFICATE-----/);
    await expect(httpsCall({ port: f.port, method: 'GET', path: '/api/fmc_platform/v1/info/serverversion' })).rejects.toMatchObject({ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    expect((await httpsCall({ port: f.port, ca: f.caPem, method: 'GET', path: '/api/fmc_platform/v1/info/serverversion' })).status).toBe(401);
  });

  it('refuses TLS 1.1', async () => {
    const f = await fmc();
    await expect(httpsCall({ port: f.port, ca: f.caPem, method: 'GET', path: '/', minVersion: 'TLSv1', maxVersion: 'TLSv1.1' })).rejects.toThrow();
  });
});

describe('lab FMC: collections and paging', () => {
  it('pages device records as the sandbox does: self link, paging with next links (at most four), no next on the last page', async () => {
    const f = await fmc({ devices: devices(60), pageSize: 7 });
    const { access } = await login(f);
    const first = await get(f, access, `${CONFIG}/devices/devicerecords?expanded=true&limit=1000`);
    const body = first.json as { links: { self: string }; items: unknown[]; paging: { offset: number; limit: number; count: number; pages: number; next: string[] } };
    expect(Object.keys(body.paging)).toEqual(Object.keys((realBody('networkgroups-limit10-200') as { paging: object }).paging));
    expect(body.paging).toMatchObject({ offset: 0, limit: 7, count: 60, pages: 9 });
    expect(body.paging.next).toHaveLength(4);
    expect(body.links.self).toBe(`https://127.0.0.1:${f.port}${CONFIG}/devices/devicerecords?offset=0&limit=7&expanded=true`);
    // Follow next[0] to the end, as fmcapi does.
    const names: string[] = [];
    let url: string | undefined = body.links.self;
    let pages = 0;
    while (url !== undefined) {
      const page = (await get(f, access, new URL(url).pathname + new URL(url).search)).json as { items: { name: string; hostName: string }[]; paging: { next?: string[] } };
      names.push(...page.items.map((d) => d.name));
      for (const d of page.items) expect(d.hostName).toBe('127.0.0.1');
      url = page.paging.next?.[0];
      pages++;
    }
    expect(pages).toBe(9);
    expect(names).toEqual(devices(60).map((d) => d.name));
  });

  it('gives only id, type, name and links without expanded=true, and the default page of 25', async () => {
    const f = await fmc({ devices: devices(30) });
    const { access } = await login(f);
    const body = (await get(f, access, `${CONFIG}/devices/devicerecords`)).json as { items: Record<string, unknown>[]; paging: { limit: number } };
    expect(body.paging.limit).toBe(25);
    expect(body.items).toHaveLength(25);
    expect(Object.keys(body.items[0] as object).sort()).toEqual(['id', 'links', 'name', 'type']);
  });

  it('answers an empty collection exactly as the recorded empty devicerecords: no items key', async () => {
    const f = await fmc();
    const { access } = await login(f);
    const a = await get(f, access, `${CONFIG}/devicehapairs/ftddevicehapairs?expanded=true`);
    expect(a.status).toBe(200);
    expect(a.json).toEqual(realBody('devicerecords-empty-200'));
  });

  it('refuses a malformed limit with 400', async () => {
    const f = await fmc();
    const { access } = await login(f);
    const a = await get(f, access, `${CONFIG}/devices/devicerecords?limit=abc`);
    expect(a.status).toBe(400);
    expect(shape(a.json)).toEqual(shape(realBody('refreshtoken-400-missing')));
  });
});

describe('lab FMC: resources and faults', () => {
  it('lists HA pairs with primary and secondary ids of the device records, and their worse health', async () => {
    const f = await fmc({ devices: devices(4, (i) => (i === 1 ? { status: 'yellow', message: 'x' } : { status: 'green', message: '' })), pairs: [{ primary: 'ftd-001', secondary: 'ftd-002' }] });
    const { access } = await login(f);
    const records = (await get(f, access, `${CONFIG}/devices/devicerecords?expanded=true`)).json as { items: { id: string; name: string; healthStatus: string; healthMessage?: string }[] };
    const pairs = (await get(f, access, `${CONFIG}/devicehapairs/ftddevicehapairs?expanded=true`)).json as { items: { type: string; primary: { id: string }; secondary: { id: string }; healthStatus: string }[] };
    const id = (name: string): string | undefined => records.items.find((d) => d.name === name)?.id;
    expect(pairs.items).toHaveLength(1);
    expect(pairs.items[0]).toMatchObject({ type: 'DeviceHAPair', primary: { id: id('ftd-001') }, secondary: { id: id('ftd-002') }, healthStatus: 'yellow' });
    expect(records.items.find((d) => d.name === 'ftd-002')).toMatchObject({ healthStatus: 'yellow', healthMessage: 'x' });
    expect(records.items.find((d) => d.name === 'ftd-001')?.healthMessage).toBeUndefined();
  });

  it('reports 7.4.1 and a REGISTERED licence when healthy; EVALUATION with fmc-eval-licence', async () => {
    const f = await fmc();
    const { access } = await login(f);
    expect((await get(f, access, '/api/fmc_platform/v1/info/serverversion')).json).toMatchObject({ items: [{ serverVersion: '7.4.1 (build 172)' }] });
    expect((await get(f, access, '/api/fmc_platform/v1/license/smartlicenses')).json).toMatchObject({ items: [{ regStatus: 'REGISTERED' }] });
    await f.stop();
    const e = await fmc({ faults: ['fmc-eval-licence'] });
    const t = await login(e);
    expect((await get(e, t.access, '/api/fmc_platform/v1/license/smartlicenses')).json).toMatchObject({ items: [{ regStatus: 'EVALUATION', virtualAccount: 'Evaluation Mode' }] });
  });

  it('with fmc-old-version is 6.6 and has no smartlicenses resource (404)', async () => {
    const f = await fmc({ faults: ['fmc-old-version'] });
    const { access } = await login(f);
    expect((await get(f, access, '/api/fmc_platform/v1/info/serverversion')).json).toMatchObject({ items: [{ serverVersion: '6.6.0 (build 90)' }] });
    const a = await get(f, access, '/api/fmc_platform/v1/license/smartlicenses');
    expect(a.status).toBe(404);
    expect(shape(a.json)).toEqual(shape(realBody('refreshtoken-400-missing')));
  });

  it('has one current cloud region, the wanted one; another with fmc-region-mismatch', async () => {
    const f = await fmc();
    const { access } = await login(f);
    const current = async (x: LabFmc, token: string): Promise<unknown[]> =>
      ((await get(x, token, `${CONFIG}/integration/cloudregions?expanded=true`)).json as { items: { name: string; current: boolean }[] }).items.filter((r) => r.current).map((r) => r.name);
    expect(await current(f, access)).toEqual(['US Region']);
    await f.stop();
    const m = await fmc({ faults: ['fmc-region-mismatch'] });
    expect(await current(m, (await login(m)).access)).toEqual(['EU Region']);
  });

  it('serves the cloud events singleton, refuses a PUT naming another id (recorded 400), and takes a good PUT', async () => {
    const f = await fmc({ faults: ['fmc-cloud-events-off'] });
    const { access } = await login(f);
    const summary = (await get(f, access, `${CONFIG}/integration/cloudeventsconfigs`)).json as { items: Record<string, unknown>[] };
    expect(Object.keys(summary.items[0] as object).sort()).toEqual(['id', 'links', 'type']);
    const list = (await get(f, access, `${CONFIG}/integration/cloudeventsconfigs?expanded=true`)).json as { items: Record<string, unknown>[] };
    expect(list.items).toHaveLength(1);
    const obj = list.items[0] as Record<string, unknown>;
    expect(obj).toMatchObject({ type: 'CloudEventsConfig', sendIntrusionEvents: false, sendFileEvents: false });
    const id = String(obj['id']);
    const put = (body: unknown): Promise<HttpsAnswer> =>
      httpsCall({ port: f.port, ca: f.caPem, method: 'PUT', path: `${CONFIG}/integration/cloudeventsconfigs/${id}`, headers: { 'X-auth-access-token': access }, body });
    const wrong = await put({ ...obj, id: 'c64d2a4c-a194-11e8-bad0-eb6719b10fdb', sendIntrusionEvents: true });
    expect(wrong.status).toBe(400);
    expect(wrong.json).toEqual(realBody('accessrule-put-400-uuid-mismatch'));
    expect((await put({ ...obj, type: 'Other' })).status).toBe(400);
    expect((await put({ ...obj, sendIntrusionEvents: 'yes' })).status).toBe(400);
    const good = await put({ id, type: 'CloudEventsConfig', sendIntrusionEvents: true, sendFileEvents: false, sendConnectionEvents: false, sendAllConnectionEvents: false });
    expect(good.status).toBe(200);
    expect((await get(f, access, `${CONFIG}/integration/cloudeventsconfigs/${id}`)).json).toMatchObject({ id, sendIntrusionEvents: true, sendFileEvents: false });
    // No POST or DELETE on the singleton.
    const post = await httpsCall({ port: f.port, ca: f.caPem, method: 'POST', path: `${CONFIG}/integration/cloudeventsconfigs`, headers: { 'X-auth-access-token': access }, body: obj });
    expect(post.status).toBe(405);
  });

  it('answers unknown paths and other domains with 404', async () => {
    const f = await fmc();
    const { access } = await login(f);
    expect((await get(f, access, `${CONFIG}/object/hosts`)).status).toBe(404);
    expect((await get(f, access, '/api/fmc_config/v1/domain/00000000-0000-0000-0000-000000000000/devices/devicerecords')).status).toBe(404);
  });
});

describe('lab FMC: rate limit and audit', () => {
  it('answers 429 with Retry-After past the per-minute limit, and admits again a minute later', async () => {
    let now = 1_700_000_000_000;
    const f = await fmc({ rateLimitPerMinute: 3, now: () => now });
    const { access } = await login(f);
    expect((await get(f, access, `${CONFIG}/devices/devicerecords`)).status).toBe(200);
    now += 20_000;
    expect((await get(f, access, `${CONFIG}/devices/devicerecords`)).status).toBe(200);
    const refused = await get(f, access, `${CONFIG}/devices/devicerecords`);
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('40');
    now += 40_000;
    expect((await get(f, access, `${CONFIG}/devices/devicerecords`)).status).toBe(200);
  });

  it('with fmc-rate-limit refuses two requests with Retry-After: 1 after every four admitted', async () => {
    const f = await fmc({ faults: ['fmc-rate-limit'] });
    const statuses: number[] = [];
    const { access } = await login(f);
    for (let i = 0; i < 9; i++) {
      const a = await get(f, access, `${CONFIG}/devices/devicerecords`);
      statuses.push(a.status);
      if (a.status === 429) expect(a.headers['retry-after']).toBe('1');
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429, 200, 200, 200, 200]);
  });

  it('audits every request with method, path, query and status, and a PUT body, but never credentials or tokens', async () => {
    const f = await fmc();
    const { access, refresh } = await login(f);
    await get(f, access, `${CONFIG}/devices/devicerecords?expanded=true`);
    const id = f.model.cloudEventsId;
    await httpsCall({ port: f.port, ca: f.caPem, method: 'PUT', path: `${CONFIG}/integration/cloudeventsconfigs/${id}`, headers: { 'X-auth-access-token': access }, body: { id, type: 'CloudEventsConfig', sendIntrusionEvents: true } });
    expect(f.audit.map((e) => [e.method, e.path, e.query, e.status])).toEqual([
      ['POST', '/api/fmc_platform/v1/auth/generatetoken', '', 204],
      ['GET', `${CONFIG}/devices/devicerecords`, 'expanded=true', 200],
      ['PUT', `${CONFIG}/integration/cloudeventsconfigs/${id}`, '', 200],
    ]);
    expect(f.audit[2]?.body).toEqual({ id, type: 'CloudEventsConfig', sendIntrusionEvents: true });
    const text = JSON.stringify(f.audit);
    for (const secret of [PASSWORD, access, refresh, Buffer.from(`admin:${PASSWORD}`).toString('base64')]) expect(text).not.toContain(secret);
  });
});
