import { describe, expect, it } from 'vitest';
import { parseConnectorContext } from '../../../src/parsers/connector-context.js';
import { ParseError } from '../../../src/errors.js';
import { sample, variants } from './fixture.js';

describe('connector_context parser', () => {
  it('reads an enrolled context with its FQDN and client name', () => {
    expect(parseConnectorContext(sample('connector-context/ftd-cli-enrolled.json'))).toEqual({
      reachable: true,
      enrolled: true,
      status: 'Enrolled',
      id: 'default',
      fqdn: 'api-sse.cisco.com',
      client_name: 'firepower',
      error: null,
    });
  });

  it('reads a context that is not enrolled', () => {
    const text = sample('connector-context/ftd-cli-enrolled.json').replace('"Enrolled"', '"Not Enrolled"');
    expect(parseConnectorContext(text)).toMatchObject({ reachable: true, enrolled: false, status: 'Not Enrolled' });
  });

  it('reads a refused connection as the connector not answering', () => {
    expect(parseConnectorContext(sample('connector-context/connector-down.txt'))).toMatchObject({
      reachable: false,
      enrolled: false,
      error: 'Failed to connect to localhost port 8989: Connection refused',
    });
  });

  it('reads a missing context (HTTP 404 body or an error object) as not enrolled', () => {
    expect(parseConnectorContext('404 page not found')).toMatchObject({ reachable: true, enrolled: false });
    expect(parseConnectorContext('{"error":"context default not found"}')).toMatchObject({ enrolled: false, error: 'context default not found' });
  });

  it('gives the same facts in every whitespace variant, including pretty-printed JSON', () => {
    const text = sample('connector-context/ftd-cli-enrolled.json');
    const pretty = JSON.stringify(JSON.parse(text), null, 2);
    for (const v of Object.values(variants(pretty))) expect(parseConnectorContext(v)).toEqual(parseConnectorContext(text));
  });

  it('refuses empty output, broken JSON and other text', () => {
    expect(() => parseConnectorContext('')).toThrow(ParseError);
    expect(() => parseConnectorContext('{"id":')).toThrow(/invalid JSON/);
    expect(() => parseConnectorContext('[1,2]')).toThrow(ParseError);
    expect(() => parseConnectorContext('Syntax error: Illegal parameter')).toThrow(/not a JSON context/);
  });
});

describe('connector_context reasons', () => {
  it('carries the connector lastError when the context exists but is not enrolled', () => {
    const text = '{"id":"default","status":"Unenrolled","lastError":"registration failed: 401 Unauthorized"}';
    expect(parseConnectorContext(text)).toMatchObject({ enrolled: false, status: 'Unenrolled', error: 'registration failed: 401 Unauthorized' });
  });
});
