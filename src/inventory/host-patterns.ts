// Ansible host patterns (`--limit` and a play's `hosts:`): unions, intersections, exclusions,
// globs, `~regex`, subscripts and `@file`. A term that matches nothing is an error, never a silent no-op.
import { InputError, UsageError } from '../errors.js';
import { readInputFile } from '../yaml/input-file.js';
import type { Inventory, InventoryHost } from './model.js';

/** A host pattern that is malformed or matches nothing. Exit 1. */
export class PatternError extends UsageError {}

interface Term {
  op: 'union' | 'and' | 'not';
  text: string;
}

// Ansible splits on ',' when present, else on ':' (outside brackets; a lone IPv6 address stays whole).
function splitPattern(pattern: string): string[] {
  const p = pattern.trim();
  if (p.includes(',')) return p.split(',').map((s) => s.trim());
  if (/^[0-9a-f]*:[0-9a-f:]*:[0-9a-f.:]*$/i.test(p)) return [p];
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of p) {
    if (ch === '[') depth++;
    if (ch === ']') depth = Math.max(0, depth - 1);
    if (ch === ':' && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else {
      cur += ch;
    }
  }
  out.push(cur.trim());
  return out;
}

function parseTerms(pattern: string): Term[] {
  if (pattern.trim() === '') throw new PatternError('empty host pattern');
  return splitPattern(pattern).map((raw) => {
    if (raw === '') throw new PatternError(`host pattern '${pattern}' has an empty term`);
    const op = raw.startsWith('&') ? 'and' : raw.startsWith('!') ? 'not' : 'union';
    const text = op === 'union' ? raw : raw.slice(1).trim();
    if (text === '') throw new PatternError(`host pattern '${pattern}' has '${raw}' with nothing after it`);
    return { op, text };
  });
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
  return new RegExp('^(?:' + re + ')$');
}

const SUBSCRIPT = /^(.+)\[(?:(-?[0-9]+)|(-?[0-9]+)?:(-?[0-9]+)?)\]$/;

function inOrder(inv: Inventory, names: Set<string>): InventoryHost[] {
  return inv.hosts.filter((h) => names.has(h.name));
}

function groupHosts(inv: Inventory, group: string): string[] {
  // Group membership lives on the hosts (direct or through children), in inventory order.
  return inv.hosts.filter((h) => h.groups.includes(group)).map((h) => h.name);
}

// One term → host names, in inventory order; throws when it matches nothing.
function matchTerm(inv: Inventory, text: string, whole: string): string[] {
  const sub = SUBSCRIPT.exec(text);
  if (sub && !text.startsWith('~')) {
    const base = matchTerm(inv, sub[1] as string, whole);
    const norm = (s: string | undefined, dflt: number): number => {
      if (s === undefined || s === '') return dflt;
      const n = Number(s);
      return n < 0 ? base.length + n : n;
    };
    let picked: string[];
    if (sub[2] !== undefined) {
      const i = norm(sub[2], 0);
      picked = base[i] === undefined ? [] : [base[i] as string];
    } else {
      // Ansible's subscript ranges include their end: web[0:2] is three hosts.
      picked = base.slice(norm(sub[3], 0), norm(sub[4], base.length - 1) + 1);
    }
    if (picked.length === 0) throw new PatternError(`host pattern term '${text}' in '${whole}' is out of range (${base.length} host(s))`);
    return picked;
  }
  let matcher: (name: string) => boolean;
  let fuzzy = false;
  if (text.startsWith('~')) {
    let re: RegExp;
    try {
      re = new RegExp('^(?:' + text.slice(1) + ')');
    } catch (err) {
      throw new PatternError(`host pattern term '${text}' is not a valid regular expression: ${(err as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '')}`);
    }
    matcher = (n) => re.test(n);
    fuzzy = true;
  } else if (/[*?[]/.test(text)) {
    const re = globToRegExp(text);
    matcher = (n) => re.test(n);
    fuzzy = true;
  } else {
    matcher = (n) => n === text;
  }
  const names = new Set<string>();
  let groupMatched = false;
  for (const g of inv.groups.keys()) {
    if (!matcher(g)) continue;
    groupMatched = true;
    for (const h of groupHosts(inv, g)) names.add(h);
  }
  // As in Ansible: host names are tried when no group matched, or when the term is a glob/regex.
  if (!groupMatched || fuzzy) for (const h of inv.hosts) if (matcher(h.name)) names.add(h.name);
  if (names.size === 0) {
    throw new PatternError(groupMatched ? `host pattern term '${text}' names an empty group` : `host pattern term '${text}' matches no host or group in ${inv.path}`);
  }
  return inOrder(inv, names).map((h) => h.name);
}

/** Hosts a pattern selects, in inventory order. Throws PatternError on a malformed term or a term matching nothing; the result may still be empty (e.g. `a:&b` of disjoint groups). */
export function matchHosts(inv: Inventory, pattern: string): InventoryHost[] {
  const terms = parseTerms(pattern);
  // Ansible applies unions first, then intersections, then exclusions; no union term means `all`.
  const rank = { union: 0, and: 1, not: 2 } as const;
  const ordered = [...terms].sort((a, b) => rank[a.op] - rank[b.op]);
  if (ordered[0]?.op !== 'union') ordered.unshift({ op: 'union', text: 'all' });
  let selected = new Set<string>();
  for (const t of ordered) {
    const names = matchTerm(inv, t.text, pattern);
    if (t.op === 'union') names.forEach((n) => selected.add(n));
    else if (t.op === 'and') selected = new Set(names.filter((n) => selected.has(n)));
    else names.forEach((n) => selected.delete(n));
  }
  return inOrder(inv, selected);
}

/** Hosts a pattern selects, in inventory order; a pattern that selects nothing is a PatternError (exit 1), not an empty run. */
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
