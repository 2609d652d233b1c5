// Ansible YAML inventory → resolved hosts with merged vars (Ansible precedence) and group membership.
import { createHash } from 'node:crypto';
import { readInputFile } from '../yaml/input-file.js';
import { InputError } from '../errors.js';
import type { Diagnostic, SourcePos } from '../errors.js';
import { parseLocatedYaml } from '../yaml/located-yaml.js';
import type { LocatedYaml } from '../yaml/located-yaml.js';
import { schemaDiagnostics, schemaValidator } from '../yaml/schema-check.js';
import { expandHostRange } from './host-ranges.js';
import type { Inventory, InventoryGroup, InventoryHost } from './model.js';

type Vars = Record<string, unknown>;

interface GroupBuild {
  name: string;
  children: string[];
  /** Where each child was named under this group, for cycle errors. */
  childPos: Map<string, SourcePos>;
  hosts: string[];
  vars: Vars;
  pos: SourcePos;
}

interface HostBuild {
  name: string;
  /** Host-level vars, in the order the file gave them (later wins). */
  layers: Vars[];
  pos: SourcePos;
}

function isRecord(v: unknown): v is Vars {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Read and resolve an inventory file; throws InputError listing every problem with its position. */
export async function loadInventory(path: string): Promise<Inventory> {
  const file = readInputFile(path, 'inventory');
  if (!file.ok) throw new InputError([file.diagnostic]);
  return parseInventory(file.text, path);
}

/** Resolve inventory text (already read) as loadInventory does. */
export function parseInventory(text: string, path: string): Inventory {
  const doc = parseLocatedYaml(text, path);
  if (doc.fatal) throw new InputError(doc.diagnostics);
  const diagnostics = [...doc.diagnostics, ...schemaDiagnostics(schemaValidator('inventory.schema.json'), doc)];
  if (diagnostics.length > 0) throw new InputError(sortDiagnostics(diagnostics));
  const inv = resolve(doc, diagnostics);
  if (diagnostics.length > 0) throw new InputError(sortDiagnostics(diagnostics));
  return { ...inv, path, sha256: createHash('sha256').update(text).digest('hex') };
}

/** Order diagnostics by file, line and column, so output reads top to bottom. */
export function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  return [...ds].sort((a, b) => (a.pos.file < b.pos.file ? -1 : a.pos.file > b.pos.file ? 1 : a.pos.line - b.pos.line || a.pos.col - b.pos.col));
}

function resolve(doc: LocatedYaml, diagnostics: Diagnostic[]): Omit<Inventory, 'path' | 'sha256'> {
  const groups = new Map<string, GroupBuild>();
  const hosts = new Map<string, HostBuild>();
  const top: SourcePos = doc.at([]);
  const group = (name: string, pos: SourcePos): GroupBuild => {
    let g = groups.get(name);
    if (!g) {
      g = { name, children: [], childPos: new Map(), hosts: [], vars: {}, pos };
      groups.set(name, g);
    }
    return g;
  };
  const all = group('all', top);

  // 1. Walk every group definition; a group named in several places is one group (Ansible merges them).
  const define = (name: string, def: unknown, path: (string | number)[]): void => {
    const g = group(name, doc.keyAt(path));
    if (!isRecord(def)) return;
    if (isRecord(def.vars)) Object.assign(g.vars, def.vars);
    if (isRecord(def.hosts)) {
      for (const [entry, hv] of Object.entries(def.hosts)) {
        let names: string[];
        try {
          names = expandHostRange(entry);
        } catch (err) {
          diagnostics.push({ pos: doc.keyAt([...path, 'hosts', entry]), message: (err as Error).message });
          continue;
        }
        for (const h of names) {
          let hb = hosts.get(h);
          if (!hb) {
            hb = { name: h, layers: [], pos: doc.keyAt([...path, 'hosts', entry]) };
            hosts.set(h, hb);
          }
          if (isRecord(hv)) hb.layers.push(hv);
          if (!g.hosts.includes(h)) g.hosts.push(h);
        }
      }
    }
    if (isRecord(def.children)) {
      for (const [child, cdef] of Object.entries(def.children)) {
        if (child === 'all') {
          diagnostics.push({ pos: doc.keyAt([...path, 'children', child]), message: `group 'all' cannot be a child of '${name}'` });
          continue;
        }
        if (!g.children.includes(child)) {
          g.children.push(child);
          g.childPos.set(child, doc.keyAt([...path, 'children', child]));
        }
        define(child, cdef, [...path, 'children', child]);
      }
    }
  };
  const root = isRecord(doc.value) ? doc.value : {};
  for (const [name, def] of Object.entries(root)) {
    define(name, def, [name]);
    // Top-level groups other than `all` are children of `all`, as in Ansible.
    if (name !== 'all' && !all.children.includes(name)) {
      all.children.push(name);
      all.childPos.set(name, doc.keyAt([name]));
    }
  }

  // 2. Cycles make membership and precedence meaningless: report each at the edge that closes it.
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cyclic = new Set<string>();
  const visit = (name: string): void => {
    state.set(name, 'open');
    stack.push(name);
    const g = groups.get(name);
    for (const c of g?.children ?? []) {
      const s = state.get(c);
      if (s === 'open') {
        const loop = [...stack.slice(stack.indexOf(c)), c];
        const pos = g?.childPos.get(c) ?? top;
        diagnostics.push({ pos, message: `group '${c}' is its own ancestor: ${loop.join(' -> ')}` });
        cyclic.add(`${name}>${c}`);
      } else if (s === undefined) {
        visit(c);
      }
    }
    stack.pop();
    state.set(name, 'done');
  };
  for (const name of groups.keys()) if (!state.has(name)) visit(name);
  if (diagnostics.length > 0) return { hosts: [], groups: new Map() };

  // 3. Hosts that are in no group but `all` are `ungrouped`, as in Ansible.
  const memberOfSome = new Set<string>();
  for (const g of groups.values()) if (g.name !== 'all') g.hosts.forEach((h) => memberOfSome.add(h));
  const ungrouped = group('ungrouped', top);
  for (const h of hosts.keys()) if (!memberOfSome.has(h) && !ungrouped.hosts.includes(h)) ungrouped.hosts.push(h);
  if (!all.children.includes('ungrouped')) all.children.push('ungrouped');

  // 4. Depth = longest path from `all` (Ansible: parents merge before children).
  const depth = new Map<string, number>([['all', 0]]);
  const order = topoOrder(groups);
  for (const name of order) {
    const d = depth.get(name) ?? 1;
    for (const c of groups.get(name)?.children ?? []) depth.set(c, Math.max(depth.get(c) ?? 0, d + 1));
  }
  for (const name of groups.keys()) if (!depth.has(name)) depth.set(name, 1);

  // 5. Each group's full host set (its own and its descendants').
  const members = new Map<string, Set<string>>();
  const membersOf = (name: string): Set<string> => {
    const cached = members.get(name);
    if (cached) return cached;
    const set = new Set<string>(groups.get(name)?.hosts ?? []);
    members.set(name, set);
    for (const c of groups.get(name)?.children ?? []) for (const h of membersOf(c)) set.add(h);
    return set;
  };
  for (const name of groups.keys()) membersOf(name);
  for (const h of hosts.keys()) membersOf('all').add(h);

  const priority = (g: GroupBuild): number => (typeof g.vars.ansible_group_priority === 'number' ? g.vars.ansible_group_priority : 1);
  const resolved: InventoryHost[] = [];
  for (const hb of hosts.values()) {
    const its = [...groups.values()].filter((g) => membersOf(g.name).has(hb.name));
    // Ansible's sort_groups: by depth, then ansible_group_priority, then name; later wins.
    its.sort((a, b) => (depth.get(a.name) ?? 0) - (depth.get(b.name) ?? 0) || priority(a) - priority(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const vars: Vars = {};
    for (const g of its) Object.assign(vars, g.vars);
    for (const layer of hb.layers) Object.assign(vars, layer);
    const groupNames = its.map((g) => g.name).filter((n) => n !== 'all').sort();
    vars.inventory_hostname = hb.name;
    vars.inventory_hostname_short = hb.name.split('.')[0] ?? hb.name;
    vars.group_names = groupNames;
    if (vars.ansible_host === undefined) vars.ansible_host = hb.name;
    if (vars.firemend_platform === undefined) vars.firemend_platform = 'ftd';
    resolved.push({ name: hb.name, groups: ['all', ...groupNames], vars, pos: hb.pos });
  }
  const outGroups = new Map<string, InventoryGroup>();
  for (const g of groups.values()) outGroups.set(g.name, { name: g.name, children: [...g.children], hosts: [...g.hosts], vars: { ...g.vars }, pos: g.pos });
  return { hosts: resolved, groups: outGroups };
}

// Parents before children (the graph is acyclic by now).
function topoOrder(groups: Map<string, GroupBuild>): string[] {
  const indeg = new Map<string, number>();
  for (const g of groups.values()) {
    if (!indeg.has(g.name)) indeg.set(g.name, 0);
    for (const c of g.children) indeg.set(c, (indeg.get(c) ?? 0) + 1);
  }
  const queue = [...indeg].filter(([, d]) => d === 0).map(([n]) => n);
  const out: string[] = [];
  while (queue.length > 0) {
    const n = queue.shift() as string;
    out.push(n);
    for (const c of groups.get(n)?.children ?? []) {
      const d = (indeg.get(c) ?? 0) - 1;
      indeg.set(c, d);
      if (d === 0) queue.push(c);
    }
  }
  return out;
}
