// Ansible's `ini` inventory plugin: `[group]`, `[group:vars]`, `[group:children]`, host lines with inline
// `k=v` vars (shell-quoted; values typed as Python literals), ranges, `host:port`, `;`/`#` comments.
import type { Diagnostic, SourcePos } from '../../errors.js';
import { expandHostPattern } from '../address.js';
import { InventoryData, InventoryDataError } from '../inventory-data.js';
import { pythonLiteral } from '../python-literal.js';
import { hasWideChars, narrowString } from '../../yaml/narrow-strings.js';

const SECTION = /^\[([^:\]\s]+)(?::(\w+))?\]\s*(?:#.*)?$/;
const GROUPNAME = /^([^:\]\s]+)\s*(?:#.*)?$/;

class IniError extends Error {}

/** POSIX shell-like split (Python's shlex.split with comments): quotes, backslashes, `#` starts a comment. */
function shlexSplit(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inToken = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new IniError('No closing quotation');
      cur += line.slice(i + 1, end);
      i = end;
      inToken = true;
    } else if (c === '"') {
      let j = i + 1;
      for (;;) {
        if (j >= line.length) throw new IniError('No closing quotation');
        const d = line[j] as string;
        if (d === '"') break;
        if (d === '\\' && (line[j + 1] === '"' || line[j + 1] === '\\')) {
          cur += line[j + 1];
          j += 2;
          continue;
        }
        cur += d;
        j++;
      }
      i = j;
      inToken = true;
    } else if (c === '\\') {
      if (i + 1 >= line.length) throw new IniError('No escaped character');
      cur += line[i + 1];
      i++;
      inToken = true;
    } else if (/\s/.test(c)) {
      if (inToken) out.push(cur);
      cur = '';
      inToken = false;
    } else if (c === '#') {
      break;
    } else {
      cur += c;
      inToken = true;
    }
  }
  if (inToken) out.push(cur);
  return out;
}

interface Pending {
  line: number;
  state: string;
  name: string;
  parents: string[];
}

/** Add an INI inventory's text to the inventory data; the first problem becomes a diagnostic at file:line (as Ansible stops there). */
export function addIniInventory(data: InventoryData, text: string, file: string, diagnostics: Diagnostic[]): void {
  const at = (line: number, col = 1): SourcePos => ({ file, line, col });
  const pending = new Map<string, Pending>();
  let group = 'ungrouped';
  let state = 'hosts';
  // Lines narrowed to one byte per character where they can be (a wide comment elsewhere: see narrow-strings.ts).
  const lines = hasWideChars(text) ? text.split(/\r?\n|\r/).map(narrowString) : text.split(/\r?\n|\r/);
  let lineno = 0;
  const addPendingChildren = (g: string): void => {
    const p = pending.get(g);
    if (!p) return;
    pending.delete(g);
    for (const parent of p.parents) {
      data.addChild(parent, g);
      const pp = pending.get(parent);
      if (pp && pp.state === 'children') addPendingChildren(parent);
    }
  };
  try {
    for (const rawLine of lines) {
      lineno++;
      const line = rawLine.trim();
      if (line === '' || line.startsWith(';') || line.startsWith('#')) continue;
      const sec = SECTION.exec(line);
      if (sec) {
        group = sec[1] as string;
        state = sec[2] ?? 'hosts';
        if (!['hosts', 'children', 'vars'].includes(state)) throw new IniError(`Section [${group}:${state}] has unknown type: ${state}`);
        if (!data.groups.has(group)) {
          if (state === 'vars' && !pending.has(group)) pending.set(group, { line: lineno, state, name: group, parents: [] });
          data.addGroup(group, at(lineno));
        }
        const p = pending.get(group);
        if (p && state !== 'vars') {
          if (p.state === 'children') addPendingChildren(group);
          else if (p.state === 'vars') pending.delete(group);
        }
        continue;
      }
      if (line.startsWith('[') && line.endsWith(']')) {
        throw new IniError(`Invalid section entry: '${line}'. Please make sure that there are no spaces in the section entry, and that there are no other invalid characters`);
      }
      if (state === 'hosts') {
        const tokens = shlexSplit(line);
        if (tokens.length === 0) continue;
        const entry = tokens[0] as string;
        const { names, port } = expandHostPattern(entry);
        if (entry.trim().endsWith(':') && port === undefined) {
          throw new IniError(`Invalid host pattern '${entry}' supplied, ending in ':' is not allowed, this character is reserved to provide a port.`);
        }
        if (names.some((n) => n.trim() === '---')) throw new IniError(`Invalid host pattern '${entry}' supplied, '---' is normally a sign this is a YAML file.`);
        const vars: [string, unknown][] = [];
        for (const t of tokens.slice(1)) {
          const eq = t.indexOf('=');
          if (eq < 0) throw new IniError(`Expected key=value host variable assignment, got: ${t}`);
          vars.push([t.slice(0, eq), pythonLiteral(t.slice(eq + 1))]);
        }
        for (const h of names) {
          data.addHost(h, group, port, at(lineno));
          for (const [k, v] of vars) data.setVariable(h, k, v);
        }
      } else if (state === 'vars') {
        const eq = line.indexOf('=');
        if (eq < 0) throw new IniError(`Expected key=value, got: ${line}`);
        data.setVariable(group, line.slice(0, eq).trim(), pythonLiteral(line.slice(eq + 1).trim()));
      } else {
        const m = GROUPNAME.exec(line);
        if (!m) throw new IniError(`Expected group name, got: ${line}`);
        const child = m[1] as string;
        if (!data.groups.has(child)) {
          const p = pending.get(child);
          if (p) p.parents.push(group);
          else pending.set(child, { line: lineno, state, name: child, parents: [group] });
        } else data.addChild(group, child);
      }
    }
    for (const p of pending.values()) {
      lineno = p.line;
      if (p.state === 'vars') throw new IniError(`Section [${p.name}:vars] not valid for undefined group: ${p.name}`);
      throw new IniError(`Section [${p.parents[p.parents.length - 1] ?? ''}:children] includes undefined group: ${p.name}`);
    }
  } catch (err) {
    if (!(err instanceof IniError || err instanceof InventoryDataError || err instanceof Error)) throw err;
    diagnostics.push({ pos: at(lineno), message: err.message });
  }
}
