// Ansible's `constructed` inventory plugin, with firemend's template engine: `compose` (vars from
// expressions), `groups` (a group per true conditional) and `keyed_groups` (groups named after values).
// Like Ansible (strict: false by default), an expression that fails for a host is skipped for that host.
import type { Diagnostic } from '../errors.js';
import { evaluate, evaluateBool } from '../template/index.js';
import type { LocatedYaml } from '../yaml/located-yaml.js';
import { isIpAddress } from './address.js';
import { sortGroups, type InventoryData, type Vars } from './inventory-data.js';

const NAMES = new Set(['constructed', 'ansible.builtin.constructed', 'ansible.legacy.constructed']);
const KNOWN = new Set(['plugin', 'strict', 'compose', 'groups', 'keyed_groups', 'leading_separator', 'use_vars_plugins', 'use_extra_vars']);

/** Whether a `plugin:` value names the constructed plugin. */
export function isConstructedPlugin(plugin: unknown): boolean {
  return typeof plugin === 'string' && NAMES.has(plugin);
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const safeGroupName = (s: string): string => s.replace(/[^A-Za-z0-9_]/g, '_');

function hostVars(data: InventoryData, name: string): Vars {
  const h = data.hosts.get(name);
  if (!h) return {};
  const groups = [...data.hostGroups(h)];
  const vars: Vars = {};
  for (const g of sortGroups(groups)) Object.assign(vars, g.vars);
  Object.assign(vars, h.vars);
  vars.inventory_hostname = name;
  vars.inventory_hostname_short = isIpAddress(name) ? name : (name.split('.')[0] ?? name);
  vars.group_names = groups.map((g) => g.name).filter((n) => n !== 'all').sort();
  return vars;
}

/** Apply a constructed config to the hosts loaded so far. */
export function applyConstructed(data: InventoryData, cfg: Record<string, unknown>, doc: LocatedYaml, diagnostics: Diagnostic[]): void {
  for (const k of Object.keys(cfg)) {
    if (!KNOWN.has(k)) diagnostics.push({ pos: doc.keyAt([k]), message: `constructed: unknown option '${k}'` });
  }
  const strict = cfg.strict === true;
  const leading = cfg.leading_separator !== false;
  const compose = isMap(cfg.compose) ? cfg.compose : {};
  const groups = isMap(cfg.groups) ? cfg.groups : {};
  const keyed = Array.isArray(cfg.keyed_groups) ? cfg.keyed_groups : [];
  const guard = <T>(path: (string | number)[], host: string, f: () => T): T | undefined => {
    try {
      return f();
    } catch (err) {
      if (strict) diagnostics.push({ pos: doc.at(path), message: `constructed: host ${host}: ${(err as Error).message}` });
      return undefined;
    }
  };
  const expr = (src: unknown, path: (string | number)[]): { src: string; pos: ReturnType<LocatedYaml['at']> } => ({ src: String(src), pos: doc.contentAt(path) });
  for (const name of [...data.hosts.keys()]) {
    let vars = hostVars(data, name);
    for (const [k, e] of Object.entries(compose)) {
      const v = guard(['compose', k], name, () => evaluate(expr(e, ['compose', k]), vars));
      if (v !== undefined) data.setVariable(name, k, v);
    }
    vars = hostVars(data, name);
    for (const [g, cond] of Object.entries(groups)) {
      if (guard(['groups', g], name, () => evaluateBool(expr(cond, ['groups', g]), vars)) === true) {
        data.addGroup(g, doc.keyAt(['groups', g]));
        data.addHost(name, g, undefined, doc.keyAt(['groups', g]));
      }
    }
    keyed.forEach((kg: unknown, i) => {
      if (!isMap(kg) || kg.key === undefined) {
        diagnostics.push({ pos: doc.at(['keyed_groups', i]), message: 'constructed: each keyed_groups entry needs a key' });
        return;
      }
      const value = guard(['keyed_groups', i, 'key'], name, () => evaluate(expr(kg.key, ['keyed_groups', i, 'key']), vars));
      if (value === undefined || value === null) return;
      const prefix = typeof kg.prefix === 'string' ? kg.prefix : '';
      let sep = typeof kg.separator === 'string' ? kg.separator : '_';
      const dflt = typeof kg.default_value === 'string' ? kg.default_value : undefined;
      const trailing = kg.trailing_separator !== false;
      const bare: string[] = [];
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') bare.push(value === '' && dflt !== undefined ? dflt : String(value === true ? 'True' : value === false ? 'False' : value));
      else if (Array.isArray(value)) for (const v of value) bare.push(v === '' && dflt !== undefined ? dflt : String(v));
      else if (isMap(value)) {
        for (const [gk, gv] of Object.entries(value)) {
          let b = `${gk}${sep}${String(gv)}`;
          if (gv === '') b = dflt !== undefined ? `${gk}${sep}${dflt}` : trailing ? b : gk;
          bare.push(b);
        }
      }
      if (prefix === '' && !leading) sep = '';
      for (const b of bare) {
        const g = safeGroupName(`${prefix}${sep}${b}`);
        data.addGroup(g, doc.at(['keyed_groups', i]));
        data.addHost(name, g, undefined, doc.at(['keyed_groups', i]));
        if (typeof kg.parent_group === 'string') {
          data.addGroup(kg.parent_group, doc.at(['keyed_groups', i]));
          data.addChild(kg.parent_group, g);
        }
      }
    });
  }
}
