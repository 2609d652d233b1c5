// JSON input (plans) under the same rules as YAML input: nesting at most MAX_YAML_DEPTH levels, and errors that
// give a position but never quote the text (JavaScript's own JSON.parse messages can include a snippet of
// the input, which for a password file given by mistake is the password).
import { MAX_YAML_DEPTH } from './yaml-limits.js';

/** The parsed value, or why the text is not acceptable JSON (a message without any of the text). */
export type LimitedJson = { ok: true; value: unknown } | { ok: false; message: string };

// Line and column (1-based) of a character offset.
function lineCol(text: string, offset: number): string {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const line = before.split('\n').length;
  const col = before.length - before.lastIndexOf('\n');
  return `line ${line}, column ${col}`;
}

/** Parse JSON text. Within strings brackets do not count, so the scan is exact for valid JSON. */
export function parseLimitedJson(text: string): LimitedJson {
  // Nesting is bounded before parsing: a cheap scan of brackets outside strings.
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i += 1;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > MAX_YAML_DEPTH) return { ok: false, message: `JSON nested more than ${MAX_YAML_DEPTH} levels deep (at ${lineCol(text, i)})` };
    } else if (c === 0x5d || c === 0x7d) depth -= 1;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const m = /at position (\d+)/.exec(err instanceof Error ? err.message : '');
    const where = m ? ` at ${lineCol(text, Number(m[1]))}` : text.trim() === '' ? ' (the file is empty)' : '';
    return { ok: false, message: `it is not valid JSON${where}` };
  }
  return { ok: true, value };
}
