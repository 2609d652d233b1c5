// FMC collection pages. The layout follows the sandbox recordings (nickrusso42518/postman): `links.self` carries
// `offset` and `limit`; `paging` is {offset, limit, count, next, pages}, where `next` lists the URLs of up to four
// following pages (the recording with count 330 and limit 10 lists offsets 10-40) and is absent on the last page;
// an empty collection is `{"links":{},"paging":{"offset":0,"limit":0,"count":0,"pages":0}}` with no `items` key.
import { fmcError, ok, type FmcResponse } from './responses.js';

/** The FMC's default page size when `limit` is not given. */
const DEFAULT_LIMIT = 25;
/** The largest page an FMC serves (fireREST API_PAGING_LIMIT). */
const MAX_LIMIT = 1000;
const NEXT_LINKS = 4;

/** How a collection request is paged: its URL without query, the other query parameters, and the server's cap. */
export interface PageRequest {
  /** `https://host:port/api/...` without the query string. */
  url: string;
  query: URLSearchParams;
  /** The most items this server puts on one page (MAX_LIMIT, or less in tests). */
  pageCap: number;
}

function whole(value: string | null, name: string): number | undefined | Error {
  if (value === null) return undefined;
  if (!/^\d+$/.test(value)) return new Error(`Invalid value '${value}' for the query parameter ${name}.`);
  return Number(value);
}

/** One page of `items` as the FMC answers it, or 400 for a malformed `offset`/`limit`. */
export function pageOf(items: readonly unknown[], request: PageRequest): FmcResponse {
  const offsetArg = whole(request.query.get('offset'), 'offset');
  const limitArg = whole(request.query.get('limit'), 'limit');
  if (offsetArg instanceof Error) return fmcError(400, offsetArg.message);
  if (limitArg instanceof Error) return fmcError(400, limitArg.message);
  if (items.length === 0) return ok({ links: {}, paging: { offset: 0, limit: 0, count: 0, pages: 0 } });
  const offset = offsetArg ?? 0;
  const limit = Math.max(1, Math.min(limitArg ?? DEFAULT_LIMIT, MAX_LIMIT, request.pageCap));
  const link = (at: number): string => {
    const q = new URLSearchParams(request.query);
    q.delete('offset');
    q.delete('limit');
    const rest = q.toString();
    return `${request.url}?offset=${at}&limit=${limit}${rest === '' ? '' : `&${rest}`}`;
  };
  const count = items.length;
  const pages = Math.ceil(count / limit);
  const next: string[] = [];
  for (let at = offset + limit; at < count && next.length < NEXT_LINKS; at += limit) next.push(link(at));
  const page = items.slice(offset, offset + limit);
  return ok({
    links: { self: link(offset) },
    ...(page.length > 0 ? { items: page } : {}),
    paging: { offset, limit, count, ...(next.length > 0 ? { next } : {}), pages },
  });
}
