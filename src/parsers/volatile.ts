// Removing the parts of a parser's facts that move without the device's state moving (PIDs, inodes,
// uptimes, round-robin addresses), so a saved plan's fingerprint changes only when the state did.

/** A copy of `facts` without the values at `paths`: dotted keys, `*` matching every key of an object or every item of a list. */
export function omitVolatile<T>(facts: T, paths: readonly string[]): T {
  let out: unknown = facts;
  for (const path of paths) out = omitPath(out, path.split('.'));
  return out as T;
}

function omitPath(value: unknown, parts: readonly string[]): unknown {
  const [head, ...rest] = parts;
  if (head === undefined || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    // A list is addressed by `*` (every item) or by an index.
    return value.map((item, i) => (head === '*' || head === String(i) ? (rest.length === 0 ? null : omitPath(item, rest)) : item));
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const hit = head === '*' || head === k;
    if (hit && rest.length === 0) continue;
    out[k] = hit ? omitPath(v, rest) : v;
  }
  return out;
}
