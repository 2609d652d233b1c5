// curl (7.44-era output, as in the seeds): DNS failure, blocked egress, TLS interception, the 403 from the cloud,
// and the connector's local API on localhost:8989.
import { renderContext } from '../render/connector-files.js';
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
}

const USAGE = "curl: try 'curl --help' or 'curl --manual' for more information\n";

function parseArgs(argv: string[]): CurlArgs | string {
  const a: CurlArgs = { verbose: false, insecure: false, silent: false, showError: false, head: false };
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
      if (long('--noproxy')) i++;
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

const TLS_HANDSHAKE = [
  '* ALPN, offering http/1.1',
  '* Cipher selection: ALL:!EXPORT:!EXPORT40:!EXPORT56:!aNULL:!LOW:!RC4:@STRENGTH',
  '* successfully set certificate verify locations:',
];

const TLS_HELLO = ['* TLSv1.2 (OUT), TLS header, Certificate Status (22):', '* TLSv1.2 (OUT), TLS handshake, Client hello (1):', '* TLSv1.2 (IN), TLS handshake, Server hello (2):', '* TLSv1.2 (IN), TLS handshake, Certificate (11):'];

const TLS_REST = [
  '* TLSv1.2 (IN), TLS handshake, Server key exchange (12):',
  '* TLSv1.2 (IN), TLS handshake, Server finished (14):',
  '* TLSv1.2 (OUT), TLS handshake, Client key exchange (16):',
  '* TLSv1.2 (OUT), TLS change cipher, Client hello (1):',
  '* TLSv1.2 (OUT), TLS handshake, Finished (20):',
  '* TLSv1.2 (IN), TLS change cipher, Client hello (1):',
  '* TLSv1.2 (IN), TLS handshake, Finished (20):',
  '* SSL connection using TLSv1.2 / ECDHE-RSA-AES128-GCM-SHA256',
  '* ALPN, server accepted to use http/1.1',
];

const SSL_MORE = `More details here: http://curl.haxx.se/docs/sslcerts.html

curl performs SSL certificate verification by default, using a "bundle"
 of Certificate Authority (CA) public keys (CA certs). If the default
 bundle file isn't adequate, you can specify an alternate file
 using the --cacert option.
If this HTTPS server uses a certificate signed by a CA represented in
 the bundle, the certificate verification probably failed due to a
 problem with the certificate (it might be expired, or the name might
 not match the domain name in the URL).
If you'd like to turn off curl's verification of the certificate, use
 the -k (or --insecure) option.
`;

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

/** `curl [options] URL`. */
export function curl(argv: string[], ctx: CmdContext): CmdResult {
  const args = parseArgs(argv);
  if (typeof args === 'string') return { out: [stderr(args)], status: 2 };
  if (!args.url) return { out: [stderr(`curl: no URL specified!\n${USAGE}`)], status: 2 };
  const target = parseUrl(args.url);
  if (!target) return { out: [stderr(`curl: (3) <url> malformed\n`)], status: 3 };
  const out: Out[] = [];
  const v = (line: string, delayMs?: number): void => {
    if (args.verbose) out.push(stderr(line + '\n', delayMs));
    else if (delayMs) out.push(stderr('', delayMs));
  };
  const error = (code: number, message: string, delayMs?: number): CmdResult => {
    v('* Closing connection 0', delayMs);
    if (!args.silent || args.showError) out.push(stderr(`curl: (${code}) ${message}\n`));
    return { out, status: code };
  };
  const urlShown = `${target.scheme}://${target.host}${target.port === (target.scheme === 'https' ? 443 : 80) ? '' : ':' + target.port}/`;
  if (target.rebuilt) v(`* Rebuilt URL to: ${urlShown}`);

  // 1. Name resolution.
  const c = connect(ctx, target.host, target.port);
  const limitS = Math.min(args.maxTime ?? Infinity, args.connectTimeout ?? Infinity);
  if (c.kind === 'unresolved') {
    if (c.waitMs > 0 && limitS < 15) {
      const ms = Math.round(limitS * 1000) + 1;
      v(`* Resolving timed out after ${ms} milliseconds`, scaled(ctx, limitS));
      return error(28, `Resolving timed out after ${ms} milliseconds`);
    }
    v(`* getaddrinfo(3) failed for ${target.host}:${target.port}`, c.waitMs);
    v(`* Couldn't resolve host '${target.host}'`);
    return error(6, `Couldn't resolve host '${target.host}'`);
  }

  // 2. TCP connect.
  v(`*   Trying ${c.address}...`);
  if (c.kind === 'refused') {
    v(`* connect to ${c.address} port ${target.port} failed: Connection refused`);
    v(`* Failed to connect to ${target.host} port ${target.port}: Connection refused`);
    return error(7, `Failed to connect to ${target.host} port ${target.port}: Connection refused`);
  }
  if (c.kind === 'blocked') {
    if (limitS < 127) {
      const ms = Math.round(limitS * 1000) + 1;
      v(`* Connection timed out after ${ms} milliseconds`, scaled(ctx, limitS));
      return error(28, `Connection timed out after ${ms} milliseconds`);
    }
    v(`* connect to ${c.address} port ${target.port} failed: Connection timed out`, scaled(ctx, 127));
    v(`* Failed to connect to ${target.host} port ${target.port}: Connection timed out`);
    return error(7, `Failed to connect to ${target.host} port ${target.port}: Connection timed out`);
  }
  v(`* Connected to ${target.host} (${c.address}) port ${target.port} (#0)`);

  // 3. TLS.
  if (target.scheme === 'https') {
    if (c.local) {
      return error(35, 'error:140770FC:SSL routines:SSL23_GET_SERVER_HELLO:unknown protocol');
    }
    TLS_HANDSHAKE.forEach((l) => v(l));
    v(`*   CAfile: ${args.cacert ?? 'none'}`);
    v('  CApath: /etc/ssl/certs');
    TLS_HELLO.forEach((l) => v(l));
    const intercepted = ctx.device.state.tlsIntercept;
    if (intercepted && !args.insecure) {
      v('* TLSv1.2 (OUT), TLS alert, Server hello (2):');
      v('* SSL certificate problem: self signed certificate in certificate chain');
      const r = error(60, 'SSL certificate problem: self signed certificate in certificate chain');
      if (!args.silent || args.showError) r.out.push(stderr(SSL_MORE));
      return r;
    }
    TLS_REST.forEach((l) => v(l));
    const now = ctx.device.now();
    v('* Server certificate:');
    v(`*  subject: C=US; ST=California; L=San Jose; O=Cisco Systems, Inc.; CN=${target.host}`);
    v(`*  start date: ${new Date(now - 200 * 86_400_000).toISOString().slice(0, 10)} 20:57:56 GMT`);
    v(`*  expire date: ${new Date(now + 165 * 86_400_000).toISOString().slice(0, 10)} 21:07:00 GMT`);
    v(intercepted ? '*  issuer: C=US; O=Example Corp; CN=Example Corp TLS Inspection CA' : '*  issuer: C=US; O=HydrantID (Avalanche Cloud Corporation); CN=HydrantID SSL ICA G2');
    v(intercepted ? '*  SSL certificate verify result: self signed certificate in certificate chain (19), continuing anyway.' : '*  SSL certificate verify ok.');
  }

  // 4. HTTP exchange.
  const hostHeader = target.port === (target.scheme === 'https' ? 443 : 80) ? target.host : `${target.host}:${target.port}`;
  v(`> ${args.head ? 'HEAD' : 'GET'} ${target.path} HTTP/1.1`);
  v(`> Host: ${hostHeader}`);
  v('> User-Agent: curl/7.44.0');
  v('> Accept: */*');
  v('> ');
  const res = c.local ? connectorResponse(ctx, target.path) : cloudResponse(ctx.device.now());
  v(`< HTTP/1.1 ${res.status} ${res.reason}`);
  res.headers.forEach((h) => v(`< ${h}`));
  v('< ');
  if (args.head) out.push(stdout(`HTTP/1.1 ${res.status} ${res.reason}\r\n${res.headers.map((h) => h + '\r\n').join('')}\r\n`));
  v(`* Connection #0 to host ${target.host} left intact`);
  if (!args.head && args.output !== '/dev/null' && args.output === undefined) out.push(stdout(res.body + '\n'));
  if (args.writeOut) out.push(stdout(args.writeOut.replace(/%\{http_code\}/g, String(res.status)).replace(/\\n/g, '\n')));
  return { out, status: 0 };
}
