// `/ngfw/var/log/connector/connector.log` (or a tail of it): logrus records `time="…" level=… msg="…"`.
// What matters is the class of the last error: the post-6.4 ZeroMQ socket failure (DOMAIN.md step 8,
// fixed by pmtool disable/enable + reboot), a dial timeout towards the cloud (step 7, an upstream block),
// a failed DNS lookup (step 3), a rejected certificate (step 4, TLS inspection), another error, or none.
import type { Facts } from './index.js';
import { toLines, unrecognised } from './text.js';

const NAME = 'connector_log';
// Several records may share one line when a log was copied without its newlines (as in the seed).
const RECORD = /time="([^"]*)"\s+level=(\w+)\s+msg=(?:"((?:[^"\\]|\\.)*)"|(\S+))((?:\s+(?!time=")[A-Za-z_][\w.-]*=(?:"(?:[^"\\]|\\.)*"|\S+))*)/g;
// A logrus field after msg, such as the cause in `error="dial tcp …: i/o timeout"`.
const ERROR_FIELD = /(?:^|\s)(?:error|err)=(?:"((?:[^"\\]|\\.)*)"|(\S+))/;

export type ConnectorErrorClass = 'zeromq_socket' | 'dns_lookup' | 'dial_timeout' | 'tls_certificate' | 'other' | 'none';

/** The class of one error message: ZeroMQ socket, DNS lookup, dial timeout, TLS certificate, or other. */
export function classifyConnectorError(msg: string): Exclude<ConnectorErrorClass, 'none'> {
  if (/ZeroMQ|EventHandler_SSEConnector\.sock|dial unix/i.test(msg)) return 'zeromq_socket';
  // Go's resolver failures read `dial tcp: lookup HOST on SERVER:53: …`: a DNS problem, not an egress one.
  if (/\blookup \S+( on \S+)?: /.test(msg)) return 'dns_lookup';
  if (/dial tcp .*(timed out|i\/o timeout)|connection timed out|Client\.Timeout/i.test(msg)) return 'dial_timeout';
  if (/x509: |certificate signed by unknown authority|tls: /i.test(msg)) return 'tls_certificate';
  return 'other';
}

function unescape(quoted: string): string {
  return quoted.replace(/\\(.)/g, (_s, c: string) => (c === 'n' ? '\n' : c));
}

/** Parse connector.log into `{records, errors, last_error_class, last_error, last_error_time, last_time}`. Empty text: an empty log. */
export function parseConnectorLog(text: string): Facts {
  const lines = toLines(text);
  const records: { time: string; level: string; msg: string; error: string | null }[] = [];
  let unparsed = 0;
  for (const line of lines) {
    let found = false;
    for (const m of line.matchAll(RECORD)) {
      found = true;
      const msg = m[3] !== undefined ? unescape(m[3]) : (m[4] ?? '');
      const e = ERROR_FIELD.exec(m[5] ?? '');
      const error = e === null ? null : e[1] !== undefined ? unescape(e[1]) : (e[2] ?? null);
      records.push({ time: m[1] ?? '', level: (m[2] ?? '').toLowerCase(), msg, error });
    }
    if (!found && line.trim() !== '') unparsed++;
  }
  if (lines.length > 0 && records.length === 0) {
    unrecognised(NAME, 'no logrus record (time="…" level=… msg=…); is this connector.log?', lines[0], 1);
  }
  const errors = records.filter((r) => r.level === 'error' || r.level === 'fatal' || r.level === 'panic');
  const last = errors[errors.length - 1];
  return {
    records: records.length,
    errors: errors.length,
    // Lines without a record (stack traces, wrapped messages) are counted rather than guessed at.
    unparsed_lines: unparsed,
    // The cause is often only in the `error=` field (`msg="Failed to connect" error="dial tcp …"`).
    last_error_class: last === undefined ? 'none' : classifyConnectorError(last.error === null ? last.msg : `${last.msg}: ${last.error}`),
    last_error: last?.msg ?? null,
    last_error_detail: last?.error ?? null,
    last_error_time: last?.time ?? null,
    last_time: records[records.length - 1]?.time ?? null,
  };
}
