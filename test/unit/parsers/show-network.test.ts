import { describe, expect, it } from 'vitest';
import { parseShowNetwork } from '../../../src/parsers/show-network.js';
import { ParseError } from '../../../src/errors.js';
import { sample, samplesIn, variants } from './fixture.js';

describe('show_network parser', () => {
  it('reads two DNS servers, the domain, the port and management0 from the FPR2100 6.2.3 sample', () => {
    const f = parseShowNetwork(sample('show-network/fpr2100-623-two-dns.txt'));
    expect(f).toMatchObject({
      hostname: 'ftd623',
      domains: ['cisco.com'],
      dns_servers: ['192.168.200.100', '8.8.8.8'],
      management_port: 8305,
      ipv4_gateway: '10.62.148.129',
      proxy_enabled: null,
      dns_from_router: null,
    });
    expect(f['interfaces']).toEqual([
      {
        name: 'management0',
        fields: {
          state: 'Enabled',
          channels: 'Management & Events',
          mode: 'Non-Autonegotiation',
          mdi_mdix: 'Auto/MDIX',
          mtu: '1500',
          mac_address: '70:DF:2F:18:D8:00',
        },
        ipv4: { configuration: 'Manual', address: '10.62.148.179', netmask: '255.255.255.128', broadcast: '10.62.148.255' },
        ipv6: { configuration: 'Disabled' },
      },
    ]);
  });

  it('reports no DNS servers and no domains when the FTDv sample has neither line', () => {
    const f = parseShowNetwork(sample('show-network/ftdv-br1-no-dns.txt'));
    expect(f).toMatchObject({ hostname: 'cisco.com', dns_servers: [], domains: [], ipv4_gateway: '150.1.1.253', proxy_enabled: false });
    expect((f['interfaces'] as { name: string }[]).map((i) => i.name)).toEqual(['br1']);
    expect(f['proxy']).toEqual({ state: 'Disabled', authentication: 'Disabled' });
  });

  it('keeps an IPv6 DNS server on a continuation line and reads DNS from router on the FP1010 7.4.2 sample', () => {
    const f = parseShowNetwork(sample('show-network/fp1010-742-ipv6-dns.txt'));
    expect(f).toMatchObject({
      hostname: 'firepower',
      dns_servers: ['208.67.222.222', '208.67.220.220', '2620:119:35::35'],
      dns_from_router: true,
      ipv4_gateway: 'data-interfaces',
    });
    const [mgmt] = f['interfaces'] as { fields: Record<string, string>; ipv4: Record<string, string> }[];
    expect(mgmt?.fields['link']).toBe('up');
    expect(mgmt?.ipv4['gateway']).toBe('192.168.0.1');
  });

  for (const file of samplesIn('show-network')) {
    it(`gives the same facts for ${file} with CRLF, trailing spaces and blank lines around it`, () => {
      const text = sample(`show-network/${file}`);
      const expected = parseShowNetwork(text);
      for (const v of Object.values(variants(text))) expect(parseShowNetwork(v)).toEqual(expected);
    });
  }

  it('splits several search domains given on continuation lines or joined by commas', () => {
    const text = sample('show-network/fpr2100-623-two-dns.txt').replace(
      'Domains                   : cisco.com',
      'Domains                   : cisco.com,example.org\n                            lab.local',
    );
    expect(parseShowNetwork(text)['domains']).toEqual(['cisco.com', 'example.org', 'lab.local']);
  });

  it('refuses output without a System Information section', () => {
    expect(() => parseShowNetwork('Syntax error: Illegal parameter')).toThrow(ParseError);
    expect(() => parseShowNetwork('')).toThrow(/System Information/);
  });

  it('refuses a line that is neither a header, a field nor a continuation, naming the line', () => {
    const text = sample('show-network/fpr2100-623-two-dns.txt').replace('MTU                       : 1500', 'garbage here');
    expect(() => parseShowNetwork(text)).toThrow(/line \d+.*garbage here/);
  });
});
