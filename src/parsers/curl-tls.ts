// The TLS verdict of a `curl -v` transcript: was the server certificate verified? Every backend words it
// differently (OpenSSL 7.x `SSL certificate verify ok.`, 8.x `SSL certificate verified via OpenSSL.`,
// GnuTLS `server certificate verification OK`, NSS prints nothing on success and `NSS error -8179
// (SEC_ERROR_UNKNOWN_ISSUER)` on failure), so the verdict is: any failure wording → false; any success
// wording → true; a certificate-class exit code → false; an HTTP response over TLS from a curl known to run
// without -k → true (curl aborts before any response when verification fails); otherwise unknown (null).

/** Lines that prove curl checked the certificate and accepted it. */
const VERIFIED = /(SSL certificate verify ok|SSL certificate verified via \S+|server certificate verification OK)/i;

/** Lines that prove the certificate did not verify; the capture group, when present, is the reason. */
const NOT_VERIFIED: readonly RegExp[] = [
  /SSL certificate verify result: (.+?)(?:, continuing(?: anyway)?)?\.?$/,
  /SSL certificate problem: (.+)$/,
  /SSL certificate (?:OpenSSL )?verify result: (.+)$/,
  /OpenSSL verify result: ([1-9a-f][0-9a-f]*)$/i,
  /(SSL certificate verification failed)/,
  /(server certificate verification failed.*)$/,
  /(no alternative certificate subject name matches target host name.*)$/,
  /(certificate subject name .* does not match target host name.*)$/,
  /NSS error -\d+ \(((?:SEC_ERROR|SSL_ERROR_BAD_CERT)[A-Z_]*)\)/,
  /(Peer's Certificate issuer is not recognized)/i,
  /(Peer's certificate issuer has been marked as not trusted.*)$/i,
  /(Peer's Certificate has expired)/i,
  /(Issuer certificate is invalid)/,
];

/** Every line VERIFIED or NOT_VERIFIED can match contains one of these: the others are not tested against them. */
const ABOUT_VERIFICATION = /certificat|NSS error|OpenSSL verify/i;

/** Lines that say curl ran without verifying (-k / --insecure), whatever the certificate. */
const INSECURE = /(continuing anyway|skipping SSL peer certificate verification|peer verification disabled|server certificate verification SKIPPED)/i;

/** Lines that show a certificate was received and looked at. */
const CERT_SEEN = /(Server certificate:|TLS handshake, Certificate \(11\)|^\*\s+\t?\s*subject: |^\*\s+\t?\s*issuer: )/;

/** Lines that show the transfer used TLS at all. */
const TLS_USED = /(SSL connection using|TLS handshake|schannel:|Initializing NSS|ALPN|CAfile:|Server certificate:)/;

// curl exit codes of a failed handshake or certificate check. 51 and 60 always mean the peer's certificate
// (or its name) failed; the others only count as a verification failure once a certificate was seen.
const ALWAYS_CERT = new Set([51, 60]);
const TLS_CODES = new Set([35, 53, 54, 58, 59, 64, 66, 77, 80, 82, 83, 90, 91]);

export interface TlsVerdict {
  verified: boolean | null;
  error: string | null;
  version: string | null;
}

/** What the lines of the target's TLS session (after any proxy tunnel) prove about certificate verification. */
export function tlsVerdict(lines: readonly string[], exit: { code: number | null; message: string | null }, gotResponse: boolean, insecureRun: boolean | null): TlsVerdict {
  let failed: string | null = null;
  let ok = false;
  let certSeen = false;
  let tlsUsed = false;
  let insecure = insecureRun === true;
  let version: string | null = null;
  for (const line of lines) {
    if (ABOUT_VERIFICATION.test(line)) {
      if (failed === null) {
        for (const re of NOT_VERIFIED) {
          const m = re.exec(line);
          if (m) {
            failed = (m[1] ?? line).trim();
            break;
          }
        }
      }
      if (VERIFIED.test(line)) ok = true;
    }
    if (INSECURE.test(line)) insecure = true;
    if (CERT_SEEN.test(line)) certSeen = true;
    if (TLS_USED.test(line)) tlsUsed = true;
    const v = /^\*\s+SSL connection using ((?:TLS|SSL)v[\d.]+)/.exec(line);
    if (v) version = v[1] ?? null;
  }
  if (failed !== null) return { verified: false, error: failed, version };
  if (ok) return { verified: true, error: null, version };
  const code = exit.code;
  if (code !== null && (ALWAYS_CERT.has(code) || (TLS_CODES.has(code) && certSeen))) {
    return { verified: false, error: exit.message, version };
  }
  // Without -k, curl verifies before it sends the request: a response over TLS proves the certificate passed.
  if (gotResponse && (tlsUsed || certSeen) && insecureRun === false && !insecure) return { verified: true, error: null, version };
  return { verified: null, error: null, version };
}

/** Whether a command line runs curl without certificate verification (-k, --insecure, or -k inside a flag group); null when unknown. */
export function insecureCommand(command: string | undefined): boolean | null {
  if (command === undefined) return null;
  return command.split(/\s+/).some((t) => t === '--insecure' || /^-[a-zA-Z]*k[a-zA-Z]*$/.test(t));
}
