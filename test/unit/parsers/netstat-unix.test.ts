import { describe, expect, it } from 'vitest';
import { parseNetstatUnix } from '../../../src/parsers/netstat-unix.js';
import { omitVolatile, PARSERS } from '../../../src/parsers/index.js';
import { ParseError } from '../../../src/errors.js';
import { sample, samplesIn, variants } from './fixture.js';

describe('netstat_unix parser', () => {
  it('sees only a LISTENING socket in the broken seed sample, its path wrapped onto the next line', () => {
    const f = parseNetstatUnix(sample('netstat-unix/seed-000-listening-only.txt'));
    expect(f).toMatchObject({ connected: false, listening: true });
    expect(f['sockets']).toEqual([
      {
        ref_count: 2,
        flags: ['ACC'],
        type: 'STREAM',
        state: 'LISTENING',
        inode: 3022791165,
        pid: 11204,
        program: 'EventHandler',
        path: '/ngfw/var/sf/run/EventHandler_SSEConnector.sock',
      },
    ]);
  });

  it('sees the CONNECTED second socket in the healthy seed sample', () => {
    const f = parseNetstatUnix(sample('netstat-unix/seed-000-connected.txt'));
    expect(f).toMatchObject({ connected: true, listening: true });
    const sockets = f['sockets'] as { state: string; flags: string[] }[];
    expect(sockets.map((s) => s.state)).toEqual(['LISTENING', 'CONNECTED']);
    expect(sockets[1]?.flags).toEqual([]);
  });

  it('reads a one-line socket with the path in its own column, as netstat prints it unwrapped', () => {
    const f = parseNetstatUnix(sample('netstat-unix/ftd-cli-template-unix.txt'));
    expect(f['sockets']).toEqual([
      expect.objectContaining({ pid: 4321, program: 'connector', path: '/ngfw/var/sf/run/EventHandler_SSEConnector.sock' }),
    ]);
  });

  it('reads tcp lines into inet, so an unfiltered netstat parses too', () => {
    expect(parseNetstatUnix(sample('netstat-unix/ftd-cli-template-tcp.txt'))).toEqual({
      sockets: [],
      connected: false,
      listening: false,
      inet: [{ proto: 'tcp', local: '127.0.0.1:8989', foreign: '0.0.0.0:*', state: 'LISTEN', pid: 4321, program: 'connector' }],
      all_processes_identified: true,
    });
  });

  it('reads datagram sockets that have no state, and netstat headers', () => {
    const text =
      'Active UNIX domain sockets (servers and established)\nProto RefCnt Flags       Type       State         I-Node   PID/Program name     Path\nunix  2      [ ]         DGRAM                    14035    1/init               /run/systemd/notify\n';
    expect(parseNetstatUnix(text)['sockets']).toEqual([
      { ref_count: 2, flags: [], type: 'DGRAM', state: null, inode: 14035, pid: 1, program: 'init', path: '/run/systemd/notify' },
    ]);
  });

  it('treats an empty grep result as no socket', () => {
    expect(parseNetstatUnix('')).toEqual({ sockets: [], connected: false, listening: false, inet: [], all_processes_identified: true });
  });

  it('keeps the same fingerprint when only inode and pid changed after a restart', () => {
    const { parse, volatile } = PARSERS.netstat_unix;
    const before = parse(sample('netstat-unix/seed-000-connected.txt'));
    const after = parse(sample('netstat-unix/seed-000-connected.txt').replaceAll('7741', '9999').replace('382276', '1'));
    expect(omitVolatile(after, volatile)).toEqual(omitVolatile(before, volatile));
  });

  for (const file of samplesIn('netstat-unix')) {
    it(`gives the same facts for ${file} in every whitespace variant`, () => {
      const text = sample(`netstat-unix/${file}`);
      for (const v of Object.values(variants(text))) expect(parseNetstatUnix(v)).toEqual(parseNetstatUnix(text));
    });
  }

  it('refuses a shell error and lines that are not sockets', () => {
    expect(() => parseNetstatUnix('-bash: netstat: command not found')).toThrow(/did not run/);
    expect(() => parseNetstatUnix('hello world')).toThrow(ParseError);
  });
});
