import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertBuilt, runCli } from './helpers.js';

// Runs the built CLI (`npm run build` first; `npm test` does it).
const INV = 'test/fixtures/valid/inventory.yml';
const run = (...args: string[]) => runCli(args);

beforeAll(assertBuilt);

describe('firemend inventory', () => {
  it('prints the selected hosts with merged vars as JSON, secrets redacted', async () => {
    const r = await run('inventory', '-i', INV, '--limit', 'ftd_eu');
    expect(r.code).toBe(0);
    const hosts = JSON.parse(r.stdout) as { name: string; groups: string[]; vars: Record<string, unknown> }[];
    expect(hosts.map((h) => h.name)).toEqual(['ftd-eu-01', 'ftd-eu-02']);
    expect(hosts[1]?.groups).toEqual(['all', 'ftd', 'ftd_eu']);
    expect(hosts[1]?.vars).toMatchObject({ sse_region: 'eu', ansible_port: 2212, ansible_password: '<redacted>', group_names: ['ftd', 'ftd_eu'] });
    expect(r.stdout).not.toContain('not-a-real-secret');
  });

  it("prints Ansible's --list shape", async () => {
    const r = await run('inventory', '-i', INV, '--list');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, { hosts?: string[]; children?: string[] }> & { _meta: { hostvars: Record<string, Record<string, unknown>> } };
    expect(Object.keys(out._meta.hostvars)).toHaveLength(5);
    expect(out.all?.children).toEqual(['ungrouped', 'ftd']); // as ansible-inventory --list
    expect(out.ftd?.children).toEqual(['ftd_us', 'ftd_eu']);
    expect(out.ftd_us?.hosts).toEqual(['ftd-us-01', 'ftd-us-02']);
    expect(out._meta.hostvars['ftd-eu-02']?.ansible_password).toBe('<redacted>');
  });

  it('merges -e over the inventory and redacts secret-looking extra vars', async () => {
    const vars = join(mkdtempSync(join(tmpdir(), 'firemend-e2e-inv-')), 'secret.yml');
    writeFileSync(vars, 'api_token: abc123\n');
    const r = await run('inventory', '-i', INV, '-l', 'ftd-us-01', '-e', 'sse_region=apj', '-e', `@${vars}`);
    const [host] = JSON.parse(r.stdout) as { vars: Record<string, unknown> }[];
    expect(host?.vars.sse_region).toBe('apj');
    expect(host?.vars.api_token).toBe('<redacted>');
    expect(r.stdout).not.toContain('abc123');
  });

  it('exits 1 when the limit matches nothing', async () => {
    const r = await run('inventory', '-i', INV, '--limit', 'ftd:&ftd_us:&ftd_eu');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain("host pattern 'ftd:&ftd_us:&ftd_eu' selects no hosts");
  });

  it('exits 1 with located errors for an invalid inventory', async () => {
    const r = await run('inventory', '-i', 'test/fixtures/invalid/inv-unknown-key.yml');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("test/fixtures/invalid/inv-unknown-key.yml:4:7: unknown key 'host' in group 'ftd' (did you mean 'hosts'?)");
  });
});
