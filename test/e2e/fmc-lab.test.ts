// `firemend lab --fmc` as users run it: the built CLI serves the FTDs and an FMC REST API on 127.0.0.1, writes the
// FMC's CA, the lab inventory with the FMC host and a `plugin: fmc` inventory, audits the FMC's requests, and
// stops on SIGTERM.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { assertBuilt, spawnCli, tempDir, type CliChild } from './helpers.js';
import { basic, httpsCall } from '../helpers/fmc-lab-https.js';

let dir: string;
beforeAll(() => {
  assertBuilt();
  dir = tempDir('fmc-lab');
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Resolves with the first stdout line of the child (the ready line), rejects if it exits first. */
function firstLine(cli: CliChild): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      const out = cli.stdout();
      if (!out.includes('\n')) return;
      cli.child.stdout?.off('data', check);
      resolve(out.slice(0, out.indexOf('\n')));
    };
    cli.child.stdout?.on('data', check);
    check();
    void cli.done.then((r) => reject(new Error(`lab exited before ready (code ${String(r.code)}): ${r.stderr}`)));
  });
}

describe('firemend lab --fmc', () => {
  it('serves an FMC managing the lab FTDs, with its CA, inventories and audit, until SIGTERM', async () => {
    const ca = join(dir, 'fmc-ca.pem');
    const plugin = join(dir, 'fmc-inv', 'fmc.yml');
    const inv = join(dir, 'inv.yml');
    const cli = spawnCli([
      'lab', '--devices', '4', '--ha-pairs', '1', '--fmc', '--faults', 'no-dns=@ftd-004,fmc-old-version', '--fmc-ca-out', ca, '--fmc-inventory-out', plugin,
      '--fmc-page-size', '3', '--inventory-out', inv, '--known-hosts-out', join(dir, 'kh'), '--audit-dir', join(dir, 'audit'), '--password', 'e2e-Fmc-Lab-Pw-0c1d',
    ]);
    const ready = await firstLine(cli);
    const m = /^ready: 4 devices on 127\.0\.0\.1 ports \d+-\d+, inventory (\S+), known_hosts \S+, FMC https:\/\/127\.0\.0\.1:(\d+) \(CA (\S+), inventory (\S+)\)$/.exec(ready);
    expect(m, ready).not.toBeNull();
    const [, invPath, portText, caPath, pluginPath] = m as unknown as [string, string, string, string, string];
    expect([invPath, caPath, pluginPath]).toEqual([inv, ca, plugin]);
    const port = Number(portText);

    // The lab inventory holds the FMC host; the plugin file and its host_vars sit where asked.
    const doc = parse(readFileSync(inv, 'utf8')) as { all: { children: { fmc: { hosts: Record<string, Record<string, unknown>> } } } };
    expect(doc.all.children.fmc.hosts['lab-fmc']).toMatchObject({ ansible_connection: 'httpapi', ansible_httpapi_port: port, firemend_ca_file: ca });
    expect(parse(readFileSync(plugin, 'utf8'))).toMatchObject({ plugin: 'fmc', port, ca_file: ca, password_env: 'FIREMEND_LAB_PASSWORD' });
    for (const d of ['ftd-001', 'ftd-002', 'ftd-003', 'ftd-004']) expect(existsSync(join(dir, 'fmc-inv', 'host_vars', `${d}.yml`))).toBe(true);

    // The FMC answers with the CA written, pages at 3, and is 6.6 (fmc-old-version: no licence API).
    const caPem = readFileSync(ca, 'utf8');
    const login = await httpsCall({ port, ca: caPem, method: 'POST', path: '/api/fmc_platform/v1/auth/generatetoken', headers: { Authorization: basic('admin', 'e2e-Fmc-Lab-Pw-0c1d') } });
    expect(login.status).toBe(204);
    const token = { 'X-auth-access-token': String(login.headers['x-auth-access-token']) };
    const domain = String(login.headers['domain_uuid']);
    const records = await httpsCall({ port, ca: caPem, method: 'GET', path: `/api/fmc_config/v1/domain/${domain}/devices/devicerecords?expanded=true`, headers: token });
    expect(records.json).toMatchObject({ paging: { count: 4, limit: 3, pages: 2 } });
    expect((records.json as { items: { name: string; healthStatus: string }[] }).items.map((d) => d.name)).toEqual(['ftd-001', 'ftd-002', 'ftd-003']);
    expect((await httpsCall({ port, ca: caPem, method: 'GET', path: '/api/fmc_platform/v1/license/smartlicenses', headers: token })).status).toBe(404);

    const audit = readFileSync(join(dir, 'audit', 'fmc.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { method: string; path: string; status: number });
    expect(audit.map((e) => `${e.method} ${e.status}`)).toEqual(['POST 204', 'GET 200', 'GET 404']);
    expect(readFileSync(join(dir, 'audit', 'fmc.jsonl'), 'utf8')).not.toContain('e2e-Fmc-Lab-Pw-0c1d');

    cli.child.kill('SIGTERM');
    expect((await cli.done).code).toBe(0);
    await expect(httpsCall({ port, ca: caPem, method: 'GET', path: '/' })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('refuses an FMC fault without --fmc, and a count on one, with exit code 1', async () => {
    const without = await spawnCli(['lab', '--devices', '2', '--faults', 'fmc-eval-licence', '--inventory-out', join(dir, 'x.yml'), '--known-hosts-out', join(dir, 'x-kh')]).done;
    expect(without.code).toBe(1);
    expect(without.stderr).toContain('FMC faults need the lab FMC (--fmc)');
    const counted = await spawnCli(['lab', '--devices', '2', '--fmc', '--faults', 'fmc-rate-limit=2', '--inventory-out', join(dir, 'y.yml'), '--known-hosts-out', join(dir, 'y-kh')]).done;
    expect(counted.code).toBe(1);
    expect(counted.stderr).toContain('give it without a count');
  });
});
