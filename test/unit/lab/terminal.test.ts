// The terminal's echo: one write per received chunk, with the same bytes a per-key echo would produce.
import { describe, expect, it } from 'vitest';
import { Terminal } from '../../../src/lab/terminal.js';

function recorder(pty = true): { t: Terminal; writes: string[] } {
  const writes: string[] = [];
  return { t: new Terminal((d) => writes.push(d), pty), writes };
}

describe('the terminal echo', () => {
  it('echoes a whole typed command and its Enter in a single write', async () => {
    const { t, writes } = recorder();
    const line = t.readLine(true);
    t.feed('curl -sS --max-time 10 https://api-sse.cisco.com/health; echo "__FM_RC_x=$?"\r');
    expect(await line).toBe('curl -sS --max-time 10 https://api-sse.cisco.com/health; echo "__FM_RC_x=$?"');
    expect(writes).toEqual(['curl -sS --max-time 10 https://api-sse.cisco.com/health; echo "__FM_RC_x=$?"\r\n']);
  });

  it('writes one echo per chunk when a command arrives in pieces', async () => {
    const { t, writes } = recorder();
    const line = t.readLine(true);
    t.feed('show ');
    t.feed('version');
    t.feed('\r\n');
    expect(await line).toBe('show version');
    expect(writes).toEqual(['show ', 'version', '\r\n']);
  });

  it('keeps the exact bytes of editing keys inside one write: backspace mid-line, cursor keys, Ctrl-A/E/K', async () => {
    const { t, writes } = recorder();
    const line = t.readLine(true);
    t.feed('abcd\x1b[D\x1b[D\x7fX\x01\x05\x1b[D\x0b\r');
    expect(await line).toBe('aXc');
    expect(writes).toEqual(['abcd' + '\x1b[D\x1b[D' + '\bcd \x1b[3D' + 'Xcd\x1b[2D' + '\x1b[2D' + '\x1b[4C' + '\x1b[D' + '\x1b[K' + '\r\n']);
  });

  it('redraws the syntax-error quirk: a preloaded buffer cleared with Ctrl-U then retyped, in one write', async () => {
    const { t, writes } = recorder();
    t.preload('show inventory');
    const line = t.readLine(true);
    t.feed('\x15show version\r');
    expect(await line).toBe('show version');
    expect(writes).toEqual(['\x1b[14D\x1b[J' + 'show version' + '\r\n']);
  });

  it('appends to a preloaded buffer, and Ctrl-C abandons the line with ^C', async () => {
    const { t, writes } = recorder();
    t.preload('show inv');
    const first = t.readLine(true);
    t.feed('entory\r');
    expect(await first).toBe('show inventory');
    const second = t.readLine(true);
    t.feed('junk\x03');
    expect(await second).toBe('');
    expect(writes).toEqual(['entory\r\n', 'junk^C\r\n']);
  });

  it('echoes nothing for a password and nothing without a PTY', async () => {
    const { t, writes } = recorder();
    const secret = t.readLine(false);
    t.feed('s3cret\r');
    expect(await secret).toBe('s3cret');
    const plain = recorder(false);
    const line = plain.t.readLine(true);
    plain.t.feed('show version\n');
    expect(await line).toBe('show version');
    expect([...writes, ...plain.writes]).toEqual([]);
  });

  it('keeps type-ahead for the next reader and echoes it only when that reader takes it', async () => {
    const { t, writes } = recorder();
    const first = t.readLine(true);
    t.feed('sudo su -\rpw\rid\r');
    expect(await first).toBe('sudo su -');
    expect(writes).toEqual(['sudo su -\r\n']);
    expect(await t.readLine(false)).toBe('pw');
    expect(await t.readLine(true)).toBe('id');
    expect(writes).toEqual(['sudo su -\r\n', 'id\r\n']);
  });

  it('waits for the rest of an escape sequence split across chunks, and ignores a control key', async () => {
    const { t, writes } = recorder();
    const line = t.readLine(true);
    t.feed('ab\x1b');
    t.feed('[D\x02c\r');
    expect(await line).toBe('acb');
    expect(writes).toEqual(['ab', '\x1b[D' + 'cb\x1b[1D' + '\r\n']);
  });
});
