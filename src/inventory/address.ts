// Ansible's host addresses in inventory entries: `host:port`, `[v6]:port`, IPv4/IPv6, and host ranges
// (`ftd-[01:10]`, `db-[a:c]`, `web[1:9:2]`, `[:5]`), as ansible-core's parse_address and expand_hostname_range.

const NUM_RANGE = String.raw`\[(?:[0-9]+:[0-9]+)(?::[0-9]+)?\]`;
const HEX_RANGE = String.raw`\[(?:[0-9a-f]+:[0-9a-f]+)(?::[0-9]+)?\]`;
const ALNUM_RANGE = String.raw`\[(?:[a-z]:[a-z]|[0-9]+:[0-9]+)(?::[0-9]+)?\]`;
const V6 = String.raw`(?:[0-9a-f]{1,4}|${HEX_RANGE})`;
const V4 = String.raw`(?:[01]?[0-9]{1,2}|2[0-4][0-9]|25[0-5]|${NUM_RANGE})`;
const LABEL = String.raw`(?:[\p{L}\p{N}_]|${ALNUM_RANGE})(?:[\p{L}\p{N}_-]|${ALNUM_RANGE})*(?<![_-])`;

const BRACKETED_HOSTPORT = /^\[(.+)\]:([0-9]+)$/;
const HOSTPORT = /^((?:[^:[\]]|\[[^\]]*\])*):([0-9]+)$/;
const IPV4 = new RegExp(String.raw`^(?:${V4}\.){3}${V4}$`, 'i');
const IPV6 = new RegExp(
  '^(?:' +
    [
      String.raw`(?:${V6}:){7}${V6}`,
      String.raw`(?:${V6}:){1,6}:`,
      String.raw`(?:${V6}:)(?::${V6}){1,6}`,
      String.raw`(?:${V6}:){2}(?::${V6}){1,5}`,
      String.raw`(?:${V6}:){3}(?::${V6}){1,4}`,
      String.raw`(?:${V6}:){4}(?::${V6}){1,3}`,
      String.raw`(?:${V6}:){5}(?::${V6}){1,2}`,
      String.raw`(?:${V6}:){6}(?::${V6})`,
      String.raw`:(?::${V6}){1,6}`,
      String.raw`${V6}?::`,
      String.raw`(?:0:){6}(?:${V6}\.){3}${V6}`,
      String.raw`::(?:ffff:)?(?:${V6}\.){3}${V6}`,
      String.raw`(?:0:){5}ffff:(?:${V6}\.){3}${V6}`,
    ].join('|') +
    ')$',
  'i',
);
const HOSTNAME = new RegExp(String.raw`^${LABEL}(?:\.${LABEL})*$`, 'iu');

/** Whether a name is an IPv4 or IPv6 address (ranges allowed), as Ansible's address patterns say. */
export function isIpAddress(name: string): boolean {
  return IPV4.test(name) || IPV6.test(name);
}

/** `host`, `host:port`, `[v6]:port` → host and port; undefined when the text is not an address (Ansible then uses it whole). */
export function parseAddress(address: string, allowRanges: boolean): { host: string; port?: number } | undefined {
  let rest = address;
  let port: number | undefined;
  for (const re of [BRACKETED_HOSTPORT, HOSTPORT]) {
    const m = re.exec(rest);
    if (m) {
      rest = m[1] as string;
      port = Number(m[2]);
    }
  }
  if (!(IPV4.test(rest) || IPV6.test(rest) || HOSTNAME.test(rest))) return undefined;
  if (!allowRanges && rest.includes('[')) return undefined;
  return port === undefined ? { host: rest } : { host: rest, port };
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Expand the first range of a name and recurse, as Ansible's expand_hostname_range; throws Error with Ansible's reason. */
function expandHostRange(line: string, limit = 1_000_000): string[] {
  const open = line.indexOf('[');
  if (open < 0) return [line];
  const close = line.indexOf(']', open);
  // Ansible replaces the first '[' and the first ']' and splits on them: anything else is not a range.
  const firstClose = line.indexOf(']');
  if (close < 0 || firstClose < open) throw new Error(`host range in '${line}' is not closed`);
  const head = line.slice(0, open);
  const body = line.slice(open + 1, close);
  const tail = line.slice(close + 1);
  const bounds = body.split(':');
  if (bounds.length !== 2 && bounds.length !== 3) throw new Error('host range must be begin:end or begin:end:step');
  const beg = bounds[0] === '' ? '0' : (bounds[0] as string);
  const end = bounds[1] as string;
  const stepText = bounds[2] ?? '1';
  if (end === '') throw new Error('host range must specify end value');
  if (!/^[0-9]+$/.test(stepText) || Number(stepText) < 1) throw new Error(`host range step '${stepText}' must be a positive integer`);
  const step = Number(stepText);
  let fill = (v: string | number): string => String(v);
  if (beg.startsWith('0') && beg.length > 1) {
    if (beg.length !== end.length) throw new Error('host range must specify equal-length begin and end formats');
    fill = (v) => String(v).padStart(beg.length, '0');
  }
  const seq: string[] = [];
  const ib = LETTERS.indexOf(beg);
  const ie = LETTERS.indexOf(end);
  if (beg.length === 1 && end.length === 1 && ib >= 0 && ie >= 0) {
    if (ib > ie) throw new Error('host range must have begin <= end');
    for (let i = ib; i <= ie; i += step) seq.push(LETTERS[i] as string);
  } else {
    if (!/^[0-9]+$/.test(beg) || !/^[0-9]+$/.test(end)) throw new Error(`host range '[${body}]' is neither numeric nor one letter to one letter`);
    const a = Number(beg);
    const b = Number(end);
    if ((b - a) / step > limit) throw new Error(`host range '[${body}]' is too large`);
    for (let i = a; i <= b; i += step) seq.push(fill(i));
  }
  const out: string[] = [];
  for (const v of seq) {
    const name = head + v + tail;
    if (name.includes('[')) for (const n of expandHostRange(name, limit)) out.push(n);
    else out.push(name);
    if (out.length > limit) throw new Error(`host range in '${line}' expands to more than ${limit} hosts`);
  }
  return out;
}

/** An inventory host entry → its host names and port, as Ansible's _expand_hostpattern. */
export function expandHostPattern(entry: string): { names: string[]; port?: number } {
  const addr = parseAddress(entry, true);
  const pattern = addr ? addr.host : entry;
  const names = pattern.includes('[') ? expandHostRange(pattern) : [pattern];
  return addr?.port !== undefined ? { names, port: addr.port } : { names };
}
