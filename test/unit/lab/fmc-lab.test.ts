// The lab FMC inside the lab: FMC faults in the fault spec, device records and HA pairs from the lab's FTDs with
// live health, the lab inventory's FMC host and the `plugin: fmc` inventory files.
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { fmcFaultsOf, parseFaultSpec } from '../../../src/lab/faults.js';
import { GLOBAL_DOMAIN_UUID, LAB_FMC_HOST, LAB_PASSWORD_ENV, startLab, type Lab } from '../../../src/lab/index.js';
import { basic, httpsCall } from '../../helpers/fmc-lab-https.js';

const PASSWORD = 'unit-FmcLab-Pw-77a2';
const CONFIG = `/api/fmc_config/v1/domain/${GLOBAL_DOMAIN_UUID}`;

describe('FMC faults in the fault spec', () => {
  it('takes fmc-… terms for the FMC without using up the seeded choice of devices', () => {
    expect(fmcFaultsOf('no-dns=2,fmc-eval-licence,fmc-rate-limit=1')).toEqual(['fmc-eval-licence', 'fmc-rate-limit']);
    expect(fmcFaultsOf('no-dns=2')).toEqual([]);
    const plain = parseFaultSpec('no-dns=2,zmq-socket=1', 20, 's');
    const withFmc = parseFaultSpec('fmc-old-version,no-dns=2,fmc-token-expiry,zmq-socket=1', 20, 's');
    expect(withFmc).toEqual(plain);
    expect([...withFmc.values()].flat().some((f) => f.startsWith('fmc-'))).toBe(false);
  });

  it('refuses a count on an FMC fault, and an FMC fault without the lab FMC', async () => {
    expect(() => fmcFaultsOf('fmc-eval-licence=2')).toThrow(/fault of the lab FMC/);
    expect(() => fmcFaultsOf('fmc-eval-licence=@ftd-001')).toThrow(/without a count/);
    await expect(startLab({ devices: 2, faults: 'fmc-eval-licence' })).rejects.toThrow(/need the lab FMC \(--fmc\)/);
  });
});

describe('the lab with its FMC', () => {
  let lab: Lab | undefined;
  afterEach(async () => {
    await lab?.stop();
    lab = undefined;
  });

  async function token(l: Lab): Promise<string> {
    const fmc = l.fmc;
    if (fmc === undefined) throw new Error('no FMC');
    const a = await httpsCall({ port: fmc.port, ca: fmc.caPem, method: 'POST', path: '/api/fmc_platform/v1/auth/generatetoken', headers: { Authorization: basic('admin', PASSWORD) } });
    return String(a.headers['x-auth-access-token']);
  }

  async function records(l: Lab, access: string): Promise<{ name: string; hostName: string; healthStatus: string; healthMessage?: string; id: string }[]> {
    const fmc = l.fmc as NonNullable<Lab['fmc']>;
    const a = await httpsCall({ port: fmc.port, ca: fmc.caPem, method: 'GET', path: `${CONFIG}/devices/devicerecords?expanded=true`, headers: { 'X-auth-access-token': access } });
    return (a.json as { items: { name: string; hostName: string; healthStatus: string; healthMessage?: string; id: string }[] }).items;
  }

  it('manages the lab FTDs: one record each at 127.0.0.1, HA pairs as the lab pairs them, health read live', async () => {
    lab = await startLab({ devices: 6, haPairs: 2, faults: 'no-dns=@ftd-003,unreachable=@ftd-006,fmc-eval-licence', password: PASSWORD, fmc: true });
    expect(lab.fmcFaults).toEqual(['fmc-eval-licence']);
    const access = await token(lab);
    const before = await records(lab, access);
    expect(before.map((d) => d.name)).toEqual(lab.devices.map((d) => d.name));
    expect(new Set(before.map((d) => d.hostName))).toEqual(new Set(['127.0.0.1']));
    const health = Object.fromEntries(before.map((d) => [d.name, d.healthStatus]));
    expect(health).toEqual({ 'ftd-001': 'green', 'ftd-002': 'green', 'ftd-003': 'yellow', 'ftd-004': 'green', 'ftd-005': 'green', 'ftd-006': 'red' });
    expect(before.find((d) => d.name === 'ftd-003')?.healthMessage).toMatch(/Cisco Cloud Configuration - Failure/);

    const fmc = lab.fmc as NonNullable<Lab['fmc']>;
    const pairs = await httpsCall({ port: fmc.port, ca: fmc.caPem, method: 'GET', path: `${CONFIG}/devicehapairs/ftddevicehapairs?expanded=true`, headers: { 'X-auth-access-token': access } });
    const id = (name: string): string | undefined => before.find((d) => d.name === name)?.id;
    const items = (pairs.json as { items: { primary: { id: string }; secondary: { id: string } }[] }).items;
    expect(items.map((p) => [p.primary.id, p.secondary.id])).toEqual([
      [id('ftd-001'), id('ftd-002')],
      [id('ftd-003'), id('ftd-004')],
    ]);

    // The device fixed over SSH (here: in the model) is green on the FMC at the next read.
    lab.device('ftd-003').setDnsServers(['192.0.2.53']);
    const after = await records(lab, access);
    expect(after.find((d) => d.name === 'ftd-003')?.healthStatus).toBe('green');
  });

  it('writes the FMC host into the lab inventory and a plugin: fmc inventory with host_vars for the SSH side', async () => {
    lab = await startLab({ devices: 3, password: PASSWORD, fmc: true });
    const fmc = lab.fmc as NonNullable<Lab['fmc']>;
    expect(lab.inventoryYaml()).not.toContain('lab-fmc');
    const inv = parse(lab.inventoryYaml('/tmp/ca.pem')) as { all: { vars: Record<string, unknown>; children: Record<string, { hosts?: Record<string, Record<string, unknown>> }> } };
    expect(inv.all.children['fmc']?.hosts?.[LAB_FMC_HOST]).toEqual({
      ansible_host: '127.0.0.1',
      ansible_connection: 'httpapi',
      firemend_platform: 'fmc',
      ansible_httpapi_port: fmc.port,
      firemend_ca_file: '/tmp/ca.pem',
      sse_region: 'us',
      fmc_region_names: { 'US Region': 'us', 'EU Region': 'eu', 'APJ Region': 'apj' },
    });
    expect(inv.all.vars['ansible_password']).toBe(PASSWORD);

    const files = lab.fmcInventoryFiles('fmc.yml', '/tmp/ca.pem');
    expect(parse(files.get('fmc.yml') as string)).toEqual({
      plugin: 'fmc',
      host: '127.0.0.1',
      port: fmc.port,
      username: 'admin',
      password_env: LAB_PASSWORD_ENV,
      ca_file: '/tmp/ca.pem',
      validate_certs: true,
      domain: 'Global',
    });
    expect(parse(files.get('group_vars/all.yml') as string)).toMatchObject({ ansible_user: 'admin', firemend_password_env: LAB_PASSWORD_ENV });
    for (const d of lab.devices) expect(parse(files.get(`host_vars/${d.name}.yml`) as string)).toMatchObject({ ansible_port: d.port, sse_region: d.region });
    expect([...files.values()].join('\n')).not.toContain(PASSWORD);
  });
});
