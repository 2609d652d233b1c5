import { describe, expect, it } from 'vitest';
import { parseLsofInet } from '../../../src/parsers/lsof-inet.js';
import { ParseError } from '../../../src/errors.js';
import { sample, samplesIn, variants } from './fixture.js';

describe('lsof_inet parser', () => {
  it('sees the SYN_SENT to the cloud in the seed sample, re-joining the wrapped host name', () => {
    const f = parseLsofInet(sample('lsof-inet/seed-000-syn-sent.txt'));
    expect(f).toMatchObject({ listening: true, established: false, syn_sent: true });
    expect((f['connections'] as unknown[])[1]).toEqual({
      command: 'connector',
      pid: 60815,
      user: 'www',
      fd: '12u',
      ip_version: 'IPv4',
      protocol: 'TCP',
      local: 'firepower.cisco.com:53426',
      remote: 'ec2-100-25-93-234.compute-1.amazonaws.com:https',
      state: 'SYN_SENT',
    });
  });

  it('reads the listening template line with its padded columns', () => {
    expect(parseLsofInet(sample('lsof-inet/ftd-cli-template.txt'))).toMatchObject({ listening: true, syn_sent: false });
  });

  it('reads an ESTABLISHED connection and the lsof header', () => {
    const f = parseLsofInet(
      'COMMAND     PID USER   FD   TYPE  DEVICE SIZE/OFF NODE NAME\nconnector 60815 www 12u IPv4 110237499 0t0 TCP firepower:53426->ec2-1-2-3-4.compute-1.amazonaws.com:https (ESTABLISHED)\n',
    );
    expect(f).toMatchObject({ established: true, syn_sent: false, listening: false });
  });

  it('treats an empty grep result as no connection', () => {
    expect(parseLsofInet('')).toEqual({ connections: [], listening: false, established: false, syn_sent: false });
  });

  for (const file of samplesIn('lsof-inet')) {
    it(`gives the same facts for ${file} in every whitespace variant`, () => {
      const text = sample(`lsof-inet/${file}`);
      for (const v of Object.values(variants(text))) expect(parseLsofInet(v)).toEqual(parseLsofInet(text));
    });
  }

  it('refuses a shell error and text that is not lsof output', () => {
    expect(() => parseLsofInet('bash: lsof: command not found')).toThrow(/did not run/);
    expect(() => parseLsofInet('connector is fine (really)')).toThrow(ParseError);
  });
});
