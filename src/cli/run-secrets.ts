// Every secret value a run knows, for the one redactor all its output passes through: what the connection
// targets resolved (passwords, sudo passwords, key passphrases, including from firemend_*_env variables and
// jump hosts), and the value of any variable whose name marks it secret, in the inventory, the plays or -e.
import type { InventoryHost } from '../inventory/model.js';
import { isSecretName } from '../secrets.js';

/** What a run knows of a host's target: every connection kind lists its secrets; SSH names each (and its jump host's). */
export interface TargetSecrets {
  name: string;
  secrets?: readonly string[];
  password?: string;
  passphrase?: string;
  sudoPassword?: string;
  jump?: TargetSecrets;
}

export interface RunSecretSources {
  hosts: Iterable<InventoryHost>;
  /** Resolved targets by host name (an Error where a host's target could not be built). */
  targets: ReadonlyMap<string, TargetSecrets | Error>;
  extraVars?: Record<string, unknown>;
  /** Each play's vars (vars_files merged). */
  playVars?: Iterable<Record<string, unknown>>;
}

/** One secret value and where it came from ("host ftd-1: ansible_password"), for messages that must not show it. */
export interface SecretEntry {
  value: string;
  origin: string;
}

/** Every secret value of a run with its origin (empty strings left out; numbers as their text). */
export function secretEntries(src: RunSecretSources): SecretEntry[] {
  const out: SecretEntry[] = [];
  const addValue = (v: unknown, origin: string): void => {
    if (typeof v === 'string') {
      if (v !== '') out.push({ value: v, origin });
    } else if (typeof v === 'number') out.push({ value: String(v), origin });
    else if (Array.isArray(v)) v.forEach((x) => addValue(x, origin));
    else if (v !== null && typeof v === 'object') Object.values(v).forEach((x) => addValue(x, origin));
  };
  // Secret-named keys at any depth (a dict var may hold `{ api_token: … }`).
  const walk = (vars: unknown, where: string): void => {
    if (Array.isArray(vars)) vars.forEach((v) => walk(v, where));
    else if (vars !== null && typeof vars === 'object') {
      for (const [k, v] of Object.entries(vars)) {
        if (isSecretName(k)) addValue(v, `${where}: ${k}`);
        else walk(v, where);
      }
    }
  };
  for (const h of src.hosts) {
    walk(h.vars, `host ${h.name}`);
    for (const v of h.secrets ?? []) addValue(v, `host ${h.name}: a vault-encrypted value`);
    const top = src.targets.get(h.name);
    const named = new Set<unknown>();
    for (let t = top; t !== undefined && !(t instanceof Error); t = t.jump) {
      const via = t.name === h.name ? `host ${h.name}` : `host ${h.name} (jump host ${t.name})`;
      addValue(t.password, `${via}: password`);
      addValue(t.passphrase, `${via}: key passphrase`);
      addValue(t.sudoPassword, `${via}: sudo password`);
      [t.password, t.passphrase, t.sudoPassword].forEach((v) => named.add(v));
    }
    // Secrets of other connection kinds (an API password) that have no name of their own here.
    if (top !== undefined && !(top instanceof Error)) for (const v of top.secrets ?? []) if (!named.has(v)) addValue(v, `host ${h.name}: connection secret`);
  }
  if (src.extraVars) walk(src.extraVars, 'extra vars');
  [...(src.playVars ?? [])].forEach((v, i) => walk(v, `play ${i + 1} vars`));
  return out;
}

/** The distinct secret values of a run (empty strings left out). */
export function runSecrets(src: RunSecretSources): string[] {
  return distinctSecrets(secretEntries(src));
}

/** The distinct values of secretEntries. */
export function distinctSecrets(entries: readonly SecretEntry[]): string[] {
  return [...new Set(entries.map((e) => e.value))];
}
