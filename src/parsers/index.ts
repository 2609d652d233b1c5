// The named parsers a playbook's `check.parse` may use. Each is a pure function: device text → facts.
// A parser throws ParseError on output it does not recognise rather than guessing.

/** Facts a parser extracts; fed to `expect.that` as `facts`. */
export type Facts = Record<string, unknown>;

/** What a parser may know besides the text: the command that printed it (curl's -k changes what a response proves). */
export interface ParseContext {
  command?: string;
}

export type Parser = (text: string, context?: ParseContext) => Facts;

/**
 * A registered parser and the fact paths that move without the device's state moving (PIDs, inodes,
 * uptimes, round-robin addresses). Paths are dotted; `*` matches every key of an object or item of a list
 * (`processes.*.pid`). Drop them with `omitVolatile` before hashing facts into a plan fingerprint.
 */
export interface ParserEntry {
  parse: Parser;
  volatile: readonly string[];
  /**
   * Fact paths where null is a proven "none" (curl's `proxy` when no proxy was used, `error` when curl
   * printed no error), not an unknown. Any other null fact is unknown: an expectation reading it fails
   * the step with E_FACT_UNKNOWN.
   */
  absent?: readonly string[];
}

/** Every parser name a playbook may reference. The loader rejects any other. */
export const PARSER_NAMES = [
  'show_network',
  'show_version',
  'show_failover',
  'show_managers',
  'pmtool_status',
  'connector_properties',
  'netstat_unix',
  'lsof_inet',
  'curl',
  'nslookup',
  'connector_log',
  'connector_context',
  'fmc_device_health',
  'fmc_cloud_region',
] as const;

export type ParserName = (typeof PARSER_NAMES)[number];

/** Filled in by registry.ts, one import per parser file. */
export { PARSERS, parseOutput, volatilePaths } from './registry.js';
export { omitVolatile } from './volatile.js';
