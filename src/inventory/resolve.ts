// Each host's vars by Ansible's precedence (VariableManager), lowest first: group `all`, its group_vars files
// (beside each inventory source, then beside the playbook), the host's other groups sorted by depth, priority
// and name, then their group_vars files, then the host's own vars, then its host_vars files. Linear in hosts.
import { defaultPlatformOf } from '../connections/platforms.js';
import { isIpAddress } from './address.js';
import { sortGroups, type GroupNode, type InventoryData, type Vars } from './inventory-data.js';
import type { InventoryHost } from './model.js';
import type { VarsDir } from './vars-dirs.js';
import { setOwnKey } from '../own-key.js';

function merge(into: Vars, from: Vars): void {
  for (const k of Object.keys(from)) setOwnKey(into, k, from[k]);
}

function containsSecret(v: unknown, secrets: ReadonlySet<string>, found: Set<string>): void {
  if (typeof v === 'string') {
    if (secrets.has(v)) found.add(v);
  } else if (Array.isArray(v)) v.forEach((x) => containsSecret(x, secrets, found));
  else if (v !== null && typeof v === 'object') Object.values(v).forEach((x) => containsSecret(x, secrets, found));
}

/** Every host of the inventory, in Ansible's order for `all`, with its merged vars. */
export function resolveHosts(data: InventoryData, invDirs: VarsDir[], playDirs: VarsDir[], secrets: ReadonlySet<string>): InventoryHost[] {
  const all = data.groups.get('all') as GroupNode;
  const dirs = [...invDirs, ...playDirs];
  const groupFiles = new Map<GroupNode, Vars>();
  const filesOf = (g: GroupNode): Vars => {
    let v = groupFiles.get(g);
    if (!v) {
      v = {};
      for (const d of dirs) merge(v, d.varsFor('group_vars', g.name));
      groupFiles.set(g, v);
    }
    return v;
  };
  const memo = new Map<GroupNode, Set<GroupNode>>();
  const sortedCache = new Map<string, GroupNode[]>();
  const out: InventoryHost[] = [];
  for (const h of data.groupHosts(all)) {
    const mine = [...data.hostGroups(h, memo)].filter((g) => g !== all);
    const key = mine.map((g) => g.name).join('\0');
    let sorted = sortedCache.get(key);
    if (!sorted) {
      sorted = sortGroups(mine);
      sortedCache.set(key, sorted);
    }
    const vars: Vars = {};
    merge(vars, all.vars);
    merge(vars, filesOf(all));
    for (const g of sorted) merge(vars, g.vars);
    for (const g of sorted) merge(vars, filesOf(g));
    merge(vars, h.vars);
    for (const d of dirs) merge(vars, d.varsFor('host_vars', h.name));
    const inventoryVars = { ...vars };
    const groupNames = sorted.map((g) => g.name).sort();
    vars.inventory_hostname = h.name;
    vars.inventory_hostname_short = isIpAddress(h.name) ? h.name : (h.name.split('.')[0] ?? h.name);
    vars.group_names = groupNames;
    if (vars.ansible_host === undefined) vars.ansible_host = h.name;
    if (vars.firemend_platform === undefined) vars.firemend_platform = defaultPlatformOf(vars);
    const host: InventoryHost = { name: h.name, groups: ['all', ...groupNames], vars, inventoryVars, pos: h.pos };
    if (secrets.size > 0) {
      const found = new Set<string>();
      containsSecret(inventoryVars, secrets, found);
      if (found.size > 0) host.secrets = [...found];
    }
    out.push(host);
  }
  return out;
}
