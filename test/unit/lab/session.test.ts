// The device model and session without SSH: a fake terminal feeds lines and collects output.
import { describe, expect, it } from 'vitest';
import { DeviceSession, type SessionIO } from '../../../src/lab/device/session.js';
import { SimDevice } from '../../../src/lab/device/sim-device.js';
import { Terminal } from '../../../src/lab/terminal.js';
import { header52 } from '../../../src/lab/render/layout.js';

function harness(faults: string[] = [], answers: string[] = []): { device: SimDevice; session: DeviceSession; out: () => string } {
  const device = new SimDevice({ index: 0, name: 'ftd-001', region: 'us', faults });
  let text = '';
  const io: SessionIO = {
    write: (t) => (text += t),
    readLine: () => Promise.resolve(answers.shift() ?? null),
    sleep: () => Promise.resolve(),
  };
  const session = new DeviceSession(device, io, { password: 'pw', timeScale: 0, sshPeer: '127.0.0.1:5000' });
  return {
    device,
    session,
    out: () => {
      const t = text;
      text = '';
      return t;
    },
  };
}

describe('the device session', () => {
  it('walks the mode ladder with the exact prompts', async () => {
    const h = harness([], ['pw']);
    expect(h.session.prompt()).toBe('> ');
    await h.session.submit('expert');
    expect(h.session.prompt()).toBe('admin@ftd-001:~$ ');
    await h.session.submit('sudo su');
    expect(h.session.prompt()).toBe('root@ftd-001:/home/admin# ');
    await h.session.submit('exit');
    await h.session.submit('exit');
    expect(h.session.prompt()).toBe('> ');
    expect(await h.session.submit('exit')).toEqual({ kind: 'close' });
  });

  it('keeps the rejected text for the line buffer after a syntax error', async () => {
    const h = harness();
    expect(await h.session.submit('show inventory')).toEqual({ kind: 'prompt', keep: 'show inventory' });
    expect(h.out()).toBe('Syntax error: Illegal parameter\n');
  });

  it('expands $? after the command before it has run', async () => {
    const h = harness();
    await h.session.submit('expert');
    h.out();
    await h.session.submit('nosuch; echo $? && echo yes || echo no');
    expect(h.out()).toBe('-bash: nosuch: command not found\n127\nyes\n');
    await h.session.submit("echo 'a|b' | grep -F 'a|b'");
    expect(h.out()).toBe('a|b\n');
  });

  it('clears the ZeroMQ fault only after disable, enable and a reboot', () => {
    const { device } = harness(['zmq-socket']);
    expect(device.socketConnected()).toBe(false);
    device.shutdown();
    device.boot();
    expect(device.socketConnected()).toBe(false);
    device.pmtool('disable', 'SSEConnector');
    device.pmtool('enable', 'SSEConnector');
    expect(device.socketConnected()).toBe(false);
    device.shutdown();
    device.boot();
    expect(device.socketConnected()).toBe(true);
  });

  it('enrolls once nothing is broken, and reports the first cause otherwise', () => {
    const { device } = harness(['no-dns', 'egress-blocked']);
    expect(device.connectorProblem()?.kind).toBe('dns');
    device.setDnsServers(['192.0.2.53']);
    expect(device.connectorProblem()?.kind).toBe('egress');
    device.state.egressDefault = 'open';
    expect(device.isEnrolled()).toBe(true);
  });

  it('falls through a silent resolver to the next one, but stops at an NXDOMAIN answer', () => {
    const { device } = harness();
    device.setDnsServers(['203.0.113.9', '192.0.2.53']);
    expect(device.resolve('api-sse.cisco.com').kind).toBe('answer');
    device.setDnsServers(['198.51.100.53', '192.0.2.53']);
    expect(device.resolve('api-sse.cisco.com').kind).toBe('nxdomain');
    device.setDnsServers(['203.0.113.9']);
    expect(device.resolve('api-sse.cisco.com').kind).toBe('timeout');
  });
});

describe('the terminal line discipline', () => {
  it('echoes typed text, handles backspace, \\r\\n as one Enter, and no echo for passwords', async () => {
    let raw = '';
    const t = new Terminal((d) => (raw += d), true);
    const first = t.readLine(true);
    t.feed('shw\x7f\x7fhow x\r\n');
    expect(await first).toBe('show x');
    expect(raw).toBe('shw\b \x1b[1D\b \x1b[1Dhow x\r\n');
    raw = '';
    const secret = t.readLine(false);
    t.feed('pw\r');
    expect(await secret).toBe('pw');
    expect(raw).toBe('');
    t.write('a\nb\n');
    expect(raw).toBe('a\r\nb\r\n');
  });

  it('clears a preloaded buffer with Ctrl-U the way the device redraws it', async () => {
    let raw = '';
    const t = new Terminal((d) => (raw += d), true);
    t.preload('show inventory');
    const line = t.readLine(true);
    t.feed('\x15show version\r');
    expect(await line).toBe('show version');
    expect(raw.startsWith('\x1b[14D\x1b[J')).toBe(true);
  });
});

describe('the output layout', () => {
  it('centres header titles in 52 columns, floor on the left', () => {
    expect(header52('System Information', '=')).toBe('===============[ System Information ]===============');
    expect(header52('br1', '=')).toBe('======================[ br1 ]=======================');
    expect(header52('Proxy Information', '=')).toBe('===============[ Proxy Information ]================');
  });
});
