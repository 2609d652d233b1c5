// `-e/--extra-vars`, as ansible-playbook takes it: `k=v` (several, space-separated, quotes allowed),
// `@file.yml|json`, or an inline JSON/YAML map. Repeated options merge in order; the later value wins.
//
// Secrets never come from the command line (other users see it in `ps`, shells keep it in history): a
// secret-named variable (secrets.ts) given as k=v or inline JSON is refused; from an @file it is accepted.
// Errors about an -e argument never quote its text, which may hold a secret.
import { InputError, UsageError } from '../errors.js';
import { isSecretName } from '../secrets.js';
import { loadVarsFile, parseVarsText } from '../yaml/vars-file.js';

const VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Commander collector for a repeatable option. */
export function collectRepeatable(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

// Split `a=1 b="two words"` like a shell would (single and double quotes, backslash escapes).
function splitWords(text: string, label: string): string[] {
  const words: string[] = [];
  let cur = '';
  let quote: string | undefined;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < text.length) cur += text[++i];
      else cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < text.length) {
      cur += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (quote) throw new UsageError(`${label}: unterminated ${quote} quote (the argument is not shown, in case it holds a secret)`);
  if (inWord) words.push(cur);
  return words;
}

/** Parse every -e value into one vars object (later wins). Throws InputError (located) for bad files, UsageError for bad k=v text. */
export async function parseExtraVars(values: readonly string[]): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [n, value] of values.entries()) {
    const text = value.trim();
    const label = values.length > 1 ? `-e argument ${n + 1}` : '-e';
    if (text.startsWith('@')) {
      const r = loadVarsFile(text.slice(1));
      if (r.diagnostics.length > 0) throw new InputError(r.diagnostics);
      Object.assign(out, r.vars);
    } else if (text.startsWith('{') || text.startsWith('[')) {
      const r = parseVarsText(text, values.length > 1 ? `--extra-vars#${n + 1}` : '--extra-vars');
      if (r.diagnostics.length > 0) throw new InputError(r.diagnostics);
      refuseSecrets(r.vars, label);
      Object.assign(out, r.vars);
    } else {
      for (const [w, word] of splitWords(text, label).entries()) {
        const eq = word.indexOf('=');
        const key = eq > 0 ? word.slice(0, eq) : '';
        if (!VAR_NAME.test(key)) {
          throw new UsageError(`${label}: word ${w + 1} is not key=value (use key=value, @file.yml, or a JSON map; the text is not shown, in case it holds a secret)`);
        }
        refuseSecrets({ [key]: null }, label);
        // As in Ansible, key=value values stay strings; use JSON or @file for lists and numbers.
        out[key] = word.slice(eq + 1);
      }
    }
  }
  return out;
}

// A secret-named variable anywhere in an -e argument (also as a key inside a map value): refused, with where to put it instead.
function refuseSecrets(vars: unknown, label: string): void {
  if (Array.isArray(vars)) vars.forEach((v) => refuseSecrets(v, label));
  else if (vars !== null && typeof vars === 'object') {
    for (const [k, v] of Object.entries(vars)) {
      if (isSecretName(k)) {
        throw new UsageError(
          `${label}: '${k}' is a secret, and secrets are not taken from the command line (other users can see it in ps, and shells keep it in history); ` +
            `set firemend_password_env (or firemend_sudo_password_env) in the inventory to the name of an environment variable holding it, or put it in a vars file given as -e @FILE`,
        );
      }
      refuseSecrets(v, label);
    }
  }
}
