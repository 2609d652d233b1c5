// ansible-core's InventoryData, in linear time: groups and hosts in the order they were added, group parents
// and children, depth and priority, and the same rules for names that are both a host and a group.
import type { SourcePos } from '../errors.js';
import { setOwnKey } from '../own-key.js';

export type Vars = Record<string, unknown>;

export interface GroupNode {
  name: string;
  vars: Vars;
  /** Direct hosts, in the order they were added. */
  hosts: HostNode[];
  hostSet: Set<HostNode>;
  children: GroupNode[];
  parents: GroupNode[];
  depth: number;
  priority: number;
  pos: SourcePos;
}

export interface HostNode {
  name: string;
  vars: Vars;
  /** Groups the host was added to directly, in order. */
  direct: GroupNode[];
  pos: SourcePos;
}

/** An inventory problem Ansible would raise as an error, with where it comes from. */
export class InventoryDataError extends Error {}

function isMap(v: unknown): v is Vars {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Ansible's set_variable: a map given again for a key that already holds a map is merged one level, else replaced. */
function setVar(vars: Vars, key: string, value: unknown): void {
  const old = vars[key];
  const v = isMap(old) && isMap(value) ? { ...old, ...value } : value;
  setOwnKey(vars, key, v);
}

export class InventoryData {
  readonly groups = new Map<string, GroupNode>();
  readonly hosts = new Map<string, HostNode>();
  readonly warnings: string[] = [];
  /** The source file hosts are being added from (inventory_file / inventory_dir of a new host). */
  currentSource: string | undefined;

  constructor(private readonly top: SourcePos) {
    this.addGroup('all', top);
    this.addGroup('ungrouped', top);
    this.addChild('all', 'ungrouped');
  }

  addGroup(name: string, pos: SourcePos = this.top): GroupNode {
    if (name === '') throw new InventoryDataError('invalid empty group name');
    let g = this.groups.get(name);
    if (!g) {
      g = { name, vars: {}, hosts: [], hostSet: new Set(), children: [], parents: [], depth: 0, priority: 1, pos };
      this.groups.set(name, g);
    }
    return g;
  }

  addHost(name: string, group: string | undefined, port: number | undefined, pos: SourcePos): HostNode {
    if (name === '') throw new InventoryDataError('invalid empty host name');
    let g: GroupNode | undefined;
    if (group !== undefined) {
      g = this.groups.get(group);
      if (!g) throw new InventoryDataError(`could not find group ${group} in inventory`);
    }
    let h = this.hosts.get(name);
    if (!h) {
      h = { name, vars: {}, direct: [], pos };
      this.hosts.set(name, h);
      if (port !== undefined) setVar(h.vars, 'ansible_port', port);
    }
    if (g) this.groupAddHost(g, h);
    return h;
  }

  private groupAddHost(g: GroupNode, h: HostNode): void {
    if (g.hostSet.has(h)) return;
    g.hostSet.add(h);
    g.hosts.push(h);
    if (!h.direct.includes(g)) h.direct.push(g);
  }

  /** Ansible's set_variable: a name that is a group sets the group's variable, even when a host has that name too. */
  setVariable(entity: string, key: string, value: unknown): void {
    const g = this.groups.get(entity);
    if (g) {
      if (key === 'ansible_group_priority') {
        const n = typeof value === 'number' ? value : Number.parseInt(String(value), 10);
        if (!Number.isInteger(n)) throw new InventoryDataError(`group ${entity}: ansible_group_priority must be an integer`);
        g.priority = n;
      } else setVar(g.vars, key, value);
      return;
    }
    const h = this.hosts.get(entity);
    if (!h) throw new InventoryDataError(`could not identify group or host named ${entity}`);
    setVar(h.vars, key, value);
  }

  /** Ansible's add_child: a group child when a group has that name, else a host. */
  addChild(parent: string, child: string): void {
    const p = this.groups.get(parent);
    if (!p) throw new InventoryDataError(`${parent} is not a known group`);
    const cg = this.groups.get(child);
    if (cg) {
      this.addChildGroup(p, cg);
      return;
    }
    const h = this.hosts.get(child);
    if (!h) throw new InventoryDataError(`${child} is not a known host nor group`);
    this.groupAddHost(p, h);
  }

  private addChildGroup(p: GroupNode, c: GroupNode): void {
    if (p === c) throw new InventoryDataError(`can't add group ${p.name} to itself`);
    if (p.children.includes(c)) return;
    if (this.ancestors(p).has(c)) {
      throw new InventoryDataError(`Adding group '${c.name}' as child to '${p.name}' creates a recursive dependency loop.`);
    }
    p.children.push(c);
    // Depth: the longest path from a root, updated down the tree as Ansible's _check_children_depth.
    const bump = (g: GroupNode, d: number): void => {
      if (g.depth >= d) return;
      g.depth = d;
      for (const k of g.children) bump(k, d + 1);
    };
    bump(c, p.depth + 1);
    if (!c.parents.some((x) => x.name === p.name)) c.parents.push(p);
  }

  /** Every ancestor of a group. */
  ancestors(g: GroupNode): Set<GroupNode> {
    const out = new Set<GroupNode>();
    const stack = [...g.parents];
    while (stack.length > 0) {
      const x = stack.pop() as GroupNode;
      if (out.has(x)) continue;
      out.add(x);
      stack.push(...x.parents);
    }
    return out;
  }

  /** Ansible's reconcile_inventory: parentless groups join `all`, hosts in no group join `ungrouped`, name clashes warn. */
  reconcile(): void {
    const all = this.groups.get('all') as GroupNode;
    const ungrouped = this.groups.get('ungrouped') as GroupNode;
    for (const g of this.groups.values()) {
      if (g !== all && g.parents.length === 0) this.addChild('all', g.name);
    }
    const memo = new Map<GroupNode, Set<GroupNode>>();
    for (const h of this.hosts.values()) {
      const mine = this.hostGroups(h, memo);
      if (mine.has(ungrouped)) {
        if ([...mine].some((g) => g !== all && g !== ungrouped)) {
          ungrouped.hostSet.delete(h);
          ungrouped.hosts = ungrouped.hosts.filter((x) => x !== h);
          h.direct = h.direct.filter((x) => x !== ungrouped);
        }
      } else if (mine.size === 0 || (mine.size === 1 && mine.has(all))) {
        // As Ansible: add_child looks for a group of that name first.
        this.addChild('ungrouped', h.name);
      }
    }
    for (const name of this.hosts.keys()) {
      if (this.groups.has(name)) this.warnings.push(`Found both group and host with same name: ${name}`);
    }
  }

  /** A host's groups: its direct groups and all their ancestors. */
  hostGroups(h: HostNode, memo = new Map<GroupNode, Set<GroupNode>>()): Set<GroupNode> {
    const out = new Set<GroupNode>();
    for (const g of h.direct) {
      out.add(g);
      let anc = memo.get(g);
      if (!anc) {
        anc = this.ancestors(g);
        memo.set(g, anc);
      }
      for (const a of anc) out.add(a);
    }
    return out;
  }

  /** A group's hosts in Ansible's order: its own, then its descendants' level by level, each host once. */
  groupHosts(g: GroupNode): HostNode[] {
    const ordered: GroupNode[] = [g, ...g.children];
    const seen = new Set<GroupNode>([g]);
    let level = new Set<GroupNode>(g.children);
    while (level.size > 0) {
      for (const x of level) seen.add(x);
      const next = new Set<GroupNode>();
      for (const x of level) {
        for (const k of x.children) {
          if (!seen.has(k)) {
            next.add(k);
            ordered.push(k);
          }
        }
      }
      level = next;
    }
    const out: HostNode[] = [];
    const hs = new Set<HostNode>();
    const emitted = new Set<GroupNode>();
    for (const k of ordered) {
      if (emitted.has(k)) continue;
      emitted.add(k);
      for (const h of k.hosts) {
        if (!hs.has(h)) {
          hs.add(h);
          out.push(h);
        }
      }
    }
    return out;
  }
}

/** Ansible's sort_groups: by depth, then priority, then name. */
export function sortGroups(groups: Iterable<GroupNode>): GroupNode[] {
  return [...groups].sort((a, b) => a.depth - b.depth || a.priority - b.priority || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
