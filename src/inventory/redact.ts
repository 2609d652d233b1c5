// Secret variables are shown as "<redacted>" wherever vars leave the process (inventory output, reports).
import { SECRET_VARS } from './model.js';

export const REDACTED = '<redacted>';

const SECRET_SUFFIXES = ['_password', '_pass', '_passphrase', '_secret', '_token'];

/** Whether a variable name holds a secret (the known ones, or a name ending in _password/_pass/_passphrase/_secret/_token). */
export function isSecretVar(name: string): boolean {
  const n = name.toLowerCase();
  return SECRET_VARS.has(n) || SECRET_SUFFIXES.some((s) => n.endsWith(s)) || ['password', 'passphrase', 'secret', 'token'].includes(n);
}

/** A copy of vars with every secret value (at any depth) replaced by "<redacted>". */
export function redactVars(vars: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(vars)) out[k] = isSecretVar(k) ? REDACTED : redactValue(v);
  return out;
}

function redactValue(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(redactValue);
  if (v !== null && typeof v === 'object') return redactVars(v as Record<string, unknown>);
  return v;
}
