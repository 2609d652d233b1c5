import { describe, expect, it } from 'vitest';
import { parseConnectorProperties } from '../../../src/parsers/connector-properties.js';
import { ParseError } from '../../../src/errors.js';
import { sample, samplesIn, variants } from './fixture.js';

describe('connector_properties parser', () => {
  it('reads the three settings of seed 000', () => {
    expect(parseConnectorProperties(sample('connector-properties/seed-000.txt'))).toEqual({
      properties: { registration_interval: '180', connector_port: '8989', connector_fqdn: 'api-sse.cisco.com' },
      connector_fqdn: 'api-sse.cisco.com',
      connector_port: 8989,
      registration_interval: 180,
      region_discovery_endpoint: null,
    });
  });

  it('reads the region discovery endpoint of seed 004', () => {
    expect(parseConnectorProperties(sample('connector-properties/seed-004.txt'))).toMatchObject({
      connector_fqdn: 'api-sse.cisco.com',
      region_discovery_endpoint: 'https://api-sse.cisco.com/providers/sse/api/v1/regions',
    });
  });

  it('skips comments and spaces around `=` and lower-cases the FQDN', () => {
    const f = parseConnectorProperties('# written by SSEConnector\nconnector_fqdn = API.EU.SSE.ITD.CISCO.COM\nconnector_port=8990\n');
    expect(f).toMatchObject({ connector_fqdn: 'api.eu.sse.itd.cisco.com', connector_port: 8990 });
  });

  for (const file of samplesIn('connector-properties')) {
    it(`gives the same facts for ${file} in every whitespace variant`, () => {
      const text = sample(`connector-properties/${file}`);
      for (const v of Object.values(variants(text))) expect(parseConnectorProperties(v)).toEqual(parseConnectorProperties(text));
    });
  }

  it('refuses a missing file, an empty file and a line that is not key=value', () => {
    expect(() => parseConnectorProperties('cat: /ngfw/etc/sf/connector.properties: No such file or directory')).toThrow(/could not be read/);
    expect(() => parseConnectorProperties('')).toThrow(ParseError);
    expect(() => parseConnectorProperties('connector_port=8989\njust words')).toThrow(/key=value/);
  });
});
