// The JSON views of `firemend inventory`: a plain host list, or Ansible's `ansible-inventory --list` shape.
import type { GroupNode } from './inventory-data.js';
import type { Inventory, InventoryHost } from './model.js';
import { REDACTED, redactVars } from '../secrets.js';

function redactSecrets(v: unknown, secrets: ReadonlySet<string>): unknown {
  if (typeof v === 'string') return secrets.has(v) ? REDACTED : v;
  if (Array.isArray(v)) return v.map((x) => redactSecrets(x, secrets));
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = redactSecrets(x, secrets);
    return out;
  }
  return v;
}

/** Vars as shown: secret names and every vault-decrypted value redacted. */
function shownVars(vars: Record<string, unknown>, h: Pick<InventoryHost, 'secrets'>): Record<string, unknown> {
  const red = redactVars(vars);
  return h.secrets && h.secrets.length > 0 ? (redactSecrets(red, new Set(h.secrets)) as Record<string, unknown>) : red;
}

/** `[{name, groups, vars}]` for the selected hosts, secrets redacted. */
export function hostListJson(hosts: InventoryHost[], extraVars: Record<string, unknown> = {}): { name: string; groups: string[]; vars: Record<string, unknown> }[] {
  return hosts.map((h) => ({ name: h.name, groups: h.groups, vars: shownVars({ ...h.vars, ...extraVars }, h) }));
}

/** Ansible's `ansible-inventory --list` shape (groups reachable from `all`, empty ones left out; `_meta.hostvars`), for the selected hosts. */
export function ansibleListJson(inv: Inventory, hosts: InventoryHost[], extraVars: Record<string, unknown> = {}, redact = true): Record<string, unknown> {
  const selected = new Set(hosts.map((h) => h.name));
  const out: Record<string, unknown> = {};
  const seen = new Set<string>();
  const format = (g: GroupNode): void => {
    const entry: Record<string, unknown> = {};
    const direct = g.name === 'all' ? [] : g.hosts.map((h) => h.name).filter((n) => selected.has(n));
    if (direct.length > 0) entry.hosts = direct;
    const children: string[] = [];
    for (const c of g.children) {
      children.push(c.name);
      if (!seen.has(c.name)) {
        seen.add(c.name);
        format(c);
      }
    }
    if (children.length > 0) entry.children = children;
    if (Object.keys(entry).length > 0) out[g.name] = entry;
  };
  const all = inv.data?.groups.get('all');
  if (all) format(all);
  const hostvars: Record<string, unknown> = {};
  for (const h of hosts) {
    const v = { ...(h.inventoryVars ?? h.vars), ...extraVars };
    if (Object.keys(v).length > 0) hostvars[h.name] = redact ? shownVars(v, h) : v;
  }
  out._meta = { hostvars };
  return out;
}
