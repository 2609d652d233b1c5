// `curl -v https://<host> [--cacert …]` (root): the TARGET's outcome (did the name resolve, did TCP connect,
// was the certificate verified, what HTTP status, did it time out) kept apart from a proxy's (`proxy`:
// host, port, the status it answered to CONNECT, whether the tunnel opened). Every fact is proven by a line
// of the transcript or null. Handles curl 7.19 (NSS, `About to connect()`) through 8.x (`Host x:443 was
// resolved.`, `Established connection to …`, `left intact` with host:port, meters glued to `*` lines).
import type { Facts, ParseContext } from './index.js';
import { toLines, unrecognised } from './text.js';
import { insecureCommand, tlsVerdict } from './curl-tls.js';

const NAME = 'curl';
const VERBOSE = /^(\*|>|<|\{|\}|curl: \(\d+\))/;
// A progress-meter row (`  0     0    0 … --:--:--     0`) with curl's next line glued to its end.
const GLUED_METER = /^(\s*\d+\s+[\d.]+[kMGT]?\s+\d+\s+.*?(?:--:--:--|\d+:\d\d:\d\d)\s+[\d.]+[kMGT]?)((?:\*|curl: \(\d+\)).*)$/;
const EXIT = /^curl: \((\d+)\) (.*)$/;
const CONNECTED = /^\*\s+Connected to (\S+) \(([^)]*)\) port (\d+)/;
const ESTABLISHED = /^\*\s+Established connection to (\S+) \((\S+) port (\d+)\)/;
const TRYING = /^\*\s+Trying \[?([0-9A-Fa-f.:]+?)\]?(?::\d+)?\.{0,3}$/;
const RESOLVED = /^\*\s+(?:Host (\S+?):\d+ was resolved\.|IPv[46]: (?!\(none\))\S|Hostname (\S+) was found in DNS cache|Added (\S+?):\d+:\S+ to DNS cache)/;
const ABOUT = /^\*\s+About to connect\(\) to (?:proxy )?(\S+) port (\d+)/;
const REBUILT = /^\*?\s*Rebuilt URL to: \w+:\/\/([^/:]+)/;
const UNRESOLVED = /(getaddrinfo\(3\) failed for ([^\s:]+)|Could(?:n't| not) resolve host:? '?([^'\s]+)'?|Resolving timed out)/;
const CONNECT_FAILED = /^\*?\s*Failed (?:to )?connect to (?:(\S+) port (\d+)|([^\s:]+):(\d+))/;
const TIMEOUT_WORDS = /(timed out|Timeout was reached)/i;
const HTTP_STATUS = /^<\s*HTTP\/[\d.]+ (\d{3})/;
const INTACT = /\*\s+Connection #\d+ to host (\S+?)(?::(\d+))? left intact/;
// Proxy tunnel: the request and every way curl reports its outcome.
const TUNNEL_TO = /^\*\s+Establish(?:ing)? HTTP proxy tunnel to (\S+?):(\d+)/;
const CONNECT_REQ = /^>\s*CONNECT (\S+?):(\d+) HTTP/;
const TUNNEL_OK = /(Proxy replied (\d{3}) to CONNECT request|CONNECT tunnel established, response (\d{3}))/;
const TUNNEL_FAILED = /(Received HTTP code (\d{3}) from proxy(?: after CONNECT)?|CONNECT tunnel failed, response (\d{3})|Proxy CONNECT aborted|Proxy CONNECT followed by)/;
const PROXY_ENV = /^\*\s+Uses proxy env variable \S+ == '(?:\w+:\/\/)?([^:'/]+)(?::(\d+))?/;

export interface ProxyFacts {
  host: string | null;
  port: number | null;
  status: number | null;
  tunnel_ok: boolean | null;
}

/** Split each line of device text, and unglue curl's lines from a progress-meter row they were printed onto. */
function curlLines(text: string): string[] {
  const out: string[] = [];
  for (const raw of toLines(text)) {
    const m = GLUED_METER.exec(raw);
    const line = (m ? (m[2] ?? '') : raw).trim().replace(/<\/pre>$/, '');
    out.push(line);
  }
  return out;
}

/** Parse `curl -v` output into the target's facts plus `proxy` (null when no proxy was used). */
export function parseCurl(text: string, context?: ParseContext): Facts {
  const lines = curlLines(text);
  if (!lines.some((l) => VERBOSE.test(l))) {
    unrecognised(NAME, 'no curl verbose (`* `, `< `) or `curl: (N)` line; was it run with -v?', toLines(text)[0], 1);
  }
  const exit = exitLine(lines);
  const proxy = proxyFacts(lines, exit.message);
  // With a proxy, the target's own lines start once the tunnel is up; before that every line is about the proxy.
  const tunnelEnd = proxy === null ? 0 : tunnelEndIndex(lines);
  const targetLines = proxy === null ? lines : tunnelEnd < 0 ? [] : lines.slice(tunnelEnd + 1);
  const target = targetFacts(proxy === null ? lines : targetLines, exit, proxy !== null);
  if (proxy !== null) {
    const to = tunnelTarget(lines);
    target.host = to.host ?? target.host;
    target.port = to.port ?? target.port;
    if (proxy.tunnel_ok === false) target.connected = false;
    if (proxy.tunnel_ok === true) {
      // The proxy reached the target for us: its name resolved and it accepted the connection.
      target.connected = true;
      target.resolved = true;
    }
  }
  const tls = tlsVerdict(targetLines, exit, target.http_status !== null, insecureCommand(context?.command));
  return {
    host: target.host,
    resolved: target.resolved,
    connected: target.connected,
    ip: target.ip,
    port: target.port,
    tls_verified: tls.verified,
    tls_error: tls.error,
    tls_version: tls.version,
    http_status: target.http_status,
    timed_out: target.timed_out,
    error_code: exit.code,
    error: exit.message,
    left_intact: lines.some((l) => INTACT.test(l)),
    proxy,
  };
}

interface Exit {
  code: number | null;
  message: string | null;
}

function exitLine(lines: readonly string[]): Exit {
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = EXIT.exec(lines[i] ?? '');
    if (m) return { code: Number(m[1]), message: m[2] ?? null };
  }
  return { code: null, message: null };
}

interface Target {
  host: string | null;
  resolved: boolean | null;
  connected: boolean | null;
  ip: string | null;
  port: number | null;
  http_status: number | null;
  timed_out: boolean | null;
}

function targetFacts(lines: readonly string[], exit: Exit, viaProxy: boolean): Target {
  const t: Target = { host: null, resolved: null, connected: null, ip: null, port: null, http_status: null, timed_out: null };
  let unresolved = false;
  let failedToConnect = false;
  let timeoutWords = false;
  let intactHost: string | null = null;
  for (const line of lines) {
    let m: RegExpExecArray | null;
    if ((m = REBUILT.exec(line)) !== null) t.host ??= m[1] ?? null;
    if ((m = ABOUT.exec(line)) !== null) {
      t.host ??= m[1] ?? null;
      t.port ??= Number(m[2]);
    }
    if ((m = RESOLVED.exec(line)) !== null) {
      t.resolved = true;
      t.host ??= m[1] ?? m[2] ?? m[3] ?? null;
    }
    if (TRYING.test(line)) t.resolved ??= true;
    if ((m = CONNECTED.exec(line) ?? ESTABLISHED.exec(line)) !== null) {
      t.connected = true;
      t.resolved = true;
      t.host = m[1] ?? t.host;
      t.ip = m[2] ?? null;
      t.port = Number(m[3]);
    }
    if ((m = UNRESOLVED.exec(line)) !== null) {
      unresolved = true;
      t.host ??= m[2] ?? m[3] ?? null;
    }
    if ((m = CONNECT_FAILED.exec(line)) !== null) {
      failedToConnect = true;
      t.host ??= m[1] ?? m[3] ?? null;
      t.port ??= Number(m[2] ?? m[4]);
    }
    if (TIMEOUT_WORDS.test(line) && !line.startsWith('<') && !line.startsWith('>')) timeoutWords = true;
    if ((m = HTTP_STATUS.exec(line)) !== null) t.http_status = Number(m[1]);
    if ((m = INTACT.exec(line)) !== null) intactHost = m[1] ?? null;
  }
  if (exit.message !== null) {
    const m = CONNECT_FAILED.exec(exit.message);
    if (m) failedToConnect = true;
    if (UNRESOLVED.test(exit.message)) unresolved = true;
    if (TIMEOUT_WORDS.test(exit.message)) timeoutWords = true;
  }
  t.host ??= intactHost;
  if (t.host !== null) t.host = t.host.replace(/^['"]|['"]$/g, '');
  if (unresolved) {
    t.resolved = false;
    t.connected = false;
  }
  // A response from the target, or its connection left open for reuse, proves the connect even when the
  // `Connected to` line is missing (some versions print it late, a capture may start after it).
  if (t.http_status !== null || (intactHost !== null && !viaProxy)) t.connected = true;
  if (t.connected === true) t.resolved = true;
  const finishedWithError = exit.code !== null && exit.code !== 0;
  if (t.connected !== true && (failedToConnect || (finishedWithError && (exit.code === 7 || exit.code === 28)))) t.connected = false;
  // One address timing out before the next connects is not a timed-out run: only the run's outcome counts.
  if (exit.code === 28) t.timed_out = true;
  else if (t.connected === true || (exit.code !== null && !timeoutWords)) t.timed_out = false;
  else if (timeoutWords) t.timed_out = true;
  else if (unresolved) t.timed_out = false;
  return t;
}

function proxyFacts(lines: readonly string[], exitMessage: string | null): ProxyFacts | null {
  const all = exitMessage === null ? lines : [...lines, exitMessage];
  const used = all.some((l) => TUNNEL_TO.test(l) || CONNECT_REQ.test(l) || TUNNEL_OK.test(l) || TUNNEL_FAILED.test(l));
  if (!used) return null;
  const p: ProxyFacts = { host: null, port: null, status: null, tunnel_ok: null };
  let inConnect = false;
  for (const line of all) {
    let m: RegExpExecArray | null;
    if ((m = PROXY_ENV.exec(line)) !== null) {
      p.host ??= m[1] ?? null;
      if (m[2] !== undefined) p.port ??= Number(m[2]);
    }
    // The connection made before the tunnel request is the one to the proxy.
    if (!inConnect && p.status === null && (m = CONNECTED.exec(line)) !== null) {
      p.host = m[1] ?? p.host;
      p.port = Number(m[3]);
    }
    if (CONNECT_REQ.test(line) || TUNNEL_TO.test(line)) inConnect = true;
    if (inConnect && p.status === null && (m = HTTP_STATUS.exec(line)) !== null) p.status = Number(m[1]);
    if ((m = TUNNEL_OK.exec(line)) !== null) {
      p.status ??= Number(m[2] ?? m[3]);
      p.tunnel_ok ??= true;
      inConnect = false;
    }
    if ((m = TUNNEL_FAILED.exec(line)) !== null) {
      const code = m[2] ?? m[3];
      if (code !== undefined) p.status ??= Number(code);
      p.tunnel_ok = false;
      inConnect = false;
    }
  }
  if (p.tunnel_ok === null && p.status !== null) p.tunnel_ok = p.status >= 200 && p.status < 300;
  if (p.host === '') p.host = null;
  return p;
}

/** Index of the line that ends the CONNECT exchange with a working tunnel, or -1 when the tunnel never opened. */
function tunnelEndIndex(lines: readonly string[]): number {
  let sawConnect = false;
  let lastProxyLine = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (TUNNEL_FAILED.test(line)) return -1;
    if (TUNNEL_OK.test(line)) return i;
    if (CONNECT_REQ.test(line) || TUNNEL_TO.test(line)) sawConnect = true;
    if (sawConnect) {
      const s = HTTP_STATUS.exec(line);
      if (s) {
        const code = Number(s[1]);
        if (code < 200 || code >= 300) return -1;
        lastProxyLine = i;
      } else if (lastProxyLine >= 0 && !line.startsWith('<') && !/CONNECT/.test(line)) return lastProxyLine;
    }
  }
  return lastProxyLine;
}

function tunnelTarget(lines: readonly string[]): { host: string | null; port: number | null } {
  for (const line of lines) {
    const m = TUNNEL_TO.exec(line) ?? CONNECT_REQ.exec(line);
    if (m) return { host: m[1] ?? null, port: Number(m[2]) };
  }
  return { host: null, port: null };
}
