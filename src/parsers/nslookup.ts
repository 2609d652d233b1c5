// `nslookup <name>` (expert): which server answered and what the name resolved to (DOMAIN.md step 3).
// Covers BIND's nslookup (as in the seed) and BusyBox's (`Address 1: …`), including the failure forms
// (NXDOMAIN, SERVFAIL, REFUSED, no server reachable).
import type { Facts } from './index.js';
import { toLines, unrecognised } from './text.js';

const NAME = 'nslookup';
const SERVER = /^Server:\s+(\S+)/;
const SERVER_ADDRESS = /^Address(?: \d+)?:\s+(\S+?)(?:#(\d+))?(?:\s.*)?$/;
const NAME_LINE = /^Name:\s+(\S+?)\.?$/;
const ANSWER_ADDRESS = /^Address(?: \d+)?:\s+([0-9A-Fa-f.:]+)(?:\s.*)?$/;
const CNAME = /^(\S+?)\.?\s+canonical name = (\S+?)\.?$/;
const HAS_ADDRESS = /^(\S+?)\.?\s+has (?:AAAA )?address (\S+)$/;
const PTR = /^(\S+?\.(?:in-addr|ip6)\.arpa)\.?\s+name = (\S+?)\.?$/;
// BusyBox writes the server as `10.96.0.10:53` (IPv6: `[fd00::10]:53`), BIND as `10.96.0.10#53`.
const HOST_PORT = /^(?:\[([0-9A-Fa-f:.]+)\]|(\d+\.\d+\.\d+\.\d+)):(\d+)$/;
const FAILURES: [RegExp, string][] = [
  [/server can't find .*: NXDOMAIN|Non-existent domain|NXDOMAIN/i, 'NXDOMAIN'],
  [/SERVFAIL|Server failed/i, 'SERVFAIL'],
  [/REFUSED|Query refused/i, 'REFUSED'],
  [/no servers could be reached|connection timed out|communications error|timed out/i, 'timeout'],
  [/can't resolve|Can't find .*: No answer|No answer/i, 'no_answer'],
];

/** Parse nslookup output into `{server, server_port, resolved, name, canonical_names, addresses, error}`. */
export function parseNslookup(text: string): Facts {
  const lines = toLines(text).map((l) => l.trim());
  let server: string | null = null;
  let serverPort: number | null = null;
  let name: string | null = null;
  let inAnswer = false;
  const addresses: string[] = [];
  const cnames: string[] = [];
  const ptrNames: string[] = [];
  let error: string | null = null;
  let recognised = false;

  for (const line of lines) {
    let m: RegExpExecArray | null;
    if (line === '' || /^Non-authoritative answer:$|^Authoritative answers can be found from:$/.test(line)) {
      recognised ||= line !== '';
      continue;
    }
    if ((m = SERVER.exec(line)) !== null) {
      server = m[1] ?? null;
      recognised = true;
      continue;
    }
    if ((m = NAME_LINE.exec(line)) !== null) {
      name = m[1] ?? null;
      inAnswer = true;
      recognised = true;
      continue;
    }
    if ((m = CNAME.exec(line)) !== null) {
      cnames.push(m[2] ?? '');
      recognised = true;
      continue;
    }
    if ((m = PTR.exec(line)) !== null) {
      name ??= m[1] ?? null;
      ptrNames.push(m[2] ?? '');
      recognised = true;
      continue;
    }
    if ((m = HAS_ADDRESS.exec(line)) !== null) {
      name ??= m[1] ?? null;
      addresses.push(m[2] ?? '');
      recognised = true;
      continue;
    }
    if (!inAnswer && (m = SERVER_ADDRESS.exec(line)) !== null) {
      // The first Address line, before any Name:, is the server's own (`10.25.0.1#53`, BusyBox `10.96.0.10:53`).
      const hp = HOST_PORT.exec(m[1] ?? '');
      server ??= hp === null ? (m[1] ?? null) : (hp[1] ?? hp[2] ?? null);
      if (m[2] !== undefined) serverPort = Number(m[2]);
      else if (hp !== null) serverPort = Number(hp[3]);
      recognised = true;
      continue;
    }
    if (inAnswer && (m = ANSWER_ADDRESS.exec(line)) !== null) {
      addresses.push(m[1] ?? '');
      continue;
    }
    const failure = FAILURES.find(([re]) => re.test(line));
    if (failure !== undefined) {
      // `No answer` for one record type after addresses were found (BusyBox/BIND AAAA) is not a failure.
      if (!(failure[1] === 'no_answer' && addresses.length > 0)) error ??= failure[1];
      recognised = true;
      continue;
    }
    if (/^\*\*\* |^;;/.test(line)) {
      error ??= 'error';
      recognised = true;
      continue;
    }
    unrecognised(NAME, 'unrecognised line', line);
  }
  if (!recognised) unrecognised(NAME, 'no "Server:" / "Name:" / error line; is this nslookup output?', lines[0], 1);
  const resolved = addresses.length > 0 || ptrNames.length > 0;
  return {
    server,
    server_port: serverPort,
    resolved,
    name,
    canonical_names: cnames,
    addresses,
    ptr_names: ptrNames,
    error: resolved ? null : (error ?? 'no_answer'),
  };
}
