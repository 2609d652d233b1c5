// The httpapi client and the `plugin: fmc` inventory against the lab FMC (src/lab/fmc, real HTTPS on 127.0.0.1):
// 60 managed FTDs over many small pages, HA peers, a wrong password, an untrusted CA, and the lab's
// fmc-rate-limit (bursts of 429) and fmc-token-expiry faults, which must not change what is read.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Connection } from '../../../../src/connections/connection.js';
import { ConnectionRegistry } from '../../../../src/connections/registry.js';
import { FiremendError, InputError } from '../../../../src/errors.js';
import { loadInventory } from '../../../../src/inventory/load-inventory.js';
import type { Inventory } from '../../../../src/inventory/model.js';
import { GLOBAL_DOMAIN_UUID, LAB_FMC_HOST, LAB_PASSWORD_ENV, startLab, type Lab } from '../../../../src/lab/index.js';

const PASSWORD = 'integ-FmcClient-Pw-31';
const ENV = { [LAB_PASSWORD_ENV]: PASSWORD };
const DEVICES = 60;
const PAGE = 7;

interface Rig {
  lab: Lab;
  dir: string;
  caFile: string;
  pluginFile: string;
  /** The lab inventory's FMC host vars, as `firemend run` would merge them. */
  fmcVars: Record<string, unknown>;
}

async function rig(faults: string): Promise<Rig> {
  const lab = await startLab({ devices: DEVICES, haPairs: 10, password: PASSWORD, fmc: true, fmcPageSize: PAGE, ...(faults !== '' ? { faults } : {}) });
  const dir = await mkdtemp(join(tmpdir(), 'firemend-fmc-lab-'));
  const caFile = join(dir, 'fmc-ca.pem');
  await writeFile(caFile, (lab.fmc as NonNullable<Lab['fmc']>).caPem);
  for (const [rel, text] of lab.fmcInventoryFiles('fmc.yml', caFile)) {
    await mkdir(dirname(join(dir, rel)), { recursive: true });
    await writeFile(join(dir, rel), text);
  }
  const inv = parse(lab.inventoryYaml(caFile)) as { all: { vars: Record<string, unknown>; children: Record<string, { hosts: Record<string, Record<string, unknown>> }> } };
  const fmcVars = { ...inv.all.vars, ...inv.all.children['fmc']?.hosts[LAB_FMC_HOST], inventory_hostname: LAB_FMC_HOST };
  return { lab, dir, caFile, pluginFile: join(dir, 'fmc.yml'), fmcVars };
}

async function stop(r: Rig | undefined): Promise<void> {
  if (!r) return;
  await r.lab.stop();
  await rm(r.dir, { recursive: true, force: true });
}

// What the inventory says about every device: the part that must not depend on 429s or token expiry.
function summary(inv: Inventory): Record<string, unknown>[] {
  return inv.hosts.map((h) => ({ name: h.name, ansible_host: h.vars.ansible_host, ansible_port: h.vars.ansible_port, id: h.vars.fmc_device_id, ha_peer: h.vars.ha_peer, health: h.vars.fmc_health_status, version: h.vars.fmc_sw_version, groups: h.groups }));
}

async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a failure');
}

function openFmc(vars: Record<string, unknown>, progress: string[] = []): Promise<Connection> {
  const { kind, target } = new ConnectionRegistry().resolve(vars, ENV);
  return kind.open(target, { connectTimeoutMs: 10_000, commandTimeoutMs: 30_000, readOnly: true, onProgress: (m) => progress.push(m) });
}

describe('the plugin: fmc inventory over the lab FMC', () => {
  let clean: Rig | undefined;
  let baseline: Inventory;
  beforeAll(async () => {
    clean = await rig('');
    baseline = await loadInventory((clean as Rig).pluginFile, { env: ENV });
  });
  afterAll(() => stop(clean));

  it('lists all 60 devices, read over many pages, with the lab\'s HA peers and SSH ports', () => {
    const r = clean as Rig;
    expect(baseline.hosts.map((h) => h.name)).toEqual(r.lab.devices.map((d) => d.name));
    for (const d of r.lab.devices) {
      const h = baseline.hosts.find((x) => x.name === d.name);
      expect(h?.vars.ha_peer, d.name).toBe(d.haPeer);
      expect(h?.vars.ansible_port).toBe(d.port);
      expect(h?.vars.ansible_host).toBe('127.0.0.1');
      expect(h?.groups).toEqual(expect.arrayContaining(['ftd', 'fmc_health_green']));
    }
    expect(baseline.hosts.filter((h) => h.vars.ha_peer !== undefined)).toHaveLength(20);
    const pages = (r.lab.fmc as NonNullable<Lab['fmc']>).audit.filter((a) => a.path.endsWith('/devices/devicerecords'));
    expect(pages).toHaveLength(Math.ceil(DEVICES / PAGE));
    expect((r.lab.fmc as NonNullable<Lab['fmc']>).audit.every((a) => a.method === 'GET' || a.path.startsWith('/api/fmc_platform/v1/auth/'))).toBe(true);
  });

  it('runs a paged GET through the httpapi connection of the lab inventory\'s FMC host', async () => {
    const r = clean as Rig;
    const conn = await openFmc(r.fmcVars);
    try {
      expect(conn.vars?.fmc_domain_uuid).toBe(GLOBAL_DOMAIN_UUID);
      const res = await conn.run({ kind: 'api', method: 'GET', path: `/api/fmc_config/v1/domain/${GLOBAL_DOMAIN_UUID}/devices/devicerecords`, query: { expanded: 'true' } }, 'check');
      expect(res.facts?.status).toBe(200);
      expect((res.facts?.items as { name: string }[]).map((d) => d.name)).toEqual(r.lab.devices.map((d) => d.name));
      const put = await failure(conn.run({ kind: 'api', method: 'PUT', path: `/api/fmc_config/v1/domain/${GLOBAL_DOMAIN_UUID}/integration/cloudeventsconfigs/x`, body: {} }, 'check'));
      expect((put as FiremendError).code).toBe('E_READ_ONLY');
      expect((r.lab.fmc as NonNullable<Lab['fmc']>).audit.some((a) => a.method === 'PUT')).toBe(false);
    } finally {
      await conn.close();
    }
  });

  it('is E_AUTH with a wrong password, for the connection and for the inventory file', async () => {
    const r = clean as Rig;
    const err = await failure(openFmc({ ...r.fmcVars, ansible_password: 'not-the-lab-password' }));
    expect((err as FiremendError).code).toBe('E_AUTH');
    expect(err.message).not.toContain('not-the-lab-password');
    const inv = await failure(loadInventory(r.pluginFile, { env: { [LAB_PASSWORD_ENV]: 'not-the-lab-password' } }));
    expect(inv).toBeInstanceOf(InputError);
    expect(inv.message).toContain(`${r.pluginFile}:`);
    expect(inv.message).toMatch(/fmc: FMC 127\.0\.0\.1 \(127\.0\.0\.1:\d+\): the FMC refused the login of user admin/);
  });

  it('is E_TLS_CERT when the lab CA is not the one trusted', async () => {
    const r = clean as Rig;
    const { firemend_ca_file: _ca, ...noCa } = r.fmcVars;
    const err = await failure(openFmc(noCa));
    expect((err as FiremendError).code).toBe('E_TLS_CERT');
  });
});

describe('the lab FMC\'s 429 bursts and token expiry', () => {
  let noisy: Rig | undefined;
  let quiet: Rig | undefined;
  afterAll(async () => {
    await stop(noisy);
    await stop(quiet);
  });

  it('change nothing the inventory or a GET reads', async () => {
    quiet = await rig('');
    noisy = await rig('fmc-rate-limit,fmc-token-expiry');
    const want = summary(await loadInventory(quiet.pluginFile, { env: ENV }));
    const got = summary(await loadInventory(noisy.pluginFile, { env: ENV }));
    // Lab ports differ between the two labs; everything else is the same.
    expect(got.map(({ ansible_port: _p, ...rest }) => rest)).toEqual(want.map(({ ansible_port: _p, ...rest }) => rest));
    const labFmc = noisy.lab.fmc as NonNullable<Lab['fmc']>;
    expect(labFmc.limiter.refused).toBeGreaterThan(0);
    const auth = labFmc.audit.filter((a) => a.path.startsWith('/api/fmc_platform/v1/auth/'));
    expect(auth.length).toBeGreaterThan(1);

    const progress: string[] = [];
    const conn = await openFmc(noisy.fmcVars, progress);
    try {
      const res = await conn.run({ kind: 'api', method: 'GET', path: `/api/fmc_config/v1/domain/${GLOBAL_DOMAIN_UUID}/devices/devicerecords` }, 'check');
      expect((res.facts?.items as { name: string }[]).map((d) => d.name)).toEqual(noisy.lab.devices.map((d) => d.name));
      expect(progress.some((p) => p.includes('HTTP 429'))).toBe(true);
    } finally {
      await conn.close();
    }
  });
});
