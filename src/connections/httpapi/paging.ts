// FMC collections: `limit`/`offset` paging, asked for in pages of 1000 (the FMC's maximum), each answer's
// `paging.next[0]` followed until it is absent. An empty collection may have no `items` key at all
// (`{"links":{},"paging":{"offset":0,"limit":0,"count":0,"pages":0}}`, recorded in nickrusso42518/postman).

/** The FMC's largest page. */
export const MAX_PAGE_SIZE = 1000;

/** The `paging` block of one answer, as far as we use it. */
export interface Paging {
  offset?: number;
  limit?: number;
  count?: number;
  pages?: number;
  next?: string[];
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Whether an answer is one page of a collection (it has a `paging` block). */
export function isCollectionPage(body: unknown): body is Record<string, unknown> & { paging: Paging } {
  return isMap(body) && isMap(body.paging);
}

/** The items of one page ([] when the key is absent, as for an empty collection). */
export function pageItems(body: unknown): unknown[] {
  return isMap(body) && Array.isArray(body.items) ? body.items : [];
}

/**
 * The query of a GET with the page size added: `limit` set unless the step set it. Paging is followed only when
 * the step did not ask for a page itself (no `offset`).
 */
export function pagedQuery(query: Record<string, string> | undefined, pageSize: number): { query: Record<string, string>; follow: boolean } {
  const q = { ...(query ?? {}) };
  const follow = q.offset === undefined;
  if (q.limit === undefined) q.limit = String(Math.min(pageSize, MAX_PAGE_SIZE));
  return { query: q, follow };
}

/**
 * The path and query of the next page, from `paging.next[0]`. The FMC writes it as an absolute URL with the
 * name it knows itself by (which may not be the one we reach it by): only its path and query are used, and only
 * when the path is the one we asked for (a link elsewhere is not followed).
 */
export function nextPagePath(body: unknown, requestedPath: string): string | undefined {
  if (!isCollectionPage(body)) return undefined;
  const next = body.paging.next;
  if (!Array.isArray(next) || typeof next[0] !== 'string' || next[0] === '') return undefined;
  let url: URL;
  try {
    url = new URL(next[0], 'https://fmc.invalid');
  } catch {
    return undefined;
  }
  if (url.pathname !== requestedPath) return undefined;
  return `${url.pathname}${url.search}`;
}

/** `path?query`, the query encoded. */
export function withQuery(path: string, query: Record<string, string> | undefined): string {
  const entries = Object.entries(query ?? {});
  if (entries.length === 0) return path;
  return `${path}?${new URLSearchParams(entries).toString()}`;
}
