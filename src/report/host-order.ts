// The order a person expects hosts in, whatever order they ran in: natural order of their names, so ftd-2 comes
// before ftd-10 and ftd-001, ftd-002 … read top-down (a run works batch by batch, interleaving names).
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' });

/** Compare two host names naturally (digit runs as numbers); ties broken by plain code-unit order, so it is total. */
export function compareHostNames(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** A copy of the hosts in natural name order. */
export function inHostOrder<T extends { name: string }>(hosts: readonly T[]): T[] {
  return [...hosts].sort((x, y) => compareHostNames(x.name, y.name));
}
