// What a Node socket error code means for every connection kind: the one list of DNS failures and the
// headline each stable connection code is shown with. Kind-specific mapping (ssh2 levels, TLS) stays in the kind.
import type { TransportErrorCode } from '../errors.js';

/** getaddrinfo failures: the name did not resolve. */
export const DNS_CODES: ReadonlySet<string> = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EAI_NODATA']);

/** How a connection failure is headlined in messages, by code. */
export const CONNECT_HEADLINE: Partial<Record<TransportErrorCode, string>> = {
  E_CONNECT_REFUSED: 'connection refused',
  E_CONNECT_TIMEOUT: 'connection timed out',
  E_DNS: 'name resolution failed',
  E_AUTH: 'authentication failed',
  E_DISCONNECTED: 'connection lost',
};
