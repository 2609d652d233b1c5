import { describe, expect, it } from 'vitest';
import { parseCurl } from '../../../src/parsers/curl.js';
import { ParseError } from '../../../src/errors.js';
import { sample, samplesIn, variants } from './fixture.js';

describe('curl parser', () => {
  it('reads the seed 004 success: resolved, connected, 403, left intact, certificate not verified under -k', () => {
    expect(parseCurl(sample('curl/seed-004-k-403-left-intact.txt'))).toEqual({
      host: 'api-sse.cisco.com',
      resolved: true,
      connected: true,
      ip: '10.6.187.110',
      port: 443,
      tls_verified: false,
      tls_error: 'self signed certificate in certificate chain (19)',
      tls_version: 'TLSv1.2',
      http_status: 403,
      timed_out: false,
      error_code: null,
      error: null,
      left_intact: true,
      proxy: null,
    });
  });

  it('reads the wrapped seed 000 capture with </pre> residue and no closing line', () => {
    expect(parseCurl(sample('curl/seed-000-k-403-wrapped.txt'))).toMatchObject({
      host: 'api-sse.cisco.com',
      resolved: true,
      connected: true,
      ip: '52.4.85.66',
      http_status: 403,
      tls_verified: false,
      left_intact: false,
    });
  });

  it('reads the seed 004 DNS failure as not resolved, not connected, curl error 6', () => {
    expect(parseCurl(sample('curl/seed-004-cannot-resolve.txt'))).toMatchObject({
      host: 'api-sse.cisco.com',
      resolved: false,
      connected: false,
      tls_verified: null,
      http_status: null,
      timed_out: false,
      error_code: 6,
      error: "Couldn't resolve host 'api-sse.cisco.com'",
    });
  });

  it('reads the partial cloud-sa.amp capture as connected with TLS not yet decided', () => {
    expect(parseCurl(sample('curl/seed-004-cloud-sa-partial.txt'))).toMatchObject({
      host: 'cloud-sa.amp.cisco.com',
      resolved: true,
      connected: true,
      tls_verified: null,
      http_status: null,
    });
  });

  it('reads a connect timeout as resolved, not connected, timed out', () => {
    const text =
      '*   Trying 52.4.85.66:443...\n* Connection timed out after 10001 milliseconds\n* Closing connection 0\ncurl: (28) Connection timed out after 10001 milliseconds\n';
    expect(parseCurl(text)).toMatchObject({ resolved: true, connected: false, timed_out: true, error_code: 28 });
  });

  it('reads an old-curl connect failure that names the host', () => {
    const text =
      '* About to connect() to mx01.sse.itd.cisco.com port 443 (#0)\n*   Trying 52.4.85.66...\n* Connection timed out\n* Failed connect to mx01.sse.itd.cisco.com:443; Connection timed out\ncurl: (7) Failed to connect to mx01.sse.itd.cisco.com port 443: Connection timed out\n';
    expect(parseCurl(text)).toMatchObject({ host: 'mx01.sse.itd.cisco.com', resolved: true, connected: false, timed_out: true, error_code: 7 });
  });

  it('reads a current curl resolve failure', () => {
    expect(parseCurl('* Could not resolve host: api-sse.cisco.com\ncurl: (6) Could not resolve host: api-sse.cisco.com\n')).toMatchObject({
      host: 'api-sse.cisco.com',
      resolved: false,
      connected: false,
    });
  });

  it('reads a verified certificate and an HTTP/2 status', () => {
    const text =
      '*   Trying 52.4.85.66:443...\n* Connected to api-sse.cisco.com (52.4.85.66) port 443\n*  CAfile: /ngfw/etc/ssl/connectorCA.pem\n* SSL connection using TLSv1.3 / TLS_AES_256_GCM_SHA384\n*  SSL certificate verify ok.\n> GET / HTTP/2\n< HTTP/2 403\n<\n* Connection #0 to host api-sse.cisco.com left intact\n';
    expect(parseCurl(text)).toMatchObject({ connected: true, tls_verified: true, tls_version: 'TLSv1.3', http_status: 403, left_intact: true });
  });

  it('reads a re-signed certificate as connected but not verified (TLS interception)', () => {
    const text =
      '*   Trying 52.4.85.66:443...\n* Connected to api-sse.cisco.com (52.4.85.66) port 443 (#0)\n* successfully set certificate verify locations:\n*   CAfile: /ngfw/etc/ssl/connectorCA.pem\n* SSL certificate problem: self signed certificate in certificate chain\n* Closing connection 0\ncurl: (60) SSL certificate problem: self signed certificate in certificate chain\nMore details here: https://curl.haxx.se/docs/sslcerts.html\n';
    expect(parseCurl(text)).toMatchObject({
      connected: true,
      tls_verified: false,
      tls_error: 'self signed certificate in certificate chain',
      error_code: 60,
      http_status: null,
    });
  });

  it('reads a missing CA bundle (exit 77) as no verdict on the server certificate: none was seen', () => {
    expect(parseCurl('curl: (77) error setting certificate verify locations:\n  CAfile: /ngfw/etc/ssl/connectorCA.pem\n')).toMatchObject({ tls_verified: null, error_code: 77 });
  });

  for (const file of samplesIn('curl')) {
    it(`gives the same facts for ${file} in every whitespace variant`, () => {
      const text = sample(`curl/${file}`);
      for (const v of Object.values(variants(text))) expect(parseCurl(v)).toEqual(parseCurl(text));
    });
  }

  it('refuses output with no curl verbose or error line', () => {
    expect(() => parseCurl('-bash: curl: command not found')).toThrow(ParseError);
    expect(() => parseCurl('Forbidden')).toThrow(/-v/);
    expect(() => parseCurl('')).toThrow(ParseError);
  });
});
