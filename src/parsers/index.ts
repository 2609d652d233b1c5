// The named parsers a playbook's `check.parse` may use. Each is a pure function: device text → facts.
// A parser throws ParseError on output it does not recognise rather than guessing.

/** Facts a parser extracts; fed to `expect.that` as `facts`. */
export type Facts = Record<string, unknown>;

export type Parser = (text: string) => Facts;

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
] as const;

export type ParserName = (typeof PARSER_NAMES)[number];

/** Filled in by registry.ts, one import per parser file. */
export { PARSERS } from './registry.js';
