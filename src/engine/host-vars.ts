// The variables one host sees, by precedence: play vars < inventory group/host vars < registered results < extra vars.
import type { InventoryHost } from '../inventory/model.js';
import type { Vars } from '../template/index.js';
import { resolveHostVars } from '../playbook/host-vars.js';

/** Play vars overlaid with the host's inventory vars; the magic names are always present. */
export function baseHostVars(playVars: Vars, host: InventoryHost): Vars {
  return {
    ...resolveHostVars(host, { vars: playVars }),
    inventory_hostname: host.vars['inventory_hostname'] ?? host.name,
    group_names: host.vars['group_names'] ?? host.groups.filter((g) => g !== 'all'),
  };
}

/** The full scope for one template: base vars, then registered results, then extra vars, then the loop variable. */
export function scopeFor(base: Vars, registered: Vars, extraVars: Vars, loop?: { name: string; value: unknown }): Vars {
  const scope: Vars = { ...base, ...registered, ...extraVars };
  if (loop) scope[loop.name] = loop.value;
  return scope;
}
