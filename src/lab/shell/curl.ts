// curl: DNS failure, blocked egress, TLS interception, a proxy refusing the tunnel, the 403 from the cloud, and the
// connector's local API on localhost:8989; the wording comes from the device's curl flavour (curl-flavours.ts).
import { renderContext } from '../render/connector-files.js';
import { curlDialect, type CurlFailure, type PeerCert } from './curl-flavours.js';
import { connect, scaled } from './net-tools.js';
import { stderr, stdout, type CmdContext, type CmdResult, type Out } from './types.js';

interface CurlArgs {
  url?: string;
  verbose: boolean;
  insecure: boolean;
  silent: boolean;
  showError: boolean;
  cacert?: string;
  maxTime?: number;
  connectTimeout?: number;
  output?: string;
  head: boolean;
  writeOut?: string;
  noProxy: boolean;
}

const USAGE = "curl: try 'curl --help' or 'curl --manual' for more information\n";

function parseArgs(argv: string[]): CurlArgs | string {
  const a: CurlArgs = { verbose: false, insecure: false, silent: false, showError: false, head: false, noProxy: false };
  const takeNumber = (flag: string, v: string | undefined): number | string => {
    if (v === undefined) return `curl: option ${flag}: requires parameter\n${USAGE}`;
    const n = Number(v);
    return Number.isFinite(n) && n >= 0 ? n : `curl: option ${flag}: expected a proper numerical parameter\n${USAGE}`;
  };
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i] as string;
    const long = (name: string): boolean => arg === name;
    if (long('--verbose')) a.verbose = true;
    else if (long('--insecure')) a.insecure = true;
    else if (long('--silent')) a.silent = true;
    else if (long('--show-error')) a.showError = true;
    else if (long('--head')) a.head = true;
    else if (long('--cacert') || long('--capath')) {
      a.cacert = argv[++i];
      if (a.cacert === undefined) return `curl: option ${arg}: requires parameter\n${USAGE}`;
    } else if (long('--max-time') || long('--connect-timeout')) {
      const n = takeNumber(arg, argv[++i]);
      if (typeof n === 'string') return n;
      if (long('--max-time')) a.maxTime = n;
      else a.connectTimeout = n;
    } else if (long('--output')) a.output = argv[++i];
    else if (long('--write-out')) a.writeOut = argv[++i];
    else if (long('--location') || long('--compressed') || long('--noproxy') || long('--tlsv1.2')) {
      if (long('--noproxy')) a.noProxy = argv[++i] !== undefined;
    } else if (arg.startsWith('--')) return `curl: option ${arg}: is unknown\n${USAGE}`;
    else if (arg.startsWith('-') && arg.length > 1) {
      // Short options may be bundled (`-sSk`); those with a value take the rest of the word or the next word.
      for (let k = 1; k < arg.length; k++) {
        const f = arg[k] as string;
        if ('mo wHXx'.includes(f) && f !== ' ') {
          const rest = arg.slice(k + 1);
          const v = rest !== '' ? rest : argv[++i];
          if (f === 'm') {
            const n = takeNumber('-m', v);
            if (typeof n === 'string') return n;
            a.maxTime = n;
          } else if (f === 'o') a.output = v;
          else if (f === 'w') a.writeOut = v;
          else if (v === undefined) return `curl: option -${f}: requires parameter\n${USAGE}`;
          break;
        }
        if (f === 'v') a.verbose = true;
        else if (f === 'k') a.insecure = true;
        else if (f === 's') a.silent = true;
        else if (f === 'S') a.showError = true;
        else if (f === 'I') a.head = true;
        else if (f === 'L') continue;
        else return `curl: option -${f}: is unknown\n${USAGE}`;
      }
    } else if (a.url === undefined) a.url = arg;
  }
  return a;
}

interface Target {
  scheme: 'http' | 'https';
  host: string;
  port: number;
  path: string;
  rebuilt: boolean;
}

function parseUrl(url: string): Target | undefined {
  const m = /^(?:(https?):\/\/)?([^/:?#]+)(?::(\d+))?(\/[^#]*)?$/i.exec(url);
  if (!m) return undefined;
  const scheme = (m[1]?.toLowerCase() ?? 'http') as 'http' | 'https';
  return { scheme, host: (m[2] as string).toLowerCase(), port: m[3] ? Number(m[3]) : scheme === 'https' ? 443 : 80, path: m[4] ?? '/', rebuilt: m[4] === undefined };
}

interface Response {
  status: number;
  reason: string;
  headers: string[];
  body: string;
}

function httpDate(ms: number): string {
  return new Date(ms).toUTCString();
}

function cloudResponse(now: number): Response {
  return {
    status: 403,
    reason: 'Forbidden',
    headers: [
      `Date: ${httpDate(now)}`,
      'Content-Type: text/plain; charset=utf-8',
      'Content-Length: 9',
      'Connection: keep-alive',
      'Keep-Alive: timeout=5',
      'ETag: "5fb40950-9"',
      'Cache-Control: no-store',
      'Pragma: no-cache',
      "Content-Security-Policy: default-src https: ;",
      'X-Content-Type-Options: nosniff',
      'X-XSS-Protection: 1; mode=block',
      'X-Frame-Options: SAMEORIGIN',
      'Strict-Transport-Security: max-age=31536000; includeSubDomains',
    ],
    body: 'Forbidden',
  };
}

function connectorResponse(ctx: CmdContext, path: string): Response {
  const clean = path.replace(/\/+$/, '');
  let status = 200;
  let body: string;
  if (clean === '/v1/contexts/default') {
    const r = renderContext(ctx.device);
    status = r.status;
    body = r.body;
  } else if (clean === '/v1/contexts/default/status') {
    const r = renderContext(ctx.device);
    status = r.status;
    body = r.status === 200 ? JSON.stringify({ status: ctx.device.isEnrolled() ? 'Enrolled' : 'Unenrolled' }) : r.body;
  } else if (clean === '/v1/contexts') {
    body = ctx.device.state.cloudEnabled ? '["default"]' : '[]';
  } else {
    status = 404;
    body = '404 page not found';
  }
  return {
    status,
    reason: status === 200 ? 'OK' : 'Not Found',
    headers: [`Content-Type: ${status === 200 || body.startsWith('{') ? 'application/json' : 'text/plain; charset=utf-8'}`, `Date: ${httpDate(ctx.device.now())}`, `Content-Length: ${body.length}`],
    body,
  };
}

/** `curl [options] URL`, worded as the device's curl build (its flavour) prints it. */
export function curl(argv: string[], ctx: CmdContext): CmdResult {
  const args = parseArgs(argv);
  if (typeof args === 'string') return { out: [stderr(args)], status: 2 };
  if (!args.url) return { out: [stderr(`curl: no URL specified!\n${USAGE}`)], status: 2 };
  const target = parseUrl(args.url);
  if (!target) return { out: [stderr(`curl: (3) <url> malformed\n`)], status: 3 };
  const d = curlDialect(ctx.device.state.curlFlavour);
  const out: Out[] = [];
  const v = (lines: string[], delayMs?: number): void => {
    if (args.verbose) lines.forEach((line, i) => out.push(stderr(line + '\n', i === 0 ? delayMs : undefined)));
    if ((!args.verbose || lines.length === 0) && delayMs) out.push(stderr('', delayMs));
  };
  const fail = (f: CurlFailure, delayMs?: number): CmdResult => {
    v([...f.lines, d.closing], delayMs);
    if (!args.silent || args.showError) out.push(stderr(`curl: (${f.code}) ${f.message}\n${f.more ?? ''}`));
    return { out, status: f.code };
  };
  const defaultPort = target.port === (target.scheme === 'https' ? 443 : 80);
  if (target.rebuilt) v(d.rebuilt(`${target.scheme}://${target.host}${defaultPort ? '' : ':' + target.port}/`));
  const limitS = Math.min(args.maxTime ?? Infinity, args.connectTimeout ?? Infinity);

  // 1. Through the management proxy (its address is an IP: no lookup); it refuses every tunnel with 503.
  const proxy = ctx.device.state.proxy;
  const local = ctx.device.resolve(target.host).kind === 'local';
  if (proxy && !local && !args.noProxy) {
    v(d.proxyEnv(`http://${proxy.host}:${proxy.port}`));
    v([...d.resolved(proxy.host, proxy.port, [proxy.host], true), ...d.trying(proxy.host, proxy.port), ...d.connected(proxy.host, proxy.host, proxy.port)]);
    const refusal = proxyRefusal(ctx.device.now());
    if (target.scheme === 'https') {
      v([...d.tunnel(target.host, target.port), ...responseLines(refusal), '< ']);
      return fail(d.tunnelRefused(refusal.status));
    }
    v([...d.request(args.head ? 'HEAD' : 'GET', `http://${target.host}${target.path}`, target.host), ...responseLines(refusal), '< ', d.leftIntact(proxy.host, proxy.port)]);
    return finish(args, refusal, out);
  }

  // 2. Name resolution and TCP connect.
  const c = connect(ctx, target.host, target.port);
  if (c.kind === 'unresolved') {
    if (c.waitMs > 0 && limitS < 15) return fail(d.resolveTimeout(Math.round(limitS * 1000) + 1), scaled(ctx, limitS));
    return fail(d.unresolved(target.host, target.port), c.waitMs);
  }
  const addresses = c.kind === 'connected' && c.local ? [c.address] : cloudAddresses(ctx, target.host, c.address);
  v([...d.resolved(target.host, target.port, addresses, false), ...d.trying(c.address, target.port)]);
  const from = `${c.kind === 'refused' || (c.kind === 'connected' && c.local) ? '127.0.0.1' : ctx.device.state.mgmtIp} port ${40000 + (ctx.device.state.nextInode % 20000)}`;
  if (c.kind === 'refused') return fail(d.refused(target.host, c.address, target.port, from));
  if (c.kind === 'blocked') {
    if (limitS < 127) return fail(d.connectTimeout(Math.round(limitS * 1000) + 1), scaled(ctx, limitS));
    return fail(d.connectFailed(target.host, c.address, target.port, from), scaled(ctx, 127));
  }
  v(d.connected(target.host, c.address, target.port));

  // 3. TLS: the connector CA verifies the cloud's chain unless a middlebox re-signs it.
  if (target.scheme === 'https') {
    if (c.local) return fail(d.tlsWrongProtocol());
    v(d.tlsStart(args.cacert));
    const intercepted = ctx.device.state.tlsIntercept;
    const cert = peerCert(ctx, target.host, intercepted);
    if (intercepted && !args.insecure) return fail(d.tlsUnknownIssuer(cert));
    v(d.tlsDone(cert, args.insecure, !intercepted));
  }

  // 4. HTTP exchange.
  const res = c.local ? connectorResponse(ctx, target.path) : cloudResponse(ctx.device.now());
  v([...d.request(args.head ? 'HEAD' : 'GET', target.path, defaultPort ? target.host : `${target.host}:${target.port}`), ...responseLines(res), '< ', d.leftIntact(target.host, target.port)]);
  return finish(args, res, out);
}

function responseLines(res: Response): string[] {
  return [`< HTTP/1.1 ${res.status} ${res.reason}`, ...res.headers.map((h) => `< ${h}`)];
}

// The body (or with -I the head) on stdout, then any -w.
function finish(args: CurlArgs, res: Response, out: Out[]): CmdResult {
  if (args.head) out.push(stdout(`HTTP/1.1 ${res.status} ${res.reason}\r\n${res.headers.map((h) => h + '\r\n').join('')}\r\n`));
  if (!args.head && args.output === undefined) out.push(stdout(res.body + '\n'));
  if (args.writeOut) out.push(stdout(args.writeOut.replace(/%\{http_code\}/g, String(res.status)).replace(/\\n/g, '\n')));
  return { out, status: 0 };
}

// Every address the name resolves to (8.x lists them); the one connected to first.
function cloudAddresses(ctx: CmdContext, host: string, first: string): string[] {
  const r = ctx.device.resolve(host);
  const all = r.kind === 'answer' ? r.host.addresses : [first];
  return [first, ...all.filter((a) => a !== first)];
}

function peerCert(ctx: CmdContext, host: string, intercepted: boolean): PeerCert {
  const now = ctx.device.now();
  return {
    host,
    subject: `C=US; ST=California; L=San Jose; O=Cisco Systems, Inc.; CN=${host}`,
    issuer: intercepted ? 'C=US; O=Example Corp; CN=Example Corp TLS Inspection CA' : 'C=US; O=HydrantID (Avalanche Cloud Corporation); CN=HydrantID SSL ICA G2',
    start: new Date(Math.floor((now - 200 * 86_400_000) / 86_400_000) * 86_400_000 + 75_476_000),
    expire: new Date(Math.floor((now + 165 * 86_400_000) / 86_400_000) * 86_400_000 + 76_020_000),
  };
}

// What the proxy answers a CONNECT (or a proxied GET): 503, the upstream refused by its policy.
function proxyRefusal(now: number): Response {
  const body = '<html><body><h1>503 Service Unavailable</h1>No server is available to handle this request.</body></html>';
  return {
    status: 503,
    reason: 'Service Unavailable',
    headers: [`Date: ${httpDate(now)}`, 'Content-Type: text/html', `Content-Length: ${body.length}`, 'Connection: close'],
    body,
  };
}
