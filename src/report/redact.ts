import { isSecretName, MIN_SECRET_LENGTH, REDACTED } from '../secrets.js';
import { shellQuote } from '../template/shell-quote.js';

// Redaction: every byte of text that leaves firemend (terminal, line/JSON output, report, JUnit, evidence,
// error messages) passes through one Redactor built from the run's secrets.
//
// Why a minimum length: a short secret ("ab", "12") cannot be redacted by substring replacement without
// mangling every output (a password `ab` turns `Enabled` into `En<redacted>led`). A run refuses such secrets
// when it loads its inventory (cli/short-secrets.ts); should one still reach a redactor it is not matched,
// and `skippedShort` counts it.

/** What a redacted secret is replaced with, and the shortest secret that can be redacted (see secrets.ts). */
export { MIN_SECRET_LENGTH, REDACTED };

/** A redactor for chunked text (a transcript): holds back a tail that could be the start of a secret. */
export interface RedactingStream {
  /** Redact a chunk; returns what is safe to emit now (may be shorter than the input). */
  push(chunk: string): string;
  /** Emit what is still held back, redacted. Call at the end of the text. */
  flush(): string;
}

export interface Redactor {
  /** Redact one complete text. */
  redact(text: string): string;
  /** A fresh streaming redactor, for text that arrives in chunks (a secret may be split across two reads). */
  stream(): RedactingStream;
  /**
   * A JSON-like value with every string redacted and password-like keys' values replaced. Arrays and plain
   * objects in which nothing changed are shared with the input (the input itself when nothing changed):
   * treat both as read-only.
   */
  redactDeep<T>(value: T): T;
  /** How many of the given secrets were too short to be matched (see MIN_SECRET_LENGTH). */
  readonly skippedShort: number;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// The forms a secret can take in our own outputs: as is, escaped inside a JSON string (a password with a
// quote or backslash is written differently in a JSON line than in the terminal), and shell-quoted by the
// template filter `quote` (the one transforming filter a secret may pass through), in both forms.
function variantsOf(secret: string): string[] {
  const forms = [secret, shellQuote(secret)];
  return [...new Set([...forms, ...forms.map((f) => JSON.stringify(f).slice(1, -1))])];
}

/** Build the run's redactor from its secret values (passwords, sudo passwords, values marked secret). */
export function createRedactor(secrets: readonly (string | undefined)[]): Redactor {
  const usable = secrets.filter((s): s is string => typeof s === 'string' && s.length >= MIN_SECRET_LENGTH);
  const skippedShort = secrets.filter((s) => typeof s === 'string' && s.length > 0 && s.length < MIN_SECRET_LENGTH).length;
  // Longest first, so that at any position the alternation prefers the longest secret that matches.
  const patterns = [...new Set(usable.flatMap(variantsOf))].sort((a, b) => b.length - a.length);
  const re = patterns.length > 0 ? new RegExp(patterns.map(escapeRegExp).join('|'), 'g') : undefined;

  // One alternation compiled once; a text without a match comes back as the same string, unallocated.
  const redact = (text: string): string => (re === undefined ? text : text.replace(re, REDACTED));

  // True when `tail` is the beginning of some secret but not the whole of it: more input could complete
  // a (longer) match starting there.
  const couldGrow = (tail: string): boolean => patterns.some((p) => p.length > tail.length && p.startsWith(tail));
  const maxLen = patterns.reduce((m, p) => Math.max(m, p.length), 0);

  const stream = (): RedactingStream => {
    let pending = '';
    return {
      push(chunk: string): string {
        if (re === undefined) return chunk;
        const text = pending + chunk;
        let out = '';
        let emittedTo = 0;
        let cut = -1;
        const firstGrowable = (from: number, to: number): number => {
          for (let p = Math.max(from, text.length - maxLen + 1); p <= to && p < text.length; p += 1) {
            if (couldGrow(text.slice(p))) return p;
          }
          return -1;
        };
        for (const m of text.matchAll(re)) {
          // A secret that may still be completing starts at or before this match (a longer secret at the
          // same place, or one starting earlier): the whole text would match it instead, so decide later.
          const p = firstGrowable(emittedTo, m.index);
          if (p >= 0) {
            cut = p;
            break;
          }
          out += text.slice(emittedTo, m.index) + REDACTED;
          emittedTo = m.index + m[0].length;
        }
        if (cut < 0) {
          const p = firstGrowable(emittedTo, text.length - 1);
          cut = p >= 0 ? p : text.length;
        }
        out += text.slice(emittedTo, cut);
        pending = text.slice(cut);
        return out;
      },
      flush(): string {
        const rest = redact(pending);
        pending = '';
        return rest;
      },
    };
  };

  const redactDeep = <T>(value: T): T => redactShared(value, redact) as T;

  return { redact, stream, redactDeep, skippedShort };
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

// The redacted value, sharing every array and plain object in which nothing changed (the value itself when
// nothing did): most events carry no secret, and copying them all was most of the report's cost.
// Other objects (class instances) are still turned into plain copies, as JSON would see them.
function redactShared(value: unknown, redact: (s: string) => string): unknown {
  if (typeof value === 'string') return redact(value);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof RegExp || value instanceof Date) return value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i += 1) {
      const v: unknown = value[i];
      const r = redactShared(v, redact);
      if (out) out.push(r);
      else if (r !== v) {
        out = value.slice(0, i);
        out.push(r);
      }
    }
    return out ?? value;
  }
  const source = value as Record<string, unknown>;
  const keys = Object.keys(source);
  let out: Record<string, unknown> | undefined = isPlainObject(value) ? undefined : {};
  for (let i = 0; i < keys.length; i += 1) {
    const k = keys[i] as string;
    const v = source[k];
    const r = isSecretName(k) && v !== undefined && v !== null && v !== '' && typeof v !== 'boolean' ? REDACTED : redactShared(v, redact);
    if (out) out[k] = r;
    else if (r !== v) {
      out = {};
      for (let j = 0; j < i; j += 1) out[keys[j] as string] = source[keys[j] as string];
      out[k] = r;
    }
  }
  return out ?? value;
}
