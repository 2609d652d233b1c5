// Step ids for people: a loop's items written once, `cloud-reachable[0-4]` rather than five ids.

/** Join step result ids, folding adjacent items of one loop into `id[0-4]` (or `id[0-2,5]`). */
export function compactIds(ids: readonly string[]): string {
  const groups: { base: string; items: number[] | undefined }[] = [];
  for (const id of ids) {
    const m = /^(.*)\[(\d+)\]$/.exec(id);
    const last = groups[groups.length - 1];
    if (m === null) {
      groups.push({ base: id, items: undefined });
    } else if (last?.items !== undefined && last.base === m[1]) {
      last.items.push(Number(m[2]));
    } else {
      groups.push({ base: m[1] as string, items: [Number(m[2])] });
    }
  }
  return groups.map((g) => (g.items === undefined ? g.base : `${g.base}[${ranges(g.items)}]`)).join(', ');
}

// 0,1,2,4 → "0-2,4"; a pair stays a range too (0-1), which reads as "both".
function ranges(items: number[]): string {
  const out: string[] = [];
  let start = items[0] as number;
  let prev = start;
  for (const n of [...items.slice(1), Number.NaN]) {
    if (n === prev + 1) {
      prev = n;
      continue;
    }
    out.push(start === prev ? String(start) : `${start}-${prev}`);
    start = n;
    prev = n;
  }
  return out.join(',');
}
