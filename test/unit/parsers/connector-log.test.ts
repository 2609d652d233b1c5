import { describe, expect, it } from 'vitest';
import { classifyConnectorError, parseConnectorLog } from '../../../src/parsers/connector-log.js';
import { omitVolatile, PARSERS } from '../../../src/parsers/index.js';
import { ParseError } from '../../../src/errors.js';
import { sample, samplesIn, variants } from './fixture.js';

describe('connector_log parser', () => {
  it('finds all five records on the seed line and classes the last error as a dial timeout', () => {
    expect(parseConnectorLog(sample('connector-log/seed-000-dial-timeouts.txt'))).toEqual({
      records: 5,
      errors: 5,
      unparsed_lines: 0,
      last_error_class: 'dial_timeout',
      last_error: '[firepower.cisco.com][events.go:90 events:connectWebSocket] dial tcp 100.25.93.234:443: getsockopt: connection timed out',
      last_error_detail: null,
      last_error_time: '2020-04-13T14:52:38.404700083-05:00',
      last_time: '2020-04-13T14:52:38.404700083-05:00',
    });
  });

  it('classes the post-6.4 ZeroMQ failure and unescapes its quoted message', () => {
    const f = parseConnectorLog(sample('connector-log/seed-000-zeromq.txt'));
    expect(f['last_error_class']).toBe('zeromq_socket');
    expect(f['last_error']).toContain('"ipc:///ngfw/var/sf/run/EventHandler_SSEConnector.sock"');
  });

  it('reports none when the last records are info and there is no error', () => {
    const text = 'time="2024-01-01T00:00:00Z" level=info msg="registered"\ntime="2024-01-01T00:03:00Z" level=info msg=heartbeat\n';
    expect(parseConnectorLog(text)).toMatchObject({ records: 2, errors: 0, last_error_class: 'none', last_error: null });
  });

  it('keeps the last error even when info lines follow it, and counts lines without a record', () => {
    const text = `${sample('connector-log/seed-000-zeromq.txt')}goroutine 1 [running]:\ntime="2024-01-01T00:03:00Z" level=info msg="retrying"\n`;
    expect(parseConnectorLog(text)).toMatchObject({ last_error_class: 'zeromq_socket', unparsed_lines: 1 });
  });

  it('classes other errors as other', () => {
    expect(classifyConnectorError('failed to get registration token: 401 Unauthorized')).toBe('other');
  });

  it('reads an empty log as no error', () => {
    expect(parseConnectorLog('')['last_error_class']).toBe('none');
  });

  it('keeps the fingerprint when another error of the same class is appended', () => {
    const { parse, volatile } = PARSERS.connector_log;
    const text = sample('connector-log/seed-000-dial-timeouts.txt');
    const more = `${text}time="2020-04-13T15:00:00Z" level=error msg="dial tcp 18.205.49.246:443: getsockopt: connection timed out"\n`;
    expect(omitVolatile(parse(more), volatile)).toEqual(omitVolatile(parse(text), volatile));
  });

  for (const file of samplesIn('connector-log')) {
    it(`gives the same facts for ${file} in every whitespace variant`, () => {
      const text = sample(`connector-log/${file}`);
      for (const v of Object.values(variants(text))) expect(parseConnectorLog(v)).toEqual(parseConnectorLog(text));
    });
  }

  it('refuses text with no logrus record at all', () => {
    expect(() => parseConnectorLog('tail: cannot open connector.log: No such file or directory')).toThrow(ParseError);
  });
});

describe('connector_log error classes', () => {
  it('tells a DNS lookup failure from an egress dial timeout, though both say dial tcp', () => {
    expect(classifyConnectorError('Post https://api-sse.cisco.com/x: dial tcp: lookup api-sse.cisco.com on 10.0.0.1:53: read udp 10.0.0.1:40000->10.0.0.1:53: i/o timeout')).toBe('dns_lookup');
    expect(classifyConnectorError('Post https://api-sse.cisco.com/x: dial tcp: lookup api-sse.cisco.com on 198.51.100.53:53: no such host')).toBe('dns_lookup');
    expect(classifyConnectorError('dial tcp 18.205.49.246:443: getsockopt: connection timed out')).toBe('dial_timeout');
  });

  it('classes a rejected certificate as tls_certificate', () => {
    expect(classifyConnectorError('Post https://api-sse.cisco.com/x: x509: certificate signed by unknown authority')).toBe('tls_certificate');
  });
});
