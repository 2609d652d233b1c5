// `curl -s localhost:8989/v1/contexts/default` (root): SSEConnector's live context, a JSON body whose
// `status` reads `Enrolled` once the device is registered with SSE (FTD-CLI.md §8). When the connector is
// down curl prints `curl: (7) … Connection refused` instead; when no context exists, an HTTP error body.
import type { Facts } from './index.js';
import { toLines, unrecognised } from './text.js';

const NAME = 'connector_context';
const CURL_ERROR = /^curl: \((\d+)\) (.*)$/;

/** Parse the connector's context into `{reachable, enrolled, status, id, fqdn, client_name, error}`; `error` is the connector's own reason when not enrolled. */
export function parseConnectorContext(text: string): Facts {
  const lines = toLines(text);
  const body = lines.join('\n').trim();
  const curlError = lines.map((l) => CURL_ERROR.exec(l.trim())).find((m) => m !== null);
  if (curlError !== undefined && curlError !== null && !body.startsWith('{')) {
    return { reachable: false, enrolled: false, status: null, id: null, fqdn: null, client_name: null, error: curlError[2] ?? null };
  }
  if (body === '') unrecognised(NAME, 'empty reply from the connector API');
  if (!body.startsWith('{')) {
    // Go's net/http default 404, or a plain-text error from the connector.
    if (/^(404 page not found|not found|no context)/i.test(body)) {
      return { reachable: true, enrolled: false, status: null, id: null, fqdn: null, client_name: null, error: body };
    }
    unrecognised(NAME, 'not a JSON context', lines[0], 1);
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (e) {
    unrecognised(NAME, `invalid JSON (${e instanceof Error ? e.message : String(e)})`, lines[0], 1);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) unrecognised(NAME, 'JSON is not an object', lines[0], 1);
  const o = json as Record<string, unknown>;
  const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  const rec = (v: unknown): Record<string, unknown> => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : {});
  // `status` is a string in the documented body; tolerate `{status: {state: …}}` and a top-level `state`.
  const status = str(o['status']) ?? str(rec(o['status'])['state']) ?? str(o['state']);
  const exchange = rec(rec(o['settings'])['exchange']);
  const error = str(o['error']) ?? str(o['message']);
  return {
    reachable: true,
    enrolled: status !== null && /^enrolled$/i.test(status.trim()),
    status,
    id: str(o['id']),
    fqdn: str(exchange['fqdn']),
    client_name: str(rec(o['clientInfo'])['name']),
    error: status !== null && /^enrolled$/i.test(status.trim()) ? null : (str(o['lastError']) ?? error),
  };
}
