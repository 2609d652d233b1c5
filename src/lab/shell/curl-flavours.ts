// The wording of `curl -v` in three builds a device may carry, one dialect each. Every line follows captures
// of that curl version from public sources (src/lab/README.md, "curl flavours", names them):
// - `7.29-nss`: curl 7.29.0 with NSS (RHEL/CentOS 7): `About to connect()`, `Initializing NSS`, tab-indented
//   certificate fields, NSS error names, `Could not resolve host: X; Name or service not known`.
// - `7.44`: curl 7.44 with OpenSSL, as in the seeds (the lab's original wording).
// - `8.x`: curl 8.10–8.19 with OpenSSL 3: `Host X:443 was resolved.`, `IPv4: …`, `Trying A:443...`, `ALPN: …`,
//   `using HTTP/1.x`, `CONNECT tunnel failed, response 503`, `closing connection #0`, `host X:443 left intact`.

/** A curl build the lab can simulate. */
export type CurlFlavour = '7.29-nss' | '7.44' | '8.x';

/** The flavours, in the order `--curl-flavour mixed` rotates through them. */
export const CURL_FLAVOURS: readonly CurlFlavour[] = ['7.29-nss', '7.44', '8.x'];

/** Whether a string names a flavour. */
export function isCurlFlavour(s: string): s is CurlFlavour {
  return (CURL_FLAVOURS as readonly string[]).includes(s);
}

/** A failure: the verbose lines, then the `curl: (N) …` message. */
export interface CurlFailure {
  lines: string[];
  code: number;
  message: string;
  /** Printed after the message (the certificate advice). */
  more?: string;
}

/** The certificate the far end presented. */
export interface PeerCert {
  host: string;
  subject: string;
  issuer: string;
  start: Date;
  expire: Date;
}

/** Everything that differs between curl builds. */
export interface CurlDialect {
  userAgent: string;
  /** `-v` with an https_proxy from the environment. */
  proxyEnv(proxyUrl: string): string[];
  /** A URL given without a path. */
  rebuilt(url: string): string[];
  /** Before connecting (to the host, or to the proxy when `proxy`). */
  resolved(host: string, port: number, addresses: string[], proxy: boolean): string[];
  trying(address: string, port: number): string[];
  connected(host: string, address: string, port: number): string[];
  closing: string;
  unresolved(host: string, port: number): CurlFailure;
  resolveTimeout(ms: number): CurlFailure;
  /** `from`: the local `address port N` of the attempt (8.x names it). */
  refused(host: string, address: string, port: number, from: string): CurlFailure;
  /** `-m`/`--connect-timeout` ran out while connecting. */
  connectTimeout(ms: number): CurlFailure;
  /** The kernel's own connect timeout (no -m). */
  connectFailed(host: string, address: string, port: number, from: string): CurlFailure;
  /** TLS towards a local plain-HTTP port. */
  tlsWrongProtocol(): CurlFailure;
  tlsStart(cacert: string | undefined): string[];
  /** The handshake reached the certificate; verification failed (the middlebox CA is unknown). */
  tlsUnknownIssuer(cert: PeerCert): CurlFailure;
  /** The handshake completed; `verified` false only with -k against an intercepted path. */
  tlsDone(cert: PeerCert, insecure: boolean, verified: boolean): string[];
  request(method: string, path: string, hostHeader: string): string[];
  leftIntact(host: string, port: number): string;
  /** CONNECT through the proxy, up to the end of the request. */
  tunnel(host: string, port: number): string[];
  /** The proxy answered the CONNECT with `status`. */
  tunnelRefused(status: number): CurlFailure;
}

const SSL_MORE_OLD = `More details here: http://curl.haxx.se/docs/sslcerts.html

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

const SSL_MORE_8 = `More details here: https://curl.se/docs/sslcerts.html

curl failed to verify the legitimacy of the server and therefore could not
establish a secure connection to it. To learn more about this situation and
how to fix it, please visit the web page mentioned above.
`;

const NSS_DATE = (d: Date): string => {
  const mon = d.toUTCString().slice(8, 11);
  const dd = String(d.getUTCDate()).padStart(2, '0');
  return `${mon} ${dd} ${d.toISOString().slice(11, 19)} ${d.getUTCFullYear()} GMT`;
};
const OPENSSL_DATE = (d: Date): string => `${NSS_DATE(d).slice(0, 3)} ${String(d.getUTCDate()).padStart(2, ' ')} ${NSS_DATE(d).slice(7)}`;

function connectRequest(host: string, port: number, agent: string): string[] {
  return [`> CONNECT ${host}:${port} HTTP/1.1`, `> Host: ${host}:${port}`, `> User-Agent: ${agent}`, '> Proxy-Connection: Keep-Alive', '> '];
}

// Host before User-Agent (curl 7.3x and later; 7.29 sent User-Agent first).
const requestLines =
  (agent: string) =>
  (method: string, path: string, hostHeader: string): string[] => [`> ${method} ${path} HTTP/1.1`, `> Host: ${hostHeader}`, `> User-Agent: ${agent}`, '> Accept: */*', '> '];

const received = (status: number): string => `Received HTTP code ${status} from proxy after CONNECT`;

// curl 7.29.0 / NSS: lines from curl/curl#5826, #6870 (NSS certificate block), plenv#71, regexr#347.
const NSS_729: CurlDialect = {
  userAgent: 'curl/7.29.0',
  proxyEnv: () => [],
  rebuilt: () => [],
  resolved: (host, port, _a, proxy) => [`* About to connect() to ${proxy ? 'proxy ' : ''}${host} port ${port} (#0)`],
  trying: (address) => [`*   Trying ${address}...`],
  connected: (host, address, port) => [`* Connected to ${host} (${address}) port ${port} (#0)`],
  closing: '* Closing connection 0',
  unresolved: (host) => ({ lines: [`* Could not resolve host: ${host}; Name or service not known`], code: 6, message: `Could not resolve host: ${host}; Name or service not known` }),
  resolveTimeout: (ms) => ({ lines: [`* Resolving timed out after ${ms} milliseconds`], code: 28, message: `Resolving timed out after ${ms} milliseconds` }),
  refused: (host, address, port) => ({
    lines: [`* connect to ${address} port ${port} failed: Connection refused`, `* Failed connect to ${host}:${port}; Connection refused`],
    code: 7,
    message: `Failed connect to ${host}:${port}; Connection refused`,
  }),
  connectTimeout: (ms) => ({ lines: [`* Connection timed out after ${ms} milliseconds`], code: 28, message: `Connection timed out after ${ms} milliseconds` }),
  connectFailed: (host, address, port) => ({
    lines: [`* connect to ${address} port ${port} failed: Connection timed out`, `* Failed connect to ${host}:${port}; Connection timed out`],
    code: 7,
    message: `Failed connect to ${host}:${port}; Connection timed out`,
  }),
  tlsWrongProtocol: () => ({ lines: ['* NSS error -12263 (SSL_ERROR_RX_RECORD_TOO_LONG)', '* SSL received a record that exceeded the maximum permissible length.'], code: 35, message: 'SSL received a record that exceeded the maximum permissible length.' }),
  tlsStart: (cacert) => ['* Initializing NSS with certpath: sql:/etc/pki/nssdb', `*   CAfile: ${cacert ?? '/etc/pki/tls/certs/ca-bundle.crt'}`, '  CApath: none'],
  tlsUnknownIssuer: (cert) => ({
    lines: [...nssCert(cert), '* NSS error -8179 (SEC_ERROR_UNKNOWN_ISSUER)', "* Peer's Certificate issuer is not recognized."],
    code: 60,
    message: "Peer's Certificate issuer is not recognized.",
    more: SSL_MORE_OLD,
  }),
  tlsDone: (cert, insecure) => [...(insecure ? ['* skipping SSL peer certificate verification'] : []), '* SSL connection using TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', ...nssCert(cert)],
  request: (method, path, hostHeader) => [`> ${method} ${path} HTTP/1.1`, '> User-Agent: curl/7.29.0', `> Host: ${hostHeader}`, '> Accept: */*', '> '],
  leftIntact: (host) => `* Connection #0 to host ${host} left intact`,
  tunnel: (host, port) => [`* Establish HTTP proxy tunnel to ${host}:${port}`, ...connectRequest(host, port, 'curl/7.29.0')],
  tunnelRefused: (status) => ({ lines: [`* ${received(status)}`], code: 56, message: received(status) }),
};

function nssCert(c: PeerCert): string[] {
  return ['* Server certificate:', `* \tsubject: ${c.subject}`, `* \tstart date: ${NSS_DATE(c.start)}`, `* \texpire date: ${NSS_DATE(c.expire)}`, `* \tcommon name: ${c.host}`, `* \tissuer: ${c.issuer}`];
}

// OpenSSL's verification failure: the alert curl logs, the problem, exit 60 and the advice text.
function opensslUnverified(alert: string, problem: string, more: string): CurlFailure {
  return { lines: [alert, `* SSL certificate problem: ${problem}`], code: 60, message: `SSL certificate problem: ${problem}`, more };
}

const OPENSSL_HELLO = ['* TLSv1.2 (OUT), TLS header, Certificate Status (22):', '* TLSv1.2 (OUT), TLS handshake, Client hello (1):', '* TLSv1.2 (IN), TLS handshake, Server hello (2):', '* TLSv1.2 (IN), TLS handshake, Certificate (11):'];
const OPENSSL_REST = [
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

// curl 7.44 / OpenSSL 1.0: the seeds' wording (the lab's original curl).
const OPENSSL_744: CurlDialect = {
  userAgent: 'curl/7.44.0',
  proxyEnv: () => [],
  rebuilt: (url) => [`* Rebuilt URL to: ${url}`],
  resolved: () => [],
  trying: (address) => [`*   Trying ${address}...`],
  connected: (host, address, port) => [`* Connected to ${host} (${address}) port ${port} (#0)`],
  closing: '* Closing connection 0',
  unresolved: (host, port) => ({ lines: [`* getaddrinfo(3) failed for ${host}:${port}`, `* Couldn't resolve host '${host}'`], code: 6, message: `Couldn't resolve host '${host}'` }),
  resolveTimeout: NSS_729.resolveTimeout,
  refused: (host, address, port) => ({
    lines: [`* connect to ${address} port ${port} failed: Connection refused`, `* Failed to connect to ${host} port ${port}: Connection refused`],
    code: 7,
    message: `Failed to connect to ${host} port ${port}: Connection refused`,
  }),
  connectTimeout: NSS_729.connectTimeout,
  connectFailed: (host, address, port) => ({
    lines: [`* connect to ${address} port ${port} failed: Connection timed out`, `* Failed to connect to ${host} port ${port}: Connection timed out`],
    code: 7,
    message: `Failed to connect to ${host} port ${port}: Connection timed out`,
  }),
  tlsWrongProtocol: () => ({ lines: [], code: 35, message: 'error:140770FC:SSL routines:SSL23_GET_SERVER_HELLO:unknown protocol' }),
  tlsStart: (cacert) => [
    '* ALPN, offering http/1.1',
    '* Cipher selection: ALL:!EXPORT:!EXPORT40:!EXPORT56:!aNULL:!LOW:!RC4:@STRENGTH',
    '* successfully set certificate verify locations:',
    `*   CAfile: ${cacert ?? 'none'}`,
    '  CApath: /etc/ssl/certs',
    ...OPENSSL_HELLO,
  ],
  tlsUnknownIssuer: () => opensslUnverified('* TLSv1.2 (OUT), TLS alert, Server hello (2):', 'self signed certificate in certificate chain', SSL_MORE_OLD),
  tlsDone: (cert, _insecure, verified) => [
    ...OPENSSL_REST,
    '* Server certificate:',
    `*  subject: ${cert.subject}`,
    `*  start date: ${OPENSSL_DATE(cert.start)}`,
    `*  expire date: ${OPENSSL_DATE(cert.expire)}`,
    `*  issuer: ${cert.issuer}`,
    verified ? '*  SSL certificate verify ok.' : '*  SSL certificate verify result: self signed certificate in certificate chain (19), continuing anyway.',
  ],
  request: requestLines('curl/7.44.0'),
  leftIntact: (host) => `* Connection #0 to host ${host} left intact`,
  tunnel: (host, port) => [`* Establish HTTP proxy tunnel to ${host}:${port}`, ...connectRequest(host, port, 'curl/7.44.0')],
  tunnelRefused: NSS_729.tunnelRefused,
};

// curl 8.1x / OpenSSL 3: lines from curl/curl#13261 (8.7 TLS), PR #14897 (8.10 connect, `using HTTP/1.x`), #14894
// (proxy env), #20986 (8.19 CONNECT 503, `closing connection #0`), a cv_deploy doc (8.x connect timeout), WSL notes
// (8.18 `host:port left intact`).
const OPENSSL3_8: CurlDialect = {
  userAgent: 'curl/8.10.1',
  proxyEnv: (proxyUrl) => [`* Uses proxy env variable https_proxy == '${proxyUrl}'`],
  rebuilt: () => [],
  // An address literal is not looked up, so it gets no `was resolved` block (mihomo#1546).
  resolved: (host, port, addresses) => (/^[\d.]+$/.test(host) ? [] : [`* Host ${host}:${port} was resolved.`, '* IPv6: (none)', `* IPv4: ${addresses.join(', ')}`]),
  trying: (address, port) => [`*   Trying ${address}:${port}...`],
  connected: (host, address, port) => [`* Connected to ${host} (${address}) port ${port}`],
  closing: '* closing connection #0',
  unresolved: (host) => ({ lines: [`* Could not resolve host: ${host}`], code: 6, message: `Could not resolve host: ${host}` }),
  resolveTimeout: NSS_729.resolveTimeout,
  refused: (host, address, port, from) => ({
    lines: [`* connect to ${address} port ${port} from ${from} failed: Connection refused`, `* Failed to connect to ${host} port ${port} after 0 ms: Could not connect to server`],
    code: 7,
    message: `Failed to connect to ${host} port ${port} after 0 ms: Could not connect to server`,
  }),
  connectTimeout: NSS_729.connectTimeout,
  connectFailed: (host, address, port, from) => ({
    lines: [`* connect to ${address} port ${port} from ${from} failed: Connection timed out`, `* Failed to connect to ${host} port ${port} after 127000 ms: Could not connect to server`],
    code: 28,
    message: `Failed to connect to ${host} port ${port} after 127000 ms: Could not connect to server`,
  }),
  tlsWrongProtocol: () => ({ lines: ['* OpenSSL/3.0.13: error:0A00010B:SSL routines::wrong version number'], code: 35, message: 'OpenSSL/3.0.13: error:0A00010B:SSL routines::wrong version number' }),
  tlsStart: (cacert) => [
    '* ALPN: curl offers h2,http/1.1',
    '* TLSv1.3 (OUT), TLS handshake, Client hello (1):',
    `*  CAfile: ${cacert ?? '/etc/ssl/certs/ca-certificates.crt'}`,
    '*  CApath: /etc/ssl/certs',
    '* TLSv1.3 (IN), TLS handshake, Server hello (2):',
    '* TLSv1.3 (IN), TLS handshake, Encrypted Extensions (8):',
    '* TLSv1.3 (IN), TLS handshake, Certificate (11):',
  ],
  tlsUnknownIssuer: () => opensslUnverified('* TLSv1.3 (OUT), TLS alert, unknown CA (560):', 'self-signed certificate in certificate chain', SSL_MORE_8),
  tlsDone: (cert, _insecure, verified) => [
    '* TLSv1.3 (IN), TLS handshake, CERT verify (15):',
    '* TLSv1.3 (IN), TLS handshake, Finished (20):',
    '* TLSv1.3 (OUT), TLS change cipher, Change cipher spec (1):',
    '* TLSv1.3 (OUT), TLS handshake, Finished (20):',
    '* SSL connection using TLSv1.3 / TLS_AES_256_GCM_SHA384 / X25519 / RSASSA-PSS',
    '* ALPN: server accepted http/1.1',
    '* Server certificate:',
    `*  subject: ${cert.subject}`,
    `*  start date: ${OPENSSL_DATE(cert.start)}`,
    `*  expire date: ${OPENSSL_DATE(cert.expire)}`,
    `*  subjectAltName: host "${cert.host}" matched cert's "${cert.host}"`,
    `*  issuer: ${cert.issuer}`,
    verified ? '*  SSL certificate verify ok.' : '*  SSL certificate verify result: self-signed certificate in certificate chain (19), continuing anyway.',
    '* using HTTP/1.x',
  ],
  request: requestLines('curl/8.10.1'),
  leftIntact: (host, port) => `* Connection #0 to host ${host}:${port} left intact`,
  tunnel: (host, port) => ['* allocate connect buffer', `* Establish HTTP proxy tunnel to ${host}:${port}`, ...connectRequest(host, port, 'curl/8.10.1')],
  tunnelRefused: (status) => ({ lines: [`* CONNECT tunnel failed, response ${status}`], code: 56, message: `CONNECT tunnel failed, response ${status}` }),
};

const DIALECTS: Record<CurlFlavour, CurlDialect> = { '7.29-nss': NSS_729, '7.44': OPENSSL_744, '8.x': OPENSSL3_8 };

/** The wording of one curl build. */
export function curlDialect(flavour: CurlFlavour): CurlDialect {
  return DIALECTS[flavour];
}
