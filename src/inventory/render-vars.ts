// Jinja in inventory vars (`ansible_host: "{{ inventory_hostname }}.mgmt.example.net"`), rendered with
// firemend's template engine over the host's own vars and the extra vars, before any host is contacted.
import { TemplateError, UsageError } from '../errors.js';
import { renderValue } from '../template/index.js';
import type { InventoryHost } from './model.js';
import { setOwnKey } from '../own-key.js';

type Vars = Record<string, unknown>;

const hasTemplate = (v: unknown): boolean =>
  typeof v === 'string' ? v.includes('{{') : Array.isArray(v) ? v.some(hasTemplate) : v !== null && typeof v === 'object' ? Object.values(v).some(hasTemplate) : false;

function renderDeep(v: unknown, scope: Vars, pos: InventoryHost['pos']): unknown {
  if (typeof v === 'string') return v.includes('{{') ? renderValue({ src: v, pos }, scope) : v;
  if (Array.isArray(v)) return v.map((x) => renderDeep(x, scope, pos));
  if (v !== null && typeof v === 'object') {
    const out: Vars = {};
    for (const [k, x] of Object.entries(v)) setOwnKey(out, k, renderDeep(x, scope, pos));
    return out;
  }
  return v;
}

/** The host with every templated var rendered (vars referring to other templated vars included); an error names the host and the var. */
export function renderInventoryVars(host: InventoryHost, extraVars: Vars = {}): InventoryHost {
  const templated = Object.keys(host.vars).filter((k) => !(k in extraVars) && hasTemplate(host.vars[k]));
  if (templated.length === 0) return host;
  const vars: Vars = { ...host.vars };
  // Up to 10 rounds: a var may use another templated var; what is still a template after that is a loop.
  for (let round = 0; round < 10 && templated.some((k) => hasTemplate(vars[k])); round++) {
    const scope = { ...vars, ...extraVars };
    for (const k of templated) {
      if (!hasTemplate(vars[k])) continue;
      try {
        vars[k] = renderDeep(vars[k], scope, host.pos);
      } catch (err) {
        if (!(err instanceof TemplateError)) throw err;
        throw new UsageError(`host ${host.name}: inventory var '${k}' cannot be rendered: ${err.message.replace(/^[^:]+:\d+:\d+: /, '')}`);
      }
    }
  }
  const left = templated.find((k) => hasTemplate(vars[k]));
  if (left !== undefined) throw new UsageError(`host ${host.name}: inventory var '${left}' still holds a template after 10 rounds (a var that refers to itself?)`);
  return { ...host, vars };
}
