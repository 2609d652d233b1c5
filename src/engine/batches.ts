// `serial:` → batch sizes, the way Ansible reads it: counts or percentages of the play's hosts, the last one repeating.

/** Sizes of the consecutive batches for `hostCount` hosts; an empty `serial` means one batch of every host. */
export function batchSizes(serial: readonly (number | string)[], hostCount: number): number[] {
  if (hostCount <= 0) return [];
  if (serial.length === 0) return [hostCount];
  const wanted = serial.map((s) => sizeOf(s, hostCount));
  const sizes: number[] = [];
  let left = hostCount;
  let i = 0;
  while (left > 0) {
    // The last size repeats until every host has a batch (Ansible's rule).
    const size = Math.min(wanted[Math.min(i, wanted.length - 1)] ?? hostCount, left);
    sizes.push(size);
    left -= size;
    i += 1;
  }
  return sizes;
}

// One `serial` entry as a host count: percentages round down but never below one host; 0 means "all".
function sizeOf(entry: number | string, hostCount: number): number {
  const text = String(entry).trim();
  const pct = /^(\d+(?:\.\d+)?)\s*%$/.exec(text);
  if (pct) {
    const n = Math.floor((Number(pct[1]) / 100) * hostCount);
    return Math.max(1, n);
  }
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) throw new RangeError(`serial: '${text}' is neither a count nor a percentage`);
  return n === 0 ? hostCount : Math.max(1, Math.floor(n));
}
