// `plugin: fmc` inventories against a real HTTPS test FMC on 127.0.0.1, serving the recorded FMC 6.5 device
// records (test/fixtures/real/fmc) plus devices of our own in HA pairs.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { loadInventory, parseInventory } from '../../../src/inventory/load-inventory.js';
import type { Inventory } from '../../../src/inventory/model.js';
import { InventoryData } from '../../../src/inventory/inventory-data.js';
import { addFmcDevices, devicesOf, haPeersOf } from '../../../src/inventory/sources/fmc.js';
import { fixtureText } from '../../helpers/fmc-fixtures.js';
import { startTestFmc, type TestFmc } from '../../helpers/fmc-test-server.js';
import { makeTestPki, type TestPki } from '../../helpers/test-ca.js';

const ENV = { FMC_API_PW: 'fmc-test-password' };
const recorded65 = (JSON.parse(fixtureText('devicerecords-6.5-expanded-limit2.json')) as { items: Record<string, unknown>[] }).items;

// Our own devices (not captures): two HA pairs and a lone unit, in the shape of the recorded records.
function ours(i: number, health: string, version: string): Record<string, unknown> {
  return { id: `dev-${i}`, type: 'Device', name: `ftd-${i}`, hostName: `192.0.2.${i}`, model: 'Cisco Firepower 2130 Threat Defense', healthStatus: health, sw_version: version };
}
const OURS = [ours(1, 'green', '7.2.5'), ours(2, 'green', '7.2.5'), ours(3, 'red', '7.4.1.1'), ours(4, 'yellow', '7.4.1.1'), ours(5, 'green', '7.2.5')];
// HA pair records in the shape of FMCAnsible components/ftdha_device_container.md (no recorded answer found).
const PAIRS = [
  { id: 'ha-1', type: 'DeviceHAPair', name: 'pair-a', primary: { id: 'dev-1', type: 'Device' }, secondary: { id: 'dev-2', type: 'Device' } },
  { id: 'ha-2', type: 'DeviceHAPair', name: 'pair-b', primary: { id: 'dev-4', type: 'Device' }, secondary: { id: 'dev-3', type: 'Device' } },
];

let pki: TestPki;
let fmc: TestFmc;
let dir: string;

beforeAll(async () => {
  pki = await makeTestPki();
});
afterAll(async () => {
  await pki.cleanup();
});
beforeEach(async () => {
  fmc = await startTestFmc(pki, { pageCap: 2, collections: { 'devices/devicerecords': [...recorded65, ...OURS], 'devicehapairs/ftddevicehapairs': PAIRS } });
  dir = await mkdtemp(join(tmpdir(), 'firemend-fmc-inv-'));
});
afterEach(async () => {
  await fmc.close();
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, text: string): Promise<string> {
  const p = join(dir, name);
  await mkdir(join(p, '..'), { recursive: true });
  await writeFile(p, text);
  return p;
}

function pluginFile(extra = '', ca = pki.caFile): string {
  return `plugin: fmc\nhost: 127.0.0.1\nport: ${fmc.port}\nusername: apiuser\npassword_env: FMC_API_PW\nca_file: ${ca}\n${extra}`;
}

function host(inv: Inventory, name: string): Inventory['hosts'][number] {
  const h = inv.hosts.find((x) => x.name === name);
  if (!h) throw new Error(`no host ${name}`);
  return h;
}

async function loadError(p: Promise<unknown>): Promise<string[]> {
  try {
    await p;
  } catch (err) {
    if (err instanceof InputError) return err.diagnostics.map((d) => `${d.pos.file}:${d.pos.line}:${d.pos.col}: ${d.message}`);
    throw err;
  }
  throw new Error('expected an InputError');
}

describe('a plugin: fmc inventory', () => {
  it('has one host per device record, read over several pages, with the FMC\'s facts and groups', async () => {
    const file = await write('fmc.yml', pluginFile());
    const inv = await loadInventory(file, { env: ENV });
    expect(inv.hosts.map((h) => h.name)).toEqual(['Cat', 'Poop', 'ftd-1', 'ftd-2', 'ftd-3', 'ftd-4', 'ftd-5']);
    const cat = host(inv, 'Cat');
    expect(cat.vars).toMatchObject({
      ansible_host: '10.17.11.155',
      fmc_device_id: '966e41da-a0f7-11ea-b9d2-a72388220492',
      fmc_model: 'Cisco Firepower Threat Defense for VMWare',
      fmc_sw_version: '6.5.0',
      fmc_health_status: 'green',
    });
    expect(cat.vars.ha_peer).toBeUndefined();
    expect(cat.groups).toEqual(expect.arrayContaining(['ftd', 'fmc_health_green', 'fmc_version_6_5_0']));
    expect(host(inv, 'ftd-3').groups).toEqual(expect.arrayContaining(['ftd', 'fmc_health_red', 'fmc_version_7_4_1_1']));
    expect(inv.groups.get('ftd')?.hosts).toHaveLength(7);
    // 7 records at 2 a page: 4 pages.
    expect(fmc.audit.filter((a) => a.path.includes('/devices/devicerecords')).length).toBe(4);
    expect(fmc.audit.every((a) => a.method === 'GET' || a.path.startsWith('/api/fmc_platform/v1/auth/'))).toBe(true);
  });

  it('names each unit of an HA pair as the other\'s ha_peer', async () => {
    const inv = await loadInventory(await write('fmc.yml', pluginFile()), { env: ENV });
    expect(['ftd-1', 'ftd-2', 'ftd-3', 'ftd-4', 'ftd-5'].map((n) => host(inv, n).vars.ha_peer)).toEqual(['ftd-2', 'ftd-1', 'ftd-4', 'ftd-3', undefined]);
  });

  it('composes with YAML sources and group_vars (SSH credentials for the devices come from there)', async () => {
    await write('inv/group_vars/ftd.yml', 'ansible_user: admin\nfiremend_password_env: FTD_PW\ndns_servers: [192.0.2.53]\n');
    await write('inv/group_vars/fmc_health_red.yml', 'needs_look: true\n');
    await write('inv/fmc.yml', pluginFile());
    await write('inv/site.yml', 'all:\n  children:\n    region_eu:\n      hosts:\n        ftd-1: { sse_region: eu }\n');
    const inv = await loadInventory(join(dir, 'inv'), { env: ENV });
    expect(host(inv, 'ftd-1').vars).toMatchObject({ ansible_user: 'admin', firemend_password_env: 'FTD_PW', sse_region: 'eu', ansible_host: '192.0.2.1', ha_peer: 'ftd-2' });
    expect(host(inv, 'ftd-1').groups).toEqual(expect.arrayContaining(['ftd', 'region_eu']));
    expect(host(inv, 'ftd-3').vars.needs_look).toBe(true);
    expect(host(inv, 'ftd-1').vars.needs_look).toBeUndefined();
  });

  it('makes the FMC password a secret of the inventory', async () => {
    const inv = await loadInventory(await write('fmc.yml', pluginFile()), { env: ENV });
    expect(inv.secrets).toContain('fmc-test-password');
  });

  it('reads a relative ca_file beside the inventory file, and the domain by name', async () => {
    await writeFile(join(dir, 'ca.pem'), await (await import('node:fs/promises')).readFile(pki.caFile));
    const inv = await loadInventory(await write('fmc.yml', pluginFile('domain: Global\n', 'ca.pem')), { env: ENV });
    expect(inv.hosts).toHaveLength(7);
  });

  it('refuses unknown and missing keys at their position, contacting nothing', async () => {
    const file = await write('fmc.yml', 'plugin: fmc\nhost: 127.0.0.1\nusrname: apiuser\npassword_env: FMC_API_PW\n');
    const errors = await loadError(loadInventory(file, { env: ENV }));
    expect(errors).toEqual([
      `${file}:1:1: fmc: 'username' is required`,
      `${file}:3:1: fmc: unknown option 'usrname' (options: host, port, username, password_env, ca_file, validate_certs, domain)`,
    ]);
    expect(fmc.audit).toEqual([]);
  });

  it('names the file and the FMC when the password is wrong, the certificate untrusted or the variable unset', async () => {
    const file = await write('fmc.yml', pluginFile());
    const wrong = await loadError(loadInventory(file, { env: { FMC_API_PW: 'not-the-password' } }));
    expect(wrong).toEqual([`${file}:1:1: fmc: FMC 127.0.0.1 (127.0.0.1:${fmc.port}): the FMC refused the login of user apiuser: User authentication failed.`]);
    const untrusted = await loadError(loadInventory(await write('other.yml', pluginFile('', pki.otherCaFile)), { env: ENV }));
    expect(untrusted[0]).toMatch(new RegExp(`other\\.yml:1:1: fmc: FMC 127\\.0\\.0\\.1 \\(127\\.0\\.0\\.1:${fmc.port}\\): POST /api/fmc_platform/v1/auth/generatetoken: the FMC certificate is not trusted`));
    const unset = await loadError(loadInventory(file, { env: {} }));
    expect(unset).toEqual([`${file}:1:1: fmc: FMC 127.0.0.1: environment variable FMC_API_PW (named by firemend_password_env) is not set`]);
  });

  it('warns when certificate checks are off', async () => {
    const inv = await loadInventory(await write('fmc.yml', `plugin: fmc\nhost: 127.0.0.1\nport: ${fmc.port}\nusername: apiuser\npassword_env: FMC_API_PW\nvalidate_certs: false\n`), { env: ENV });
    expect(inv.hosts).toHaveLength(7);
    expect(inv.warnings?.join('\n')).toContain('ansible_httpapi_validate_certs is false');
  });

  it('is refused by the text-only parser, which contacts nothing', () => {
    expect(() => parseInventory('plugin: fmc\nhost: 127.0.0.1\nusername: a\npassword_env: X\n', 'fmc.yml')).toThrow(/inventory plugin 'fmc' contacts its FMC/);
  });
});

describe('device records as hosts', () => {
  it('groups by health and version, unknown health included, and skips records without a name', () => {
    const warnings: string[] = [];
    const devices = devicesOf([{ id: 'a', name: 'a', sw_version: '7.4.1.1' }, { id: 'b' }, 'junk', { id: 'c', name: 'c', healthStatus: 'Red' }], (m) => warnings.push(m));
    expect(devices.map((d) => d.name)).toEqual(['a', 'c']);
    expect(warnings).toEqual(['a device record without a name was skipped ("b")']);
    const data = new InventoryData({ file: 'f', line: 1, col: 1 });
    addFmcDevices(data, devices, haPeersOf([{ primary: { id: 'a' }, secondary: { id: 'gone' } }]), { file: 'f', line: 1, col: 1 });
    expect([...data.groups.keys()]).toEqual(['all', 'ungrouped', 'ftd', 'fmc_health_unknown', 'fmc_version_7_4_1_1', 'fmc_health_red']);
    // A peer that is not among the devices is not named.
    expect(data.hosts.get('a')?.vars.ha_peer).toBeUndefined();
    expect(data.hosts.get('a')?.vars.fmc_health_status).toBeNull();
  });
});
