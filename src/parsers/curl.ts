// `curl -v https://<host> [--cacert …|-k]` (root): did the name resolve, did TCP connect, was the server
// certificate verified, what HTTP status came back (DOMAIN.md steps 3-4). A `403 Forbidden` from the cloud
// still proves connectivity. Handles old (7.29/7.44, as in the seeds) and current curl wording.
import type { Facts } from './index.js';
import { toLines, unrecognised } from './text.js';

const NAME = 'curl';
// Lines curl -v writes: `* info`, `> request`, `< response`, `{ [n bytes data]`, and the final `curl: (N) …`.
const VERBOSE = /^(\*|>|<|\{|\}|curl: \(\d+\))/;
const EXIT = /^curl: \((\d+)\) (.*)$/;
const CONNECTED = /^\*\s+Connected to (\S+) \(([^)]*)\) port (\d+)/;
const TRYING = /^\*\s+Trying \[?([0-9A-Fa-f.:]+?)\]?(?::\d+)?\.{0,3}$/;
const UNRESOLVED = /(getaddrinfo\(3\) failed for ([^\s:]+)|Could(?:n't| not) resolve host:? '?([^'\s]+)'?|Resolving timed out)/;
const CONNECT_FAILED = /Failed to connect to (\S+) port (\d+)/;
const HTTP_STATUS = /^<\s*HTTP\/[\d.]+ (\d{3})/;
const REBUILT = /^\*\s+Rebuilt URL to: \w+:\/\/([^/:]+)/;
const INTACT = /^\*\s+Connection #\d+ to host (\S+) left intact/;
const TLS_OK = /SSL certificate verify ok/;
const TLS_BAD = /(SSL certificate verify result: (.+?)(?:, continuing anyway)?\.?$|SSL certificate problem: (.+)$|no alternative certificate subject name|certificate subject name .* does not match)/;
const TLS_VERSION = /^\*\s+SSL connection using (\S+)/;
// curl exit codes that mean the TLS handshake or the certificate check failed (35, 51, 53, 54, 58, 59, 60, 64, 66, 77, 80, 82, 83, 90, 91).
const TLS_CODES = new Set([35, 51, 53, 54, 58, 59, 60, 64, 66, 77, 80, 82, 83, 90, 91]);

/** Parse `curl -v` output into `{host, resolved, connected, ip, port, tls_verified, tls_error, tls_version, http_status, timed_out, error_code, error, left_intact}`. */
export function parseCurl(text: string): Facts {
  const lines = toLines(text);
  if (!lines.some((l) => VERBOSE.test(l.trim()))) {
    unrecognised(NAME, 'no curl verbose (`* `, `< `) or `curl: (N)` line; was it run with -v?', lines[0], 1);
  }
  let host: string | null = null;
  let ip: string | null = null;
  let port: number | null = null;
  let connected = false;
  let tried = false;
  let unresolved = false;
  let connectFailed = false;
  let tlsVerified: boolean | null = null;
  let tlsError: string | null = null;
  let tlsVersion: string | null = null;
  let httpStatus: number | null = null;
  let leftIntact = false;
  let errorCode: number | null = null;
  let error: string | null = null;
  let timedOut = false;

  for (const raw of lines) {
    const line = raw.trim().replace(/<\/pre>$/, '');
    let m: RegExpExecArray | null;
    if ((m = REBUILT.exec(line)) !== null) host ??= m[1] ?? null;
    if ((m = TRYING.exec(line)) !== null) tried = true;
    if ((m = CONNECTED.exec(line)) !== null) {
      connected = true;
      host = m[1] ?? host;
      ip = m[2] ?? null;
      port = Number(m[3]);
    }
    if ((m = UNRESOLVED.exec(line)) !== null) {
      unresolved = true;
      host ??= m[2] ?? m[3] ?? null;
    }
    if ((m = CONNECT_FAILED.exec(line)) !== null) {
      connectFailed = true;
      host ??= m[1] ?? null;
      port ??= Number(m[2]);
    }
    if (/timed out|Timeout was reached/i.test(line) && !line.startsWith('<')) timedOut = true;
    if (TLS_OK.test(line)) tlsVerified = true;
    if ((m = TLS_BAD.exec(line)) !== null) {
      tlsVerified = false;
      tlsError = (m[2] ?? m[3] ?? m[1] ?? '').trim();
    }
    if ((m = TLS_VERSION.exec(line)) !== null) tlsVersion = m[1] ?? null;
    if ((m = HTTP_STATUS.exec(line)) !== null) httpStatus = Number(m[1]);
    if ((m = INTACT.exec(line)) !== null) {
      leftIntact = true;
      host ??= m[1] ?? null;
    }
    if ((m = EXIT.exec(line)) !== null) {
      errorCode = Number(m[1]);
      error = m[2] ?? null;
    }
  }
  if (errorCode !== null && TLS_CODES.has(errorCode) && tlsVerified !== false) {
    tlsVerified = false;
    tlsError = error;
  }
  // A response, or a closed-down connection left intact, implies the TCP connect happened even when the
  // `Connected to` line is missing (curl versions differ).
  connected = connected || httpStatus !== null || leftIntact;
  const resolved = unresolved ? false : tried || connected || connectFailed || ip !== null ? true : null;
  return {
    host: host === null ? null : host.replace(/^['"]|['"]$/g, ''),
    resolved,
    connected,
    ip,
    port,
    tls_verified: tlsVerified,
    tls_error: tlsError,
    tls_version: tlsVersion,
    http_status: httpStatus,
    timed_out: timedOut || errorCode === 28,
    error_code: errorCode,
    error,
    left_intact: leftIntact,
  };
}
