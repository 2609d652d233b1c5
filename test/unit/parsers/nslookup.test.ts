import { describe, expect, it } from 'vitest';
import { parseNslookup } from '../../../src/parsers/nslookup.js';
import { ParseError } from '../../../src/errors.js';
import { sample, samplesIn, variants } from './fixture.js';

describe('nslookup parser', () => {
  it('reads the seed 004 answer: server, CNAME and both addresses', () => {
    expect(parseNslookup(sample('nslookup/seed-004-api-sse-cname.txt'))).toEqual({
      server: '10.25.0.1',
      server_port: 53,
      resolved: true,
      name: 'api-sse.cisco.com.akadns.net',
      canonical_names: ['api-sse.cisco.com.akadns.net'],
      addresses: ['10.6.187.110', '10.234.20.16'],
      ptr_names: [],
      error: null,
    });
  });

  it('reads NXDOMAIN from a server that cannot resolve the cloud names', () => {
    const text = 'Server:\t\t192.0.2.53\nAddress:\t192.0.2.53#53\n\n** server can\'t find api-sse.cisco.com: NXDOMAIN\n';
    expect(parseNslookup(text)).toMatchObject({ server: '192.0.2.53', resolved: false, addresses: [], error: 'NXDOMAIN' });
  });

  it('reads SERVFAIL and REFUSED', () => {
    expect(parseNslookup('Server:\t\t10.0.0.1\nAddress:\t10.0.0.1#53\n\n** server can\'t find x: SERVFAIL')['error']).toBe('SERVFAIL');
    expect(parseNslookup('Server:\t\t10.0.0.1\nAddress:\t10.0.0.1#53\n\n** server can\'t find x: REFUSED')['error']).toBe('REFUSED');
  });

  it('reads "no servers could be reached" as a timeout with no server', () => {
    expect(parseNslookup(';; connection timed out; no servers could be reached\n')).toMatchObject({ server: null, resolved: false, error: 'timeout' });
  });

  it('reads IPv6 answers and BusyBox numbered Address lines', () => {
    const text = 'Server:    10.0.0.1\nAddress 1: 10.0.0.1 dns.lab\n\nName:      api-sse.cisco.com\nAddress 1: 52.4.85.66 ec2-52-4-85-66.compute-1.amazonaws.com\nAddress 2: 2600:1f18::1\n';
    expect(parseNslookup(text)).toMatchObject({ server: '10.0.0.1', resolved: true, addresses: ['52.4.85.66', '2600:1f18::1'] });
  });

  it('does not call a name unresolved when only the AAAA query had no answer', () => {
    const text = 'Server:\t\t10.0.0.1\nAddress:\t10.0.0.1#53\n\nNon-authoritative answer:\nName:\tapi-sse.cisco.com\nAddress: 52.4.85.66\n*** Can\'t find api-sse.cisco.com: No answer\n';
    expect(parseNslookup(text)).toMatchObject({ resolved: true, error: null });
  });

  for (const file of samplesIn('nslookup')) {
    it(`gives the same facts for ${file} in every whitespace variant`, () => {
      const text = sample(`nslookup/${file}`);
      for (const v of Object.values(variants(text))) expect(parseNslookup(v)).toEqual(parseNslookup(text));
    });
  }

  it('refuses text that is not nslookup output', () => {
    expect(() => parseNslookup('-bash: nslookup: command not found')).toThrow(ParseError);
    expect(() => parseNslookup('')).toThrow(ParseError);
  });
});
