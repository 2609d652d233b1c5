// Ansible host patterns (`--limit` and a play's `hosts:`): unions, intersections, exclusions,
// globs, `~regex`, subscripts and `@file`, resolved as ansible-core's InventoryManager does.
import { InputError, UsageError } from '../errors.js';
import { readInputFile } from '../yaml/input-file.js';
import { parseAddress } from './address.js';
import type { HostNode } from './inventory-data.js';
import type { Inventory, InventoryHost } from './model.js';

/** A host pattern that is malformed or matches nothing. Exit 1. */
export class PatternError extends UsageError {}

// Ansible's split_host_pattern: on ',' when present; else the whole text when it is one address (IPv6, a range),
// else on ':' outside brackets.
function splitPattern(pattern: string): string[] {
  const p = pattern.trim();
  if (p.includes(',')) return p.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (parseAddress(p, true) !== undefined) return [p];
  return (p.match(/(?:[^\s:[\]]|\[[^\]]*\])+/g) ?? []).map((s) => s.trim()).filter((s) => s !== '');
}

// fnmatch → RegExp: `*`, `?`, `[abc]`, `[!abc]`.
function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        let body = glob.slice(i + 1, end);
        if (body.startsWith('!')) body = '^' + body.slice(1);
        re += '[' + body.replace(/\\/g, '\\\\') + ']';
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\/]/g, '\\$&');
  }
  return new RegExp('^(?:' + re + ')$', 's');
}

const SUBSCRIPT = /^(.+)\[(?:(-?[0-9]+)|([0-9]+)([:-])([0-9]*))\]$/;

function matcherFor(text: string): (name: string) => boolean {
  if (text.startsWith('~')) {
    let re: RegExp;
    try {
      re = new RegExp('^(?:' + text.slice(1) + ')');
    } catch (err) {
      throw new PatternError(`host pattern term '${text}' is not a valid regular expression: ${(err as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '')}`);
    }
    return (n) => re.test(n);
  }
  if (/[*?[]/.test(text)) {
    const re = globToRegExp(text);
    return (n) => re.test(n);
  }
  return (n) => n === text;
}

// Ansible's _enumerate_matches: groups matching the term, then hosts when no group matched or the term is a
// glob, regex or has a dot. A term naming nothing at all is an error here (Ansible warns and goes on).
function enumerate(inv: Inventory, text: string): InventoryHost[] {
  const data = inv.data;
  if (!data) throw new Error('host patterns need an inventory made by loadInventory');
  const match = matcherFor(text);
  const out: HostNode[] = [];
  let groupMatched = false;
  for (const g of data.groups.values()) {
    if (!match(g.name)) continue;
    groupMatched = true;
    out.push(...data.groupHosts(g));
  }
  if (!groupMatched || text.startsWith('~') || /[.?*[]/.test(text)) {
    for (const h of data.hosts.values()) if (match(h.name)) out.push(h);
  }
  if (out.length === 0 && !groupMatched && text !== 'all') {
    throw new PatternError(`host pattern term '${text}' matches no host or group in ${inv.path}`);
  }
  return toHosts(inv, out);
}

function toHosts(inv: Inventory, nodes: HostNode[]): InventoryHost[] {
  const byName = hostIndex(inv);
  const seen = new Set<string>();
  const out: InventoryHost[] = [];
  for (const n of nodes) {
    const h = byName.get(n.name);
    if (h && !seen.has(n.name)) {
      seen.add(n.name);
      out.push(h);
    }
  }
  return out;
}

const INDEX = new WeakMap<Inventory, Map<string, InventoryHost>>();
function hostIndex(inv: Inventory): Map<string, InventoryHost> {
  let m = INDEX.get(inv);
  if (!m) {
    m = new Map(inv.hosts.map((h) => [h.name, h]));
    INDEX.set(inv, m);
  }
  return m;
}

// One term (without its & or !) → hosts, with Ansible's subscripts: [i], [-i], [a:b], [a:] (inclusive).
function matchOne(inv: Inventory, term: string, whole: string): InventoryHost[] {
  const sub = term.startsWith('~') ? null : SUBSCRIPT.exec(term);
  if (!sub) return enumerate(inv, term);
  const hosts = enumerate(inv, sub[1] as string);
  if (sub[2] !== undefined) {
    const i = Number(sub[2]);
    const h = hosts[i < 0 ? hosts.length + i : i];
    if (!h) throw new PatternError(`No hosts matched the subscripted pattern '${term}' in '${whole}' (${hosts.length} host(s))`);
    return [h];
  }
  const start = Number(sub[3]);
  let end = sub[5] === '' ? -1 : Number(sub[5]);
  if (end === 0) {
    const h = hosts[start];
    if (!h) throw new PatternError(`No hosts matched the subscripted pattern '${term}' in '${whole}' (${hosts.length} host(s))`);
    return [h];
  }
  if (end === -1) end = hosts.length - 1;
  return hosts.slice(start, end + 1);
}

/** Hosts a pattern selects, in Ansible's order. Throws PatternError on a malformed term or a term naming nothing; an empty group matches nothing without error, so the result may be empty. */
export function matchHosts(inv: Inventory, pattern: string): InventoryHost[] {
  if (pattern.trim() === '') throw new PatternError('empty host pattern');
  const terms = splitPattern(pattern);
  if (terms.length === 0) throw new PatternError(`host pattern '${pattern}' has no terms`);
  for (const t of terms) if (t === '!' || t === '&') throw new PatternError(`host pattern '${pattern}' has '${t}' with nothing after it`);
  // Ansible's order_patterns: unions, then intersections, then exclusions; no union term means `all`.
  const regular = terms.filter((t) => !t.startsWith('!') && !t.startsWith('&'));
  const ordered = [...(regular.length > 0 ? regular : ['all']), ...terms.filter((t) => t.startsWith('&')), ...terms.filter((t) => t.startsWith('!'))];
  const byName = hostIndex(inv);
  let hosts: InventoryHost[] = [];
  for (const p of ordered) {
    // A term that is exactly a host name is that host, even when a group has the name too (Ansible).
    const plain = byName.get(p);
    if (plain) {
      hosts.push(plain);
      continue;
    }
    const that = matchOne(inv, p.startsWith('!') || p.startsWith('&') ? p.slice(1) : p, pattern);
    if (p.startsWith('!')) {
      const set = new Set(that);
      hosts = hosts.filter((h) => !set.has(h));
    } else if (p.startsWith('&')) {
      const set = new Set(that);
      hosts = hosts.filter((h) => set.has(h));
    } else {
      const existing = new Set(hosts);
      hosts.push(...that.filter((h) => !existing.has(h)));
    }
  }
  const seen = new Set<InventoryHost>();
  return hosts.filter((h) => (seen.has(h) ? false : (seen.add(h), true)));
}

/** Hosts a pattern selects; a pattern that selects nothing is a PatternError (exit 1), not an empty run. */
export function selectHosts(inv: Inventory, pattern: string): InventoryHost[] {
  const hosts = matchHosts(inv, pattern);
  if (hosts.length === 0) throw new PatternError(`host pattern '${pattern}' selects no hosts`);
  return hosts;
}

/** Expand `--limit @file` (one pattern per line; blank lines and # comments ignored) into a pattern; other patterns pass through. */
export async function resolveLimitPattern(pattern: string): Promise<string> {
  if (!pattern.startsWith('@')) return pattern;
  const file = pattern.slice(1);
  const read = readInputFile(file, `limit file '${file}'`);
  if (!read.ok) throw new InputError([read.diagnostic]);
  const lines = read.text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  if (lines.length === 0) throw new PatternError(`limit file '${file}' lists no hosts`);
  return lines.join(',');
}
