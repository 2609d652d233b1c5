// One HTTPS exchange with an FMC, as data: status, headers and body text; every failure a TransportError with a
// stable code naming the host (refused, timed out, DNS, an untrusted certificate, a dropped connection).
import { request } from 'node:https';
import type { Agent } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import { TransportError } from '../../errors.js';
import type { TransportErrorCode } from '../../errors.js';
import { noDelay } from './tls.js';
import { CONNECT_HEADLINE, DNS_CODES } from '../socket-errors.js';

/** One request, the path already carrying its query string. */
export interface HttpRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

/** One response: the body as text (JSON is parsed by the caller). */
export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/** Where a request goes and how failures name it. */
export interface HttpEndpoint {
  name: string;
  host: string;
  port: number;
  agent: Agent;
}

/** A response larger than this is refused (an FMC page of 1000 expanded devices is a few MB). */
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

const CERT_CODE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|HOSTNAME_MISMATCH|INVALID_CA|ALTNAME/;

/** Which stable code a Node socket/TLS error means. */
export function classifyHttpError(err: unknown): TransportErrorCode {
  const code = typeof err === 'object' && err !== null ? String((err as { code?: unknown }).code ?? '') : '';
  if (CERT_CODE.test(code)) return 'E_TLS_CERT';
  if (code === 'ECONNREFUSED' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'E_CONNECT_REFUSED';
  if (DNS_CODES.has(code)) return 'E_DNS';
  if (code === 'ETIMEDOUT') return 'E_CONNECT_TIMEOUT';
  return 'E_DISCONNECTED';
}


function failure(ep: HttpEndpoint, req: HttpRequest, code: TransportErrorCode, detail: string, cause?: unknown): TransportError {
  const advice = code === 'E_TLS_CERT' ? '; give the CA that signed it with firemend_ca_file' : '';
  return new TransportError(code, `${ep.name} (${ep.host}:${ep.port}): ${req.method} ${req.path.split('?')[0] ?? ''}: ${code === 'E_TLS_CERT' ? 'the FMC certificate is not trusted' : (CONNECT_HEADLINE[code] ?? 'request failed')} (${detail})${advice}`, { host: ep.name, cause });
}

/** Send one request and read the whole response. */
export function sendHttp(ep: HttpEndpoint, req: HttpRequest): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    let connected = false;
    const r = request({ host: ep.host, port: ep.port, method: req.method, path: req.path, headers: req.headers, agent: ep.agent, servername: isIp(ep.host) ? undefined : ep.host });
    const timer = setTimeout(() => {
      const code: TransportErrorCode = connected ? 'E_COMMAND_TIMEOUT' : 'E_CONNECT_TIMEOUT';
      r.destroy(failure(ep, req, code, `no answer within ${req.timeoutMs} ms`));
    }, req.timeoutMs);
    r.on('socket', (socket) => {
      noDelay(socket);
      // A pooled socket is already connected; a new one says so when its TLS session is up.
      if (!socket.connecting) connected = true;
      else socket.once('secureConnect', () => (connected = true));
    });
    r.on('error', (err) => {
      clearTimeout(timer);
      reject(err instanceof TransportError ? err : failure(ep, req, classifyHttpError(err), (err as NodeJS.ErrnoException).code ?? err.message, err));
    });
    r.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_RESPONSE_BYTES) {
          r.destroy(failure(ep, req, 'E_COMMAND', `response larger than ${MAX_RESPONSE_BYTES / 1048576} MiB`));
          return;
        }
        chunks.push(c);
      });
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', (err) => {
        clearTimeout(timer);
        reject(err instanceof TransportError ? err : failure(ep, req, 'E_DISCONNECTED', err.message, err));
      });
    });
    if (req.body !== undefined) r.write(req.body);
    r.end();
  });
}

function isIp(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}
