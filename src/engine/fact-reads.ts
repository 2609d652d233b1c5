// Which unknown facts an expectation read. A parser reports a fact it could not establish as null; an
// expectation that reads one must not pass or fail on it (E_FACT_UNKNOWN). The facts are handed to the
// evaluator through a read-only view that records every null it hands out, so only the facts an
// expression actually reads count (the right side of a short-circuited `or` is never read).
import type { Facts } from '../parsers/index.js';

/** A view of `facts` that adds to `unknown` the dotted path of every null fact read through it, except the `absent` paths (null there is a proven "none"). */
export function trackUnknownReads(facts: Facts, absent: ReadonlySet<string>, unknown: Set<string>): Facts {
  return view(facts, '', absent, unknown);
}

function view(obj: Record<string, unknown>, prefix: string, absent: ReadonlySet<string>, unknown: Set<string>): Record<string, unknown> {
  return new Proxy(obj, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof key !== 'string' || !Object.hasOwn(target, key)) return value;
      const path = prefix === '' ? key : `${prefix}.${key}`;
      if (value === null && !absent.has(path)) unknown.add(path);
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) return view(value as Record<string, unknown>, path, absent, unknown);
      return value;
    },
    set: () => false,
    deleteProperty: () => false,
    defineProperty: () => false,
  });
}
