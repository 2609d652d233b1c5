// What a lab FMC handler answers, as data: status, headers, JSON body. The error body is the FMC's FRAMEWORK shape
// recorded on the DevNet sandbox (nickrusso42518/postman, FMC-API.md §1e):
// {"error":{"category":"FRAMEWORK","messages":[{"description":"…"}],"severity":"ERROR"}}.

/** One answer of the lab FMC. `body` undefined means no body (the 204 of generatetoken). */
export interface FmcResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** An FMC error answer with the FRAMEWORK error body. */
export function fmcError(status: number, description: string, headers?: Record<string, string>): FmcResponse {
  return {
    status,
    ...(headers !== undefined ? { headers } : {}),
    body: { error: { category: 'FRAMEWORK', messages: [{ description }], severity: 'ERROR' } },
  };
}

/** A 200 answer with a JSON body. */
export function ok(body: unknown): FmcResponse {
  return { status: 200, body };
}
