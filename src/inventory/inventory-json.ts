// The JSON views of `firemend inventory`: a plain host list, or Ansible's `--list` shape.
import type { Inventory, InventoryHost } from './model.js';
import { redactVars } from '../secrets.js';

/** `[{name, groups, vars}]` for the selected hosts, secrets redacted. */
export function hostListJson(hosts: InventoryHost[], extraVars: Record<string, unknown> = {}): { name: string; groups: string[]; vars: Record<string, unknown> }[] {
  return hosts.map((h) => ({ name: h.name, groups: h.groups, vars: redactVars({ ...h.vars, ...extraVars }) }));
}

/** Ansible's `ansible-inventory --list` shape for the selected hosts: `_meta.hostvars` plus one entry per group. */
export function ansibleListJson(inv: Inventory, hosts: InventoryHost[], extraVars: Record<string, unknown> = {}): Record<string, unknown> {
  const selected = new Set(hosts.map((h) => h.name));
  const hostvars: Record<string, unknown> = {};
  for (const h of hosts) hostvars[h.name] = redactVars({ ...h.vars, ...extraVars });
  const out: Record<string, unknown> = { _meta: { hostvars } };
  for (const g of inv.groups.values()) {
    const entry: Record<string, unknown> = {};
    const direct = g.name === 'all' ? [] : g.hosts.filter((h) => selected.has(h));
    if (direct.length > 0) entry.hosts = direct;
    if (g.children.length > 0) entry.children = [...g.children];
    out[g.name] = entry;
  }
  return out;
}
