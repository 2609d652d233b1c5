// Ansible's `yaml` inventory plugin: top-level keys are groups; each group's `vars`, `children` and `hosts`
// are applied in the order the file gives them, so a later value for a host wins, as in ansible-core.
import type { Diagnostic } from '../../errors.js';
import type { LocatedYaml } from '../../yaml/located-yaml.js';
import { expandHostPattern } from '../address.js';
import { InventoryData, InventoryDataError } from '../inventory-data.js';

type Path = (string | number)[];

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const SECTIONS = ['vars', 'children', 'hosts'];

/** Add a parsed YAML inventory (already vault-revealed) to the inventory data; problems become diagnostics. */
export function addYamlInventory(data: InventoryData, value: unknown, doc: LocatedYaml, diagnostics: Diagnostic[]): void {
  if (!isMap(value) || Object.keys(value).length === 0) {
    diagnostics.push({ pos: doc.at([]), message: isMap(value) || value === null ? 'inventory is empty' : 'YAML inventory must be a map of group names to groups' });
    return;
  }
  const fail = (path: Path, err: unknown, key = true): void => {
    diagnostics.push({ pos: key ? doc.keyAt(path) : doc.at(path), message: (err as Error).message });
  };
  const warn = (path: Path, message: string): void => {
    const p = doc.keyAt(path);
    data.warnings.push(`${p.file}:${p.line}:${p.col}: ${message}`);
  };

  const parseGroup = (name: string, def: unknown, path: Path): void => {
    if (!isMap(def) && def !== null) {
      warn(path, `Skipping '${name}' as this is not a valid group definition`);
      return;
    }
    data.addGroup(name, doc.keyAt(path));
    if (def === null) return;
    for (const section of SECTIONS) {
      const v = def[section];
      if (section in def && !(isMap(v) || v === null || typeof v === 'string')) {
        diagnostics.push({ pos: doc.at([...path, section]), message: `Invalid "${section}" entry for "${name}" group, requires a dictionary, found "${Array.isArray(v) ? 'list' : typeof v}" instead.` });
        return;
      }
    }
    for (const [key, raw] of Object.entries(def)) {
      const sec = typeof raw === 'string' && SECTIONS.includes(key) ? { [raw]: null } : raw;
      if (sec === null) continue;
      if (!isMap(sec)) {
        warn([...path, key], `Skipping key (${key}) in group (${name}) as it is not a mapping`);
        continue;
      }
      try {
        if (key === 'vars') {
          for (const [k, v] of Object.entries(sec)) data.setVariable(name, k, v);
        } else if (key === 'children') {
          for (const [child, cdef] of Object.entries(sec)) {
            parseGroup(child, cdef, [...path, key, child]);
            if (data.groups.has(child)) data.addChild(name, child);
          }
        } else if (key === 'hosts') {
          for (const [entry, hv] of Object.entries(sec)) {
            const hostPath = [...path, key, entry];
            let expanded: { names: string[]; port?: number };
            try {
              expanded = expandHostPattern(entry);
            } catch (err) {
              fail(hostPath, err);
              continue;
            }
            if (hv !== null && !isMap(hv)) {
              diagnostics.push({ pos: doc.at(hostPath), message: `host '${entry}': its vars must be a map` });
              continue;
            }
            for (const h of expanded.names) {
              data.addHost(h, name, expanded.port, doc.keyAt(hostPath));
              for (const [k, v] of Object.entries(hv ?? {})) data.setVariable(h, k, v);
            }
          }
        } else {
          warn([...path, key], `Skipping unexpected key (${key}) in group (${name}), only "vars", "children" and "hosts" are valid`);
        }
      } catch (err) {
        if (!(err instanceof InventoryDataError)) throw err;
        fail([...path, key], err);
      }
    }
  };
  for (const [name, def] of Object.entries(value)) parseGroup(name, def, [name]);
}
