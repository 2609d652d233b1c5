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
      if (isRecord(a.reboot) && typeof a.reboot.timeout === 'string') add(a.reboot.timeout, [...base, 'fix', i, 'reboot', 'timeout'], 'template', 'fix');
    });
  }
  if (typeof step.remedy === 'string') add(step.remedy, [...base, 'remedy'], 'template', 'remedy');
  if (typeof step.when === 'string') add(step.when, [...base, 'when'], 'expression', 'when');
  add(step.loop, [...base, 'loop'], 'template', 'loop');
  return out;
}
