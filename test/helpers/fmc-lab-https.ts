// A minimal HTTPS client for tests of the lab FMC: one request, the answer as data (status, headers, parsed body).
import { request } from 'node:https';

export interface HttpsAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
}

export interface HttpsRequest {
  port: number;
  method: string;
  path: string;
  /** CA to trust; undefined: the system store (the lab CA is then untrusted). */
  ca?: string;
  headers?: Record<string, string>;
  body?: unknown;
  minVersion?: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
  maxVersion?: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
}

/** Send one request to 127.0.0.1:port; rejects on TLS or socket errors. */
export function httpsCall(r: HttpsRequest): Promise<HttpsAnswer> {
  const payload = r.body === undefined ? undefined : typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: r.port,
        method: r.method,
        path: r.path,
        ...(r.ca !== undefined ? { ca: r.ca } : {}),
        ...(r.minVersion !== undefined ? { minVersion: r.minVersion } : {}),
        ...(r.maxVersion !== undefined ? { maxVersion: r.maxVersion } : {}),
        agent: false,
        headers: { ...(payload !== undefined ? { 'Content-Type': 'application/json' } : {}), ...(r.headers ?? {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text === '' ? undefined : JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Basic auth header value. */
export function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}
