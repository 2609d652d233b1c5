// One adapter over the parser registry, whose entries are either a bare function or `{ parse, volatile }`.
import { PARSERS, type Facts, type ParseContext } from '../parsers/index.js';

export interface ResolvedParser {
  parse: (text: string, context?: ParseContext) => Facts;
  /** Fact keys that change between runs without the device changing (uptimes, counters): left out of fingerprints. */
  volatile: readonly string[];
  /** Fact paths where null means "none", not "unknown" (see ParserEntry.absent). */
  absent: readonly string[];
}

/** The parser registered under `name`, or undefined when there is none. */
export function getParser(name: string): ResolvedParser | undefined {
  const entry: unknown = (PARSERS as Record<string, unknown>)[name];
  if (typeof entry === 'function') return { parse: entry as (text: string, context?: ParseContext) => Facts, volatile: [], absent: [] };
  if (entry !== null && typeof entry === 'object' && typeof (entry as { parse?: unknown }).parse === 'function') {
    const e = entry as { parse: (text: string, context?: ParseContext) => Facts; volatile?: unknown; absent?: readonly string[] };
    const v = e.volatile;
    const volatile = Array.isArray(v) ? v.map(String) : v instanceof Set ? [...(v as Set<unknown>)].map(String) : [];
    return { parse: (text, context) => e.parse(text, context), volatile, absent: e.absent ?? [] };
  }
  return undefined;
}
