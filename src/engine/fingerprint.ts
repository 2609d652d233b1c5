// A stable digest of what a check saw, so a saved plan can tell whether the device changed since the dry-run.
import { createHash } from 'node:crypto';
import { omitVolatile, type Facts } from '../parsers/index.js';

/** sha256 of the parser's facts without volatile paths (`processes.*.pid`), or of the whitespace-normalized output when there is no parser. */
export function checkFingerprint(output: string, facts: Facts | undefined, volatile: readonly string[] = []): string {
  const material = facts === undefined ? output.replace(/\s+/g, ' ').trim() : stableJson(omitVolatile(facts, volatile));
  return createHash('sha256').update(material).digest('hex');
}

/** JSON with object keys sorted at every level, so equal facts always give equal text. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
