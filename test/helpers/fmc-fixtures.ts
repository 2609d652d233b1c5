// The recorded FMC responses under test/fixtures/real/fmc (see SOURCES.md), read as data.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CannedAnswer } from './fmc-test-server.js';

const dir = fileURLToPath(new URL('../fixtures/real/fmc/', import.meta.url));

/** One response of the postman collection: its status, headers and body as recorded. */
export interface RecordedResponse {
  name: string;
  code: number;
  status: string;
  header: { key: string; value: string }[];
  body: string;
}

export function recorded(file: string): RecordedResponse {
  return JSON.parse(readFileSync(`${dir}${file}`, 'utf8')) as RecordedResponse;
}

export function fixtureText(file: string): string {
  return readFileSync(`${dir}${file}`, 'utf8');
}

// Headers that describe the recorded transfer, not the answer (the body is replayed uncompressed, whole).
const TRANSFER = new Set(['content-encoding', 'transfer-encoding', 'content-length', 'connection', 'keep-alive']);

/** A recorded response as the test server's answer. */
export function replay(r: RecordedResponse): CannedAnswer {
  const headers: Record<string, string> = {};
  for (const h of r.header) if (!TRANSFER.has(h.key.toLowerCase())) headers[h.key] = h.value;
  return { status: r.code, headers, ...(r.body !== '' ? { body: r.body } : {}) };
}

export function recordedHeader(r: RecordedResponse, key: string): string | undefined {
  return r.header.find((h) => h.key.toLowerCase() === key.toLowerCase())?.value;
}
