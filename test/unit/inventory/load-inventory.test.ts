import { describe, expect, it } from 'vitest';
import { loadInventory, parseInventory } from '../../../src/inventory/load-inventory.js';
import { InputError } from '../../../src/errors.js';
import type { Inventory } from '../../../src/inventory/model.js';

const FIXTURE = 'test/fixtures/valid/inventory.yml';

function host(inv: Inventory, name: string) {
  const h = inv.hosts.find((x) => x.name === name);
  if (!h) throw new Error(`no host ${name}`);
  return h;
}

function diagnosticsOf(text: string): string[] {
  try {
    parseInventory(text, 'inv.yml');
  } catch (err) {
    if (err instanceof InputError) return err.diagnostics.map((d) => `${d.pos.line}:${d.pos.col}: ${d.message}`);
    throw err;
  }
  return [];
}

describe('loadInventory', () => {
  it('lists hosts in file order, expanding Ansible ranges', async () => {
    const inv = await loadInventory(FIXTURE);
    expect(inv.hosts.map((h) => h.name)).toEqual(['jump-01', 'ftd-us-01', 'ftd-us-02', 'ftd-eu-01', 'ftd-eu-02']);
    expect(inv.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('lets a child group override its parent and the host override both', async () => {
    const inv = await loadInventory(FIXTURE);
    expect(host(inv, 'ftd-us-01').vars.sse_region).toBe('us');
    expect(host(inv, 'ftd-eu-01').vars.sse_region).toBe('eu');
    expect(host(inv, 'ftd-eu-01').vars.dns_servers).toEqual(['9.9.9.9']);
    expect(host(inv, 'ftd-eu-01').vars.ansible_port).toBe(2211);
    expect(host(inv, 'ftd-eu-01').vars.reboot_timeout).toBe(900);
  });

  it('gives every host inventory_hostname, sorted group_names without all, and ansible_host defaulting to its name', () => {
    const inv = parseInventory('all:\n  children:\n    zeta: { hosts: { a: } }\n    alpha: { hosts: { a: } }\n', 'i.yml');
    const a = host(inv, 'a');
    expect(a.vars.inventory_hostname).toBe('a');
    expect(a.vars.group_names).toEqual(['alpha', 'zeta']);
    expect(a.vars.ansible_host).toBe('a');
    expect(a.vars.firemend_platform).toBe('ftd');
    expect(a.groups).toEqual(['all', 'alpha', 'zeta']);
  });

  it('merges sibling groups at the same depth alphabetically, the later name winning', () => {
    const inv = parseInventory('all:\n  children:\n    zeta: { hosts: { a: }, vars: { x: z } }\n    alpha: { hosts: { a: }, vars: { x: a } }\n', 'i.yml');
    expect(host(inv, 'a').vars.x).toBe('z');
  });

  it('lets ansible_group_priority reorder sibling groups', () => {
    const inv = parseInventory('all:\n  children:\n    zeta: { hosts: { a: }, vars: { x: z } }\n    alpha: { hosts: { a: }, vars: { x: a, ansible_group_priority: 5 } }\n', 'i.yml');
    expect(host(inv, 'a').vars.x).toBe('a');
  });

  it('merges a deeper group after a shallower one regardless of name', () => {
    const inv = parseInventory('all:\n  vars: { x: all }\n  children:\n    b:\n      vars: { x: b }\n      children:\n        a: { hosts: { h: }, vars: { x: a } }\n    c: { hosts: { h: }, vars: { x: c } }\n', 'i.yml');
    expect(host(inv, 'h').vars.x).toBe('a');
    expect(host(inv, 'h').vars.group_names).toEqual(['a', 'b', 'c']);
  });

  it('puts hosts that belong to no group into ungrouped', () => {
    const inv = parseInventory('all:\n  hosts:\n    lone:\n', 'i.yml');
    expect(host(inv, 'lone').vars.group_names).toEqual(['ungrouped']);
  });

  it('treats top-level groups other than all as children of all', () => {
    const inv = parseInventory('ftd:\n  hosts: { a: }\n  vars: { v: 1 }\n', 'i.yml');
    expect(host(inv, 'a').vars.v).toBe(1);
    expect(inv.groups.get('all')?.children).toContain('ftd');
  });

  it('reports a cycle in children at the edge that closes it', () => {
    expect(diagnosticsOf('all:\n  children:\n    a:\n      children:\n        b:\n          children:\n            a:\n')).toEqual([
      "4:7: Adding group 'b' as child to 'a' creates a recursive dependency loop.",
    ]);
  });

  it('rejects unknown structure keys and mistyped connection vars, all at once', () => {
    expect(diagnosticsOf('all:\n  host:\n    a:\n  vars:\n    ansible_port: "22"\n    dns_servers: [1.1.1.1, dns.example]\n')).toEqual([
      "2:3: unknown key 'host' in group 'all' (did you mean 'hosts'?)",
      "5:19: 'ansible_port' must be an integer (got \"22\")",
      "6:28: 'dns_servers[1]' must be an IPv4 or IPv6 address (got \"dns.example\")",
    ]);
  });

  it('keeps host vars free-form', () => {
    const inv = parseInventory('all:\n  hosts:\n    a: { anything_goes: { nested: [1, 2] } }\n', 'i.yml');
    expect(host(inv, 'a').vars.anything_goes).toEqual({ nested: [1, 2] });
  });

  it('reports an unreadable file at line 1', async () => {
    await expect(loadInventory('test/fixtures/valid/nope.yml')).rejects.toThrow('test/fixtures/valid/nope.yml:1:1: cannot read inventory (ENOENT)');
  });
});
