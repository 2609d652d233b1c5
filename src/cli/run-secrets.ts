// Every secret value a run knows, for the one redactor all its output passes through: what the connection
// targets resolved (passwords, sudo passwords, key passphrases, including from firemend_*_env variables and
// jump hosts), and the value of any variable whose name marks it secret, in the inventory, the plays or -e.
import type { InventoryHost } from '../inventory/model.js';
import { SECRET_VARS } from '../inventory/model.js';
import { isSecretVar } from '../inventory/redact.js';
import { isSecretKey } from '../report/redact.js';
import type { ConnectTarget } from '../transport/transport.js';

export interface RunSecretSources {
  hosts: Iterable<InventoryHost>;
  /** Resolved targets by host name (an Error where a host's target could not be built). */
  targets: ReadonlyMap<string, ConnectTarget | Error>;
  extraVars?: Record<string, unknown>;
  /** Each play's vars (vars_files merged). */
  playVars?: Iterable<Record<string, unknown>>;
}

/** A variable name that holds a secret, by either rule (inventory's names and suffixes, or report's key words). */
export function isSecretName(name: string): boolean {
  // firemend_password_env and the like name an environment variable; the value it names is resolved in the target.
  if (/_env$/i.test(name)) return false;
  return SECRET_VARS.has(name) || isSecretVar(name) || isSecretKey(name);
}

/** The distinct secret values of a run (empty strings left out). */
export function runSecrets(src: RunSecretSources): string[] {
  const out = new Set<string>();
  const addValue = (v: unknown): void => {
    if (typeof v === 'string') {
      if (v !== '') out.add(v);
    } else if (typeof v === 'number') out.add(String(v));
    else if (Array.isArray(v)) v.forEach(addValue);
    else if (v !== null && typeof v === 'object') Object.values(v).forEach(addValue);
  };
  // Secret-named keys at any depth (a dict var may hold `{ api_token: … }`).
  const walk = (vars: unknown): void => {
    if (Array.isArray(vars)) vars.forEach(walk);
    else if (vars !== null && typeof vars === 'object') {
      for (const [k, v] of Object.entries(vars)) {
        if (isSecretName(k)) addValue(v);
        else walk(v);
      }
    }
  };
  for (const h of src.hosts) {
    walk(h.vars);
    for (const v of h.secrets ?? []) addValue(v);
    let t: ConnectTarget | Error | undefined = src.targets.get(h.name);
    while (t !== undefined && !(t instanceof Error)) {
      addValue(t.password);
      addValue(t.passphrase);
      addValue(t.sudoPassword);
      t = t.jump;
    }
  }
  if (src.extraVars) walk(src.extraVars);
  for (const v of src.playVars ?? []) walk(v);
  return [...out];
}
