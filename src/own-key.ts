// Writing a key read from input (inventories, device JSON, template results) into a plain object: always an own
// data property, even when the key is `__proto__` (which an assignment would take as the prototype). Plain
// assignment for every other key: it gives the same property, many times faster than Object.defineProperty (which
// matters per host of a large inventory).

/** Set `obj[key] = value` as an own, enumerable, writable, configurable data property. */
export function setOwnKey(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}
