// The FMC's error body, `{"error":{"category":"FRAMEWORK","messages":[{"description":"…"}],"severity":"ERROR"}}`
// (recorded in nickrusso42518/postman, test/fixtures/real/fmc), turned into one line for reports.

/** The descriptions of an FMC error body joined with '; ', or undefined when the body is not one. */
export function fmcErrorDescription(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const error = (body as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null) return undefined;
  const messages = (error as { messages?: unknown }).messages;
  if (!Array.isArray(messages)) return undefined;
  const texts = messages
    .map((m) => (typeof m === 'object' && m !== null ? (m as { description?: unknown }).description : undefined))
    .filter((d): d is string => typeof d === 'string' && d.trim() !== '');
  return texts.length > 0 ? texts.join('; ') : undefined;
}

/** One line for a 4xx/5xx answer: `HTTP 400: <the FMC's description>` (or the start of a non-JSON body). */
export function httpErrorLine(status: number, body: unknown, text: string): string {
  const described = fmcErrorDescription(body);
  if (described !== undefined) return `HTTP ${status}: ${described}`;
  const start = text.trim().replace(/\s+/g, ' ').slice(0, 200);
  return start === '' ? `HTTP ${status}` : `HTTP ${status}: ${start}`;
}
