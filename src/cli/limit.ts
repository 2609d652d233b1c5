// `-l/--limit` for run, apply and inventory: the hosts a pattern (or an `@file` of patterns) selects.
// A limit file's content is never quoted in an error: a password file given by mistake as `-l @file` must not
// be echoed to the terminal (or to a CI log).
import { PatternError, resolveLimitPattern, selectHosts } from '../inventory/host-patterns.js';
import type { Inventory, InventoryHost } from '../inventory/model.js';

/** The hosts `limit` selects, in inventory order; PatternError (exit 1) when it selects none or is malformed. */
export async function selectLimit(inv: Inventory, limit: string): Promise<InventoryHost[]> {
  const pattern = await resolveLimitPattern(limit);
  if (!limit.startsWith('@')) return selectHosts(inv, pattern);
  try {
    return selectHosts(inv, pattern);
  } catch (err) {
    if (!(err instanceof PatternError)) throw err;
    throw new PatternError(
      `limit file '${limit.slice(1)}' selects no hosts or holds a malformed pattern (its lines are not shown, in case it is not the file you meant; check it with: firemend inventory -i INVENTORY -l PATTERN)`,
    );
  }
}
