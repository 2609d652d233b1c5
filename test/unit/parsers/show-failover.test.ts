import { describe, expect, it } from 'vitest';
import { parseShowFailover } from '../../../src/parsers/show-failover.js';
import { omitVolatile, PARSERS } from '../../../src/parsers/index.js';
import { ParseError } from '../../../src/errors.js';
import { sample, samplesIn, variants } from './fixture.js';

describe('show_failover parser', () => {
  it('reads both units of the FTDv HA pair: this Primary is Active, the peer Standby Ready', () => {
    expect(parseShowFailover(sample('show-failover/ftdv-918-primary-active.txt'))).toEqual({
      failover_on: true,
      unit: 'Primary',
      lan_interface: 'HA GigabitEthernet0/2 (up)',
      versions: { ours: '9.18(2)200', mate: '9.18(2)200' },
      this_host: { role: 'Primary', state: 'Active', active_time_s: 635, groups: {} },
      other_host: { role: 'Secondary', state: 'Standby Ready', active_time_s: 0, groups: {} },
      this_state: 'Active',
      peer_state: 'Standby Ready',
      last_failover_at: null,
      group_last_failover_at: {},
    });
  });

  it('reports a standalone unit as failover off with no peer', () => {
    expect(parseShowFailover(sample('show-failover/standalone-off.txt'))).toMatchObject({
      failover_on: false,
      this_host: null,
      peer_state: null,
      lan_interface: null,
    });
  });

  it('leaves active times out once volatile paths are dropped, so uptime alone does not move a fingerprint', () => {
    const text = sample('show-failover/ftdv-918-primary-active.txt');
    const later = text.replace('Active time: 635 (sec)', 'Active time: 9000 (sec)');
    const { parse, volatile } = PARSERS.show_failover;
    expect(parse(later)).not.toEqual(parse(text));
    expect(omitVolatile(parse(later), volatile)).toEqual(omitVolatile(parse(text), volatile));
  });

  for (const file of samplesIn('show-failover')) {
    it(`gives the same facts for ${file} in every whitespace variant`, () => {
      const text = sample(`show-failover/${file}`);
      for (const v of Object.values(variants(text))) expect(parseShowFailover(v)).toEqual(parseShowFailover(text));
    });
  }

  it('refuses output that does not start with Failover On/Off', () => {
    expect(() => parseShowFailover('Syntax error: Illegal parameter')).toThrow(ParseError);
    expect(() => parseShowFailover('Failover On\nFailover unit Primary')).toThrow(/This host/);
  });
});
