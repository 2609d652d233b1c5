// The one place where ssh2 and Node errors become TransportErrors with stable codes.
// ssh2 tags its errors with `level` (client-socket, client-timeout, client-dns, client-authentication,
// handshake, protocol, agent); Node socket errors carry `code` (ECONNREFUSED, ENOTFOUND …).
import { TransportError } from '../../errors.js';
import type { TransportErrorCode } from '../../errors.js';
import { CONNECT_HEADLINE, DNS_CODES } from '../socket-errors.js';

interface LowLevelError {
  message?: string;
  code?: string;
  level?: string;
}

/** What the connection attempt knew when it failed: which host, and the host-key verdict if it gave one. */
export interface ConnectContext {
  /** Inventory name, for messages. */
  name: string;
  host: string;
  port: number;
  /** Set by the host-key check when it refused the key. */
  hostKeyRefusal?: { code: 'E_HOSTKEY_UNKNOWN' | 'E_HOSTKEY_CHANGED'; message: string };
  via?: string;
  redact: (text: string) => string;
}

const DROP_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

function describe(err: unknown): LowLevelError {
  if (typeof err === 'object' && err !== null) return err as LowLevelError;
  return { message: String(err) };
}

/** Which stable code a low-level connect/login error means. */
export function classifyConnectError(err: unknown, ctx: Pick<ConnectContext, 'hostKeyRefusal'>): TransportErrorCode {
  if (err instanceof TransportError) return err.code;
  if (ctx.hostKeyRefusal) return ctx.hostKeyRefusal.code;
  const e = describe(err);
  const code = e.code ?? '';
  const level = e.level ?? '';
  const message = e.message ?? '';
  if (code === 'ECONNREFUSED' || /connection refused|administratively prohibited|Connect failed/i.test(message)) {
    return 'E_CONNECT_REFUSED';
  }
  if (DNS_CODES.has(code) || level === 'client-dns') return 'E_DNS';
  if (code === 'ETIMEDOUT' || level === 'client-timeout') return 'E_CONNECT_TIMEOUT';
  if (level === 'client-authentication' || level === 'agent' || /authentication methods failed|privateKey|passphrase/i.test(message)) {
    return 'E_AUTH';
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'E_CONNECT_REFUSED';
  if (DROP_CODES.has(code) || /Connection lost|No response from server|Not connected/i.test(message)) return 'E_DISCONNECTED';
  // A failed handshake (no common algorithm, bad banner): the host cannot be talked to.
  if (level === 'handshake' || level === 'protocol') return 'E_CONNECT_REFUSED';
  return 'E_DISCONNECTED';
}


/** Map any connect/login failure to a TransportError naming the host; secrets are scrubbed from the cause text. */
export function mapConnectError(err: unknown, ctx: ConnectContext): TransportError {
  if (err instanceof TransportError) return err;
  const code = classifyConnectError(err, ctx);
  const where = `${ctx.name} (${ctx.host}:${ctx.port}${ctx.via ? ` via ${ctx.via}` : ''})`;
  if (ctx.hostKeyRefusal) {
    return new TransportError(code, `${where}: ${ctx.hostKeyRefusal.message}`, { host: ctx.name });
  }
  const detail = ctx.redact(describe(err).message ?? '');
  const headline = CONNECT_HEADLINE[code] ?? 'connection failed';
  return new TransportError(code, `${where}: ${headline}${detail ? ` (${detail})` : ''}`, {
    host: ctx.name,
    cause: err,
  });
}
