// The items of an FMC REST collection as an api check shows it (the response body as JSON, every page joined into
// `items` by the httpapi connection). An empty collection has no `items` key (FMC-API.md §1d): that is no items,
// not an unknown. Anything that is not a JSON object is refused.
import { unrecognised } from './text.js';

/** The collection's items (objects only; other entries refused), [] for a collection without `items`. */
export function fmcItems(parser: string, text: string): Record<string, unknown>[] {
  const body = text.trim();
  if (!body.startsWith('{')) unrecognised(parser, 'not an FMC JSON response', body.split('\n')[0], 1);
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (e) {
    unrecognised(parser, `invalid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) unrecognised(parser, 'the JSON is not an object');
  const o = json as Record<string, unknown>;
  if ('error' in o) unrecognised(parser, 'the FMC answered with an error object, not a collection');
  if (!('items' in o)) {
    if (typeof o['paging'] === 'object' && o['paging'] !== null) return [];
    unrecognised(parser, 'neither items nor paging: not an FMC collection');
  }
  const items = o['items'];
  if (!Array.isArray(items)) unrecognised(parser, '`items` is not a list');
  return items.map((item, i) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) unrecognised(parser, `items[${i}] is not an object`);
    return item as Record<string, unknown>;
  });
}

/** A non-empty string field, or null. */
export function textField(o: Record<string, unknown>, key: string): string | null {
  const v = o[key];
  return typeof v === 'string' && v !== '' ? v : null;
}
