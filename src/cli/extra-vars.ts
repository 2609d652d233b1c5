// `-e/--extra-vars`, as ansible-playbook takes it: `k=v` (several, space-separated, quotes allowed),
// `@file.yml|json`, or an inline JSON/YAML map. Repeated options merge in order; the later value wins.
import { InputError, UsageError } from '../errors.js';
import { loadVarsFile, parseVarsText } from '../yaml/vars-file.js';

const VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Commander collector for a repeatable option. */
export function collectRepeatable(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

// Split `a=1 b="two words"` like a shell would (single and double quotes, backslash escapes).
function splitWords(text: string): string[] {
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
  if (quote) throw new UsageError(`-e '${text}': unterminated ${quote} quote`);
  if (inWord) words.push(cur);
  return words;
}

/** Parse every -e value into one vars object (later wins). Throws InputError (located) for bad files, UsageError for bad k=v text. */
export async function parseExtraVars(values: readonly string[]): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [n, value] of values.entries()) {
    const text = value.trim();
    if (text.startsWith('@')) {
      const r = loadVarsFile(text.slice(1));
      if (r.diagnostics.length > 0) throw new InputError(r.diagnostics);
      Object.assign(out, r.vars);
    } else if (text.startsWith('{') || text.startsWith('[')) {
      const r = parseVarsText(text, values.length > 1 ? `--extra-vars#${n + 1}` : '--extra-vars');
      if (r.diagnostics.length > 0) throw new InputError(r.diagnostics);
      Object.assign(out, r.vars);
    } else {
      for (const word of splitWords(text)) {
        const eq = word.indexOf('=');
        const key = eq > 0 ? word.slice(0, eq) : '';
        if (!VAR_NAME.test(key)) {
          throw new UsageError(`-e '${value}': '${word}' is not key=value (use key=value, @file.yml, or a JSON map)`);
        }
        // As in Ansible, key=value values stay strings; use JSON or @file for lists and numbers.
        out[key] = word.slice(eq + 1);
      }
    }
  }
  return out;
}
