// Property: for any transcript assembled from lines of the real curl captures (any subset, any order, with
// or without -k on the command line), `connected` and `tls_verified` are never true unless a line that
// proves them is present. The parser may abstain (null) or find a failure; it may not invent a success.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCurl } from '../../../../src/parsers/curl.js';
import { ParseError } from '../../../../src/errors.js';

const DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'fixtures', 'real', 'curl');
const LINES = [
  ...new Set(
    readdirSync(DIR)
      .filter((f) => f.endsWith('.txt'))
      .flatMap((f) => readFileSync(join(DIR, f), 'utf8').split('\n'))
      .filter((l) => l.trim() !== ''),
  ),
];

// What can prove a TCP connection to the target: curl's own connect lines, a response, a connection kept
// for reuse, or a proxy that answered 2xx to CONNECT (the proxy connected to the target).
const CONNECT_PROOF = [
  /Connected to \S+ \(/,
  /Established connection to /,
  /^\s*<\s*HTTP\/[\d.]+ \d{3}/,
  /Connection #\d+ to host \S+ left intact/,
  /Proxy replied 2\d\d to CONNECT request|CONNECT tunnel established, response 2\d\d/,
];
// What can prove the certificate was verified: a success wording, or a response over TLS from a run without -k.
const VERIFY_PROOF = [/SSL certificate verify ok/i, /SSL certificate verified via /, /server certificate verification OK/i];
const RESPONSE = /^\s*<\s*HTTP\/[\d.]+ \d{3}/;

const COMMANDS = ['curl -v -m 10 https://api-sse.cisco.com --cacert /ngfw/etc/ssl/connectorCA.pem', 'curl -v -k https://api-sse.cisco.com', undefined];

describe('curl parser property', () => {
  it('never reports connected or tls_verified true without a line proving it', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...LINES), { minLength: 1, maxLength: 40 }), fc.constantFrom(...COMMANDS), (lines, command) => {
        const text = `${lines.join('\n')}\n`;
        let facts: Record<string, unknown>;
        try {
          facts = parseCurl(text, command === undefined ? undefined : { command });
        } catch (e) {
          // Refusing a transcript with no curl line at all is allowed; any other throw is a bug.
          expect(e).toBeInstanceOf(ParseError);
          return;
        }
        const has = (res: RegExp[]): boolean => lines.some((l) => res.some((re) => re.test(l)));
        if (facts['connected'] === true) expect(has(CONNECT_PROOF)).toBe(true);
        if (facts['tls_verified'] === true) {
          const viaResponse = command !== undefined && !/ -k\b/.test(command) && lines.some((l) => RESPONSE.test(l));
          expect(has(VERIFY_PROOF) || viaResponse).toBe(true);
        }
      }),
      { numRuns: 3000, seed: 13 },
    );
  });

  it('draws from real lines of every kind that matters', () => {
    // The pool must hold both proofs and their look-alikes, or the property proves nothing.
    for (const re of [...CONNECT_PROOF, ...VERIFY_PROOF.slice(0, 2), /Trying /, /CONNECT tunnel failed/, /SEC_ERROR_UNKNOWN_ISSUER/, /continuing anyway/]) {
      expect(LINES.some((l) => re.test(l)), String(re)).toBe(true);
    }
  });
});
