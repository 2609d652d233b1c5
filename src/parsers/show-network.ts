// `show network` (FTD/FMC CLISH): the management interface, DNS servers, search domains, proxy.
// Layout: 52-wide `===[ Section ]===` headers, `---[ IPv4 ]---` sub-headers, `Label<pad to 26>: value`
// fields, multi-valued fields continued on lines indented 28 spaces (FTD-CLI.md §2.1).
import type { Facts } from './index.js';
import { snakeKey, toInt, toLines, unrecognised } from './text.js';

const NAME = 'show_network';

export interface NetworkInterface {
  name: string;
  fields: Record<string, string>;
  ipv4: Record<string, string> | null;
  ipv6: Record<string, string> | null;
}

interface Section {
  title: string;
  fields: Record<string, string[]>;
  subsections: { title: string; fields: Record<string, string[]> }[];
}

const HEADER = /^([=-])+\[ (.+?) \][=-]+$/;
const FIELD = /^(\s*)([^\s:][^:]*?)\s*:(?: (.*))?$/;
const CONTINUATION = /^\s{10,}(\S.*)$/;
// Lines that introduce an indented group of fields (`IPv4 Default route` / `  Gateway : …`).
const GROUP = /^(IPv4|IPv6) Default route$/;

/** Parse `show network` into `{hostname, dns_servers, domains, management_port, ipv4_gateway, interfaces, proxy_enabled, proxy, proxy_address, proxy_port, …}`. */
export function parseShowNetwork(text: string): Facts {
  const lines = toLines(text);
  const sections = splitSections(lines);
  const system = sections.find((s) => s.title === 'System Information');
  if (system === undefined) unrecognised(NAME, 'no "[ System Information ]" section; is this `show network` output?');

  const one = (f: Record<string, string[]>, key: string): string | null => f[key]?.join(' ') ?? null;
  const list = (f: Record<string, string[]>, key: string): string[] =>
    (f[key] ?? [])
      .flatMap((v) => v.split(/[,\s]+/))
      .filter((v) => v !== '' && v.toLowerCase() !== 'none');

  const interfaces: NetworkInterface[] = sections
    .filter((s) => s.title !== 'System Information' && s.title !== 'Proxy Information')
    .map((s) => {
      const sub = (t: string): Record<string, string> | null => {
        const found = s.subsections.find((x) => x.title === t);
        return found === undefined ? null : flatten(found.fields);
      };
      return { name: s.title, fields: flatten(s.fields), ipv4: sub('IPv4'), ipv6: sub('IPv6') };
    });

  const proxy = sections.find((s) => s.title === 'Proxy Information');
  const proxyFields = proxy === undefined ? null : flatten(proxy.fields);
  const routerDns = one(system.fields, 'dns_from_router');

  return {
    hostname: one(system.fields, 'hostname'),
    domains: list(system.fields, 'domains'),
    dns_servers: list(system.fields, 'dns_servers'),
    dns_from_router: routerDns === null ? null : /^(enabled|yes|true)$/i.test(routerDns),
    management_port: toInt(one(system.fields, 'management_port') ?? undefined),
    ipv4_gateway: one(system.fields, 'ipv4_default_route.gateway'),
    ipv6_gateway: one(system.fields, 'ipv6_default_route.gateway'),
    interfaces,
    proxy_enabled: proxyFields === null ? null : /^enabled$/i.test(proxyFields['state'] ?? ''),
    proxy: proxyFields,
    proxy_address: proxyField(proxyFields, /(address|host|server)$/),
    proxy_port: toInt(proxyField(proxyFields, /port$/) ?? undefined),
  };
}

// The proxy's address or port from the Proxy Information fields, whatever the release calls the label
// (`HTTP Proxy Address`, …); null when the section has no such field (a disabled proxy shows none).
function proxyField(fields: Record<string, string> | null, key: RegExp): string | null {
  if (fields === null) return null;
  const found = Object.entries(fields).find(([k, v]) => key.test(k) && v !== '');
  return found === undefined ? null : found[1];
}

function flatten(fields: Record<string, string[]>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.join(' ')]));
}

// Walk the lines once: headers open sections, fields attach to the open (sub)section, continuations
// extend the previous field. Anything else is not `show network` and is refused.
function splitSections(lines: readonly string[]): Section[] {
  const sections: Section[] = [];
  let current: Section | undefined;
  let target: Record<string, string[]> | undefined;
  let lastKey: string | undefined;
  let group: string | undefined;

  lines.forEach((line, i) => {
    if (line === '') return;
    const header = HEADER.exec(line);
    if (header !== null) {
      const title = header[2] ?? '';
      group = undefined;
      lastKey = undefined;
      if (header[1] === '=') {
        current = { title, fields: {}, subsections: [] };
        sections.push(current);
        target = current.fields;
      } else {
        if (current === undefined) unrecognised(NAME, 'sub-section before any section', line, i + 1);
        const sub = { title, fields: {} };
        current.subsections.push(sub);
        target = sub.fields;
      }
      return;
    }
    if (target === undefined) unrecognised(NAME, 'text before the first section header', line, i + 1);
    const cont = CONTINUATION.exec(line);
    if (cont !== null && lastKey !== undefined) {
      target[lastKey]?.push(cont[1] ?? '');
      return;
    }
    const groupStart = GROUP.exec(line);
    if (groupStart !== null) {
      group = snakeKey(line);
      lastKey = undefined;
      return;
    }
    const field = FIELD.exec(line);
    if (field === null) unrecognised(NAME, 'unrecognised line', line, i + 1);
    const indented = (field[1] ?? '').length > 0;
    if (!indented) group = undefined;
    const key = (indented && group !== undefined ? `${group}.` : '') + snakeKey(field[2] ?? '');
    const value = (field[3] ?? '').trim();
    target[key] = value === '' ? [] : [value];
    lastKey = key;
  });
  return sections;
}
