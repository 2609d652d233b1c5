// The variables one host sees while a play runs on it.
//
// Precedence, lowest first: play `vars`, then the play's `vars_files` (already merged into play.vars by the
// loader), then the host's inventory vars (groups: all < parent < child, then the host's own), then extra
// vars (`-e`). Unlike Ansible, play vars are only defaults: a per-host `dns_servers` or `sse_region` from
// the inventory must win over a play's fleet-wide default. Registered results and the loop variable are
// added by the engine on top of this, below extra vars.
import type { InventoryHost } from '../inventory/model.js';
import type { Play } from './model.js';

/** Merge play vars, inventory host vars and extra vars for one host, with the precedence above. */
export function resolveHostVars(host: InventoryHost, play: Pick<Play, 'vars'>, extraVars: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...play.vars, ...host.vars, ...extraVars };
}
