// The FMC as the inventory, through the built CLI against the lab FMC: `plugin: fmc` over 60 lab devices read in
// several pages lists every device with the right ha_peer and health, and cloud-config-failure.yml runs on it
// (SSH ports and credentials from the host_vars/group_vars the lab writes beside the plugin file).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_PASSWORD, PLAYBOOK, assertBuilt, readReport, runCli, statuses } from './helpers.js';
import { startFmcTestLab, fmcWrites, type FmcTestLab } from './fmc-helpers.js';

const DEVICES = 60;
const PAIRS = 10;
let t: FmcTestLab;

beforeAll(async () => {
  assertBuilt();
  // Page size 7: the 60 device records come in 9 pages, the 10 HA pairs in 2.
  t = await startFmcTestLab({ devices: DEVICES, haPairs: PAIRS, fmcPageSize: 7, faults: 'no-dns=@ftd-005,egress-blocked=@ftd-012,unreachable=@ftd-030' });
});
afterAll(async () => {
  await t?.stop();
});

const env = { FIREMEND_LAB_PASSWORD: LAB_PASSWORD };

describe('plugin: fmc inventory over the lab FMC', () => {
  it('lists all 60 devices from several pages, each with its HA peer, health group and the SSH port of its host_vars', async () => {
    const r = await runCli(['inventory', '-i', t.pluginInventory], env);
    expect(r.code, r.stderr).toBe(0);
    const hosts = JSON.parse(r.stdout) as { name: string; groups: string[]; vars: Record<string, unknown> }[];
    expect(hosts.map((h) => h.name).sort()).toEqual(t.lab.devices.map((d) => d.name).sort());
    for (const d of t.lab.devices) {
      const h = hosts.find((x) => x.name === d.name);
      expect(h?.vars['ha_peer'], d.name).toBe(d.haPeer);
      expect(h?.vars['ansible_host']).toBe('127.0.0.1');
      expect(h?.vars['ansible_port']).toBe(d.port);
      expect(h?.vars['fmc_sw_version']).toBe('7.4.1');
      expect(h?.groups).toContain('fmc_version_7_4_1');
    }
    // The HA pairs as the lab pairs them: ftd-001/ftd-002 … ftd-019/ftd-020; the rest standalone.
    expect(hosts.filter((h) => h.vars['ha_peer'] !== undefined)).toHaveLength(2 * PAIRS);
    const health = Object.fromEntries(hosts.map((h) => [h.name, h.vars['fmc_health_status']]));
    expect([health['ftd-005'], health['ftd-012'], health['ftd-030'], health['ftd-001']]).toEqual(['yellow', 'yellow', 'red', 'green']);
    expect(hosts.find((h) => h.name === 'ftd-030')?.groups).toContain('fmc_health_red');
    // Every page was read (9 of devices, 2 of HA pairs), and nothing but GETs and the login.
    const audit = t.fmcAudit();
    expect(audit.filter((e) => e.path.endsWith('/devices/devicerecords')).length).toBe(9);
    expect(audit.filter((e) => e.path.endsWith('/devicehapairs/ftddevicehapairs')).length).toBe(2);
    expect(fmcWrites(audit)).toEqual([]);
    expect(r.stdout).not.toContain(LAB_PASSWORD);
  });

  it('runs cloud-config-failure.yml on the FMC inventory, with the outcomes of the fault table', async () => {
    const report = `${t.dir}/fmc-inventory-report.json`;
    const r = await runCli(['run', PLAYBOOK, '-i', t.pluginInventory, '--known-hosts', t.knownHosts, '-e', 'reboot_timeout=20', '--check', '--report', report, '--output', 'line'], env);
    // 2: action_required wins over unreachable (4) in CONTRACT.md's order.
    expect(r.code, r.stderr + r.stdout.slice(-3000)).toBe(2);
    const s = statuses(readReport(report));
    expect(Object.keys(s)).toHaveLength(DEVICES);
    expect(s['ftd-005']).toBe('pending');
    expect(s['ftd-012']).toBe('action_required');
    expect(s['ftd-030']).toBe('unreachable');
    expect(Object.entries(s).filter(([n]) => !['ftd-005', 'ftd-012', 'ftd-030'].includes(n)).every(([, v]) => v === 'ok')).toBe(true);
  });
});
