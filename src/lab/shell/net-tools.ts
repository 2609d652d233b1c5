// nslookup, telnet and ping against the device's simulated DNS and egress.
import type { Resolution } from '../device/sim-device.js';
import { fail, stderr, stdout, type CmdContext, type CmdResult, type Out } from './types.js';

const RESOLVER_WAIT_S = 15;
const TCP_CONNECT_WAIT_S = 127;

/** Seconds of real waiting for `s` simulated seconds. */
export function scaled(ctx: CmdContext, seconds: number): number {
  return Math.round(seconds * 1000 * ctx.timeScale);
}

// nslookup's "Server:/Address:" preamble.
function serverHeader(server: string): string {
  return `Server:\t\t${server}\nAddress:\t${server}#53\n\n`;
}

/** `nslookup HOST [SERVER]`. */
export function nslookup(argv: string[], ctx: CmdContext): CmdResult {
  const args = argv.slice(1).filter((a) => !a.startsWith('-'));
  const name = args[0];
  if (!name) return fail(1, '> nslookup: interactive mode is not available in this shell\n');
  let r: Resolution;
  const server = args[1];
  if (server) {
    // An explicit server: ask only that one.
    const saved = ctx.device.state.dnsServers;
    ctx.device.state.dnsServers = [server];
    r = ctx.device.resolve(name);
    ctx.device.state.dnsServers = saved;
  } else r = ctx.device.resolve(name);
  switch (r.kind) {
    case 'local':
      return { out: [stdout(`${serverHeader('127.0.0.53')}Name:\t${r.name}\nAddress: ${r.address}\n\n`)], status: 0 };
    case 'answer': {
      let text = serverHeader(r.server) + 'Non-authoritative answer:\n';
      const shown = r.host.cname ?? r.name;
      if (r.host.cname) text += `${r.name}\tcanonical name = ${r.host.cname}.\n`;
      for (const a of r.host.addresses) text += `Name:\t${shown}\nAddress: ${a}\n`;
      return { out: [stdout(text + '\n')], status: 0 };
    }
    case 'nxdomain':
      return { out: [stdout(`${serverHeader(r.server)}** server can't find ${r.name}: NXDOMAIN\n\n`)], status: 1 };
    case 'no-servers':
      return { out: [stdout(';; connection timed out; no servers could be reached\n\n')], status: 1 };
    case 'timeout':
      return { out: [stdout(';; connection timed out; no servers could be reached\n\n', scaled(ctx, RESOLVER_WAIT_S))], status: 1 };
  }
}

/** Where a TCP connect to host:port goes from this device. */
export type ConnectOutcome =
  | { kind: 'unresolved'; resolution: Resolution; waitMs: number }
  | { kind: 'refused'; address: string }
  | { kind: 'blocked'; address: string }
  | { kind: 'connected'; address: string; local: boolean };

/** Decide what connecting to host:port does, given DNS, egress and the local listeners. */
export function connect(ctx: CmdContext, host: string, port: number): ConnectOutcome {
  const r = ctx.device.resolve(host);
  if (r.kind === 'local') {
    const listening = (port === ctx.device.state.connectorPort && ctx.device.isRunning('SSEConnector') && r.address === '127.0.0.1') || port === 22;
    return listening ? { kind: 'connected', address: r.address, local: true } : { kind: 'refused', address: r.address };
  }
  if (r.kind !== 'answer') return { kind: 'unresolved', resolution: r, waitMs: r.kind === 'timeout' ? scaled(ctx, RESOLVER_WAIT_S) : 0 };
  const address = r.host.addresses[0] ?? '';
  if (!ctx.device.egressOpen(r.name)) return { kind: 'blocked', address };
  return { kind: 'connected', address, local: false };
}

/** `telnet HOST PORT`: the cloud end closes right after connecting, so the command always returns. */
export function telnet(argv: string[], ctx: CmdContext): CmdResult {
  const host = argv[1];
  const port = Number(argv[2] ?? '23');
  if (!host) return fail(1, 'usage: telnet [-l user] [-a] [host-name [port]]\n');
  const c = connect(ctx, host, port);
  switch (c.kind) {
    case 'unresolved':
      return { out: [stderr(`telnet: could not resolve ${host}/${port}: Name or service not known\n`, c.waitMs)], status: 1 };
    case 'refused':
      return { out: [stdout(`Trying ${c.address}...\n`), stderr(`telnet: Unable to connect to remote host: Connection refused\n`)], status: 1 };
    case 'blocked':
      return {
        out: [stdout(`Trying ${c.address}...\n`), stderr('telnet: Unable to connect to remote host: Connection timed out\n', scaled(ctx, TCP_CONNECT_WAIT_S))],
        status: 1,
      };
    case 'connected':
      return {
        out: [stdout(`Trying ${c.address}...\nConnected to ${host}.\nEscape character is '^]'.\n`), stdout('Connection closed by foreign host.\n', 50)],
        status: 1,
      };
  }
}

/** `ping [-c N] HOST`: cloud hosts drop ICMP when egress is blocked; otherwise replies. Count defaults to 4. */
export function ping(argv: string[], ctx: CmdContext): CmdResult {
  let count = 4;
  let host: string | undefined;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '-c') count = Math.max(1, Math.min(10, Number(argv[++i] ?? '4') || 4));
    else if (!a.startsWith('-')) host = a;
  }
  if (!host) return fail(2, 'Usage: ping [-c count] destination\n');
  const r = ctx.device.resolve(host);
  if (r.kind !== 'answer' && r.kind !== 'local') return { out: [stderr(`ping: ${host}: Name or service not known\n`, r.kind === 'timeout' ? scaled(ctx, RESOLVER_WAIT_S) : 0)], status: 2 };
  const address = r.kind === 'local' ? r.address : (r.host.addresses[0] ?? '');
  const out: Out[] = [stdout(`PING ${host} (${address}) 56(84) bytes of data.\n`)];
  const blocked = r.kind === 'answer' && !ctx.device.egressOpen(r.name);
  if (!blocked) {
    for (let i = 1; i <= count; i++) out.push(stdout(`64 bytes from ${address}: icmp_seq=${i} ttl=${r.kind === 'local' ? 64 : 231} time=${r.kind === 'local' ? '0.041' : '71.3'} ms\n`));
  }
  const received = blocked ? 0 : count;
  out.push(
    stdout(
      `\n--- ${host} ping statistics ---\n${count} packets transmitted, ${received} received, ${blocked ? '100' : '0'}% packet loss, time ${(count - 1) * 1001}ms\n` +
        (blocked ? '' : `rtt min/avg/max/mdev = 71.1/71.3/71.6/0.2 ms\n`),
      blocked ? scaled(ctx, count) : 0,
    ),
  );
  return { out, status: blocked ? 1 : 0 };
}
