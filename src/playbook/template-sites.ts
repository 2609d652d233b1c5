// Every place in a (raw, possibly invalid) step where a template or an expression sits, with its role:
// the role decides which variables are in scope there (e.g. `facts` only inside expect.that).
import type { JsonPath } from '../yaml/located-yaml.js';

export type SiteRole = 'check' | 'expect' | 'that' | 'fix' | 'remedy' | 'when' | 'loop';

/** One template (`{{ … }}` inside text) or expression (no braces). */
export interface Site {
  path: JsonPath;
  src: string;
  kind: 'template' | 'expression';
  role: SiteRole;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function strings(v: unknown, path: JsonPath): { src: string; path: JsonPath }[] {
  if (typeof v === 'string') return [{ src: v, path }];
  if (Array.isArray(v)) return v.flatMap((x, i) => (typeof x === 'string' ? [{ src: x, path: [...path, i] }] : []));
  return [];
}

// Every string of a YAML value (an api body), each a template.
function leaves(v: unknown, path: JsonPath): { src: string; path: JsonPath }[] {
  if (typeof v === 'string') return [{ src: v, path }];
  if (Array.isArray(v)) return v.flatMap((x, i) => leaves(x, [...path, i]));
  if (isRecord(v)) return Object.entries(v).flatMap(([k, x]) => leaves(x, [...path, k]));
  return [];
}

// An `api:` request's templates: its path, its query values and every string of its body.
function apiStrings(api: unknown, path: JsonPath): { src: string; path: JsonPath }[] {
  if (!isRecord(api)) return [];
  const out = typeof api.path === 'string' ? [{ src: api.path, path: [...path, 'path'] }] : [];
  if (isRecord(api.query)) for (const [k, v] of Object.entries(api.query)) if (typeof v === 'string') out.push({ src: v, path: [...path, 'query', k] });
  return [...out, ...leaves(api.body, [...path, 'body'])];
}

/** The template and expression sites of one step (tolerates any shape). */
export function stepSites(step: unknown, base: JsonPath): Site[] {
  if (!isRecord(step)) return [];
  const out: Site[] = [];
  const add = (v: unknown, path: JsonPath, kind: Site['kind'], role: SiteRole): void => {
    for (const s of strings(v, path)) out.push({ ...s, kind, role });
  };
  if (isRecord(step.check)) {
    const c = step.check;
    if (typeof c.command === 'string') add(c.command, [...base, 'check', 'command'], 'template', 'check');
    for (const s of apiStrings(c.api, [...base, 'check', 'api'])) out.push({ ...s, kind: 'template', role: 'check' });
    if (isRecord(c.expect)) {
      const e = c.expect;
      for (const k of ['contains', 'not_contains', 'matches']) add(e[k], [...base, 'check', 'expect', k], 'template', 'expect');
      add(e.that, [...base, 'check', 'expect', 'that'], 'expression', 'that');
    }
  }
  if (Array.isArray(step.fix)) {
    step.fix.forEach((a, i) => {
      if (!isRecord(a)) return;
      if (typeof a.command === 'string') add(a.command, [...base, 'fix', i, 'command'], 'template', 'fix');
      for (const s of apiStrings(a.api, [...base, 'fix', i, 'api'])) out.push({ ...s, kind: 'template', role: 'fix' });
      if (isRecord(a.reboot) && typeof a.reboot.timeout === 'string') add(a.reboot.timeout, [...base, 'fix', i, 'reboot', 'timeout'], 'template', 'fix');
    });
  }
  if (typeof step.remedy === 'string') add(step.remedy, [...base, 'remedy'], 'template', 'remedy');
  if (typeof step.when === 'string') add(step.when, [...base, 'when'], 'expression', 'when');
  add(step.loop, [...base, 'loop'], 'template', 'loop');
  return out;
}
