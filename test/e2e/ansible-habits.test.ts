// The built CLI with what Ansible users bring: several -i, inventory directories with group_vars, INI, host
// lists, `all:!maintenance` with an empty group, and run --list-hosts / --list-tasks / --syntax-check.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PLAYBOOK, assertBuilt, runCli, tempDir } from './helpers.js';

const run = (...args: string[]) => runCli(args);
let dir: string;

beforeAll(() => {
  assertBuilt();
  dir = tempDir('habits');
  writeFileSync(join(dir, 'eu.yml'), 'all:\n  vars:\n    dns_servers: [10.0.0.1]\n  children:\n    ftd:\n      children:\n        eu:\n          hosts:\n            fw1:\n            fw2:\n    maintenance:\n');
  writeFileSync(join(dir, 'us.ini'), '[us]\nfw3 ansible_port=2222\n\n[ftd:children]\nus\n');
  mkdirSync(join(dir, 'group_vars'));
  writeFileSync(join(dir, 'group_vars', 'eu.yml'), 'sse_region: eu\nenable_fix: no\n');
});

describe('Ansible inventories from the command line', () => {
  it('merges several -i in order and reads group_vars beside them, with YAML 1.1 booleans', async () => {
    const r = await run('inventory', '-i', join(dir, 'eu.yml'), '-i', join(dir, 'us.ini'), '--limit', 'ftd:!maintenance');
    expect(r.code).toBe(0);
    const hosts = JSON.parse(r.stdout) as { name: string; vars: Record<string, unknown> }[];
    expect(hosts.map((h) => h.name)).toEqual(['fw1', 'fw2', 'fw3']);
    expect(hosts[0]?.vars).toMatchObject({ sse_region: 'eu', enable_fix: false });
    expect(hosts[2]?.vars).toMatchObject({ ansible_port: 2222 });
  });

  it('takes a host list with ports', async () => {
    const r = await run('inventory', '-i', 'fw01,fw02:2222,');
    expect(r.code).toBe(0);
    const hosts = JSON.parse(r.stdout) as { name: string; vars: Record<string, unknown> }[];
    expect(hosts.map((h) => [h.name, h.vars.ansible_port])).toEqual([['fw01', undefined], ['fw02', 2222]]);
  });

  it('still refuses a pattern that selects no host at all', async () => {
    const r = await run('inventory', '-i', join(dir, 'eu.yml'), '--limit', 'maintenance');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("host pattern 'maintenance' selects no hosts");
  });

  it('lists hosts and steps per play with run --list-hosts --list-tasks, contacting nothing', async () => {
    const r = await run('run', PLAYBOOK, '-i', join(dir, 'eu.yml'), '-i', join(dir, 'us.ini'), '--list-hosts', '--list-tasks', '--limit', 'eu');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('    hosts (2):\n      fw1\n      fw2\n');
    expect(r.stdout).toContain('      dns-configured: DNS servers are configured');
  });

  it('checks syntax with run --syntax-check', async () => {
    const r = await run('run', PLAYBOOK, '-i', join(dir, 'eu.yml'), '--syntax-check');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`\nplaybook: ${PLAYBOOK}\n`);
  });

  it('validate -i follows group_vars', async () => {
    writeFileSync(join(dir, 'bad.yml'), 'all:\n  hosts:\n    x:\n');
    mkdirSync(join(dir, 'host_vars'), { recursive: true });
    writeFileSync(join(dir, 'host_vars', 'x.yml'), 'a: [unclosed\n');
    const r = await run('validate', PLAYBOOK, '-i', join(dir, 'bad.yml'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/host_vars\/x\.yml:\d+:\d+: YAML syntax error/);
  });
});
