// The one rule for what is a secret, used everywhere a value may leave the process: `firemend inventory`,
// run/apply output, reports, JUnit, evidence, JSON lines, plans, the transport, the template evaluator, and
// the refusal of secrets on the command line. Changing it here changes it for all of them.
//
// A variable (or any map key) holds a secret when its name contains one of the words below, whatever the
// casing or separator: `ansible_password`, `ansible_ssh_pass`, `ftd_passwd`, `sudoPassword`, `fmc_api_key`,
// `apiKey`, `vault_credentials`, `client_secret`, `api_token`, `ssh_private_key`. Whole words only, so
// `passed` (a check result) or `tokenizer` is not one. A name ending in `_env` or `_file` names where a
// secret is kept (`firemend_password_env`, `vault_password_file`), not the secret itself.

/** What a redacted secret is replaced with, everywhere. */
export const REDACTED = '<redacted>';

/**
 * Secrets shorter than this are refused when a run loads its inventory (naming the host), rather than
 * redacted: replacing a short string in device output corrupts it (a password `ab` turns `Enabled` into
 * `En<redacted>led`, and the parsers then fail), and leaving it unredacted would leak it. Six characters:
 * below that, collisions with ordinary words in device output are common; FTD itself asks for eight.
 */
export const MIN_SECRET_LENGTH = 6;

const SECRET_WORDS = new Set([
  'password',
  'passwords',
  'passwd',
  'pass',
  'pwd',
  'passphrase',
  'secret',
  'secrets',
  'token',
  'tokens',
  'apikey',
  'credential',
  'credentials',
]);

// `api_key`, `apiKey`, `private_key`: two words that are a secret together.
const SECRET_PAIRS: readonly [string, string][] = [
  ['api', 'key'],
  ['private', 'key'],
];

/** The words of a name: camelCase and any non-alphanumeric separator split it; lower case. */
function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

// Names repeat across thousands of hosts (each host's merged vars carry its groups' vars): each is judged once.
const judged = new Map<string, boolean>();
const MAX_JUDGED = 10_000;

/** Whether a variable or key named `name` holds a secret (see the file comment). */
export function isSecretName(name: string): boolean {
  let secret = judged.get(name);
  if (secret === undefined) {
    secret = judgeName(name);
    if (judged.size >= MAX_JUDGED) judged.clear();
    judged.set(name, secret);
  }
  return secret;
}

function judgeName(name: string): boolean {
  const words = wordsOf(name);
  const last = words[words.length - 1];
  if (last === 'env' || last === 'file') return false;
  for (let i = 0; i < words.length; i += 1) {
    const w = words[i] as string;
    if (SECRET_WORDS.has(w)) return true;
    if (SECRET_PAIRS.some(([a, b]) => w === a && words[i + 1] === b)) return true;
  }
  return false;
}

/** A copy of vars with the value of every secret-named key (at any depth) replaced by REDACTED. */
export function redactVars(vars: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(vars)) out[k] = isSecretName(k) ? REDACTED : redactNested(v);
  return out;
}

function redactNested(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(redactNested);
  if (v !== null && typeof v === 'object') return redactVars(v as Record<string, unknown>);
  return v;
}
