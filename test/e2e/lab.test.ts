// `firemend lab` as users run it: the built CLI starts a fleet, prints `ready:`, writes an inventory that
// `firemend inventory` accepts, serves SSH, and exits 0 on SIGTERM.
import { spawn, execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { exec } from '../integration/lab/ssh-helpers.js';

const CLI = 'dist/src/cli/main.js';
let dir: string;

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  dir = mkdtempSync(join(tmpdir(), 'lab-e2e-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('firemend lab', () => {
  it('serves the fleet until SIGTERM, with an inventory firemend accepts as-is', async () => {
    const inv = join(dir, 'inv.yml');
    const kh = join(dir, 'kh');
    const child = spawn('node', [CLI, 'lab', '--devices', '4', '--faults', 'no-dns=1', '--inventory-out', inv, '--known-hosts-out', kh, '--audit-dir', join(dir, 'audit')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    for (let i = 0; i < 200 && !stdout.includes('\n'); i++) await new Promise((r) => setTimeout(r, 50));
    const m = /^ready: 4 devices on 127\.0\.0\.1 ports (\d+)-(\d+), inventory (\S+), known_hosts (\S+)\n$/.exec(stdout);
    expect(m, stdout + stderr).not.toBeNull();
    expect(Number(m![2]) - Number(m![1])).toBe(3);
    expect(m![3]).toBe(inv);
    expect(statSync(inv).mode & 0o077).toBe(0);

    const doc = parse(readFileSync(inv, 'utf8')) as { all: { vars: Record<string, unknown>; children: { ftd: { children: Record<string, { vars: { sse_region: string }; hosts: Record<string, { ansible_port: number; lab_faults: string[] }> }> } } } };
    expect(doc.all.vars).toMatchObject({ ansible_user: 'admin', ansible_password: 'firemend-lab', firemend_platform: 'ftd', dns_servers: ['192.0.2.53', '192.0.2.54'] });
    expect(Object.keys(doc.all.children.ftd.children)).toEqual(['region_us', 'region_eu', 'region_apj']);
    expect(Object.keys(doc.all.children.ftd.children['region_us']!.hosts)).toEqual(['ftd-001', 'ftd-004']);
    expect(readFileSync(kh, 'utf8').trim().split('\n')).toHaveLength(4);

    const inventory = await promisify(execFile)('node', [CLI, 'inventory', '-i', inv]);
    const hosts = JSON.parse(inventory.stdout) as { name: string; vars: Record<string, unknown> }[];
    expect(hosts.map((h) => h.name).sort()).toEqual(['ftd-001', 'ftd-002', 'ftd-003', 'ftd-004']);

    const port = Number(m![1]);
    const r = await exec(port, 'show version');
    expect(r.stdout).toContain('[ ftd-001 ]');
    expect(readFileSync(join(dir, 'audit', 'ftd-001.jsonl'), 'utf8')).toContain('"command":"show version"');

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    await expect(exec(port, 'show version')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('refuses an unknown fault with a clear message and exit code 1', async () => {
    const r = await promisify(execFile)('node', [CLI, 'lab', '--devices', '2', '--faults', 'nodns=1']).catch((e: { code: number; stderr: string }) => e);
    expect((r as { code: number }).code).toBe(1);
    expect((r as { stderr: string }).stderr).toContain("unknown fault 'nodns'");
  });
});
