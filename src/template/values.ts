// The value model shared by the evaluator, filters and tests: Jinja-style undefined, truthiness, equality,
// ordering and conversion to text.
import { TemplateFault } from './fault.js';

/** Names that could reach JavaScript's object machinery; rejected as variables, attributes and keys. */
export const FORBIDDEN_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * A lookup that found nothing. It is carried as a value (so `default` and `is defined` can accept it) and
 * becomes an error the moment anything else uses it, pointing at where the lookup was written.
 */
export class Undefined {
  constructor(
    /** What was looked up, as written: `dns_servers`, `facts.dns_servers`, `hosts[region]`. */
    readonly name: string,
    /** Offset of the variable, attribute or index that was missing. */
    readonly offset: number,
    /** Why it is undefined, when more than "no such variable". */
    readonly reason?: string,
  ) {}

  /** The error for using this value. */
  fault(): TemplateFault {
    const why = this.reason === undefined ? '' : `: ${this.reason}`;
    return new TemplateFault(`undefined variable '${this.name}'${why}`, this.offset);
  }
}

/** A dict: any non-array object (YAML mappings, dict literals, parser facts). */
export function isDict(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Python-ish type name for error messages. */
export function typeName(v: unknown): string {
  if (v instanceof Undefined) return 'undefined';
  if (v === null || v === undefined) return 'none';
  if (typeof v === 'string') return 'str';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (Array.isArray(v)) return 'list';
  if (isDict(v)) return 'dict';
  return typeof v;
}

/** Jinja truthiness: empty string/list/dict, 0, none and false are false. */
export function truthy(v: unknown): boolean {
  if (v instanceof Undefined) throw v.fault();
  if (v === null || v === undefined || v === false) return false;
  if (typeof v === 'number') return v !== 0 && !Number.isNaN(v);
  if (typeof v === 'string') return v.length > 0;
  if (Array.isArray(v)) return v.length > 0;
  if (isDict(v)) return Object.keys(v).length > 0;
  return true;
}

/**
 * How a value is written into rendered text. Chosen to be predictable rather than Python's repr:
 * strings as they are, numbers in JavaScript's shortest form, booleans as Jinja/Ansible print them
 * (`True`/`False`), none as `None`, and lists/dicts as compact JSON (`["a","b"]`, `{"k":1}`).
 */
export function toText(v: unknown): string {
  if (v instanceof Undefined) throw v.fault();
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (v === null || v === undefined) return 'None';
  return JSON.stringify(v) ?? String(v);
}

/** Python `==`: structural for lists and dicts; a bool never equals a number (unlike Python, on purpose). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined) return b === null;
  if (b === undefined) return a === null;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isDict(a)) {
    if (!isDict(b)) return false;
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/**
 * Ordering for `<` and `sort`: numbers with numbers, strings with strings (code-point order), lists
 * element-wise. Anything else has no order, and saying so beats guessing. Returns negative/0/positive,
 * or undefined when the two cannot be compared.
 */
export function compareValues(a: unknown, b: unknown): number | undefined {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = compareValues(a[i], b[i]);
      if (c === undefined || c !== 0) return c;
    }
    return a.length - b.length;
  }
  return undefined;
}

/** Read an own property of a dict, or undefined; never reaches a prototype. */
export function ownProperty(obj: Record<string, unknown>, key: string): { found: boolean; value: unknown } {
  // A key holding JavaScript's undefined is treated as absent: YAML never produces it, callers might.
  if (FORBIDDEN_NAMES.has(key) || !Object.hasOwn(obj, key) || obj[key] === undefined) return { found: false, value: undefined };
  return { found: true, value: obj[key] };
}
