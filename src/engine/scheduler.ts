// Which hosts run together: serial batches, HA peers kept apart when the play can reboot, and a forks limiter.
import { batchSizes } from './batches.js';

/** Names of HA peers per host, both directions (declaring `ha_peer` on one unit is enough). */
export function haPeers(hosts: readonly { name: string; vars: Record<string, unknown> }[]): Map<string, Set<string>> {
  const peers = new Map<string, Set<string>>();
  const link = (a: string, b: string): void => {
    if (a === b) return;
    let s = peers.get(a);
    if (!s) peers.set(a, (s = new Set()));
    s.add(b);
  };
  for (const h of hosts) {
    const peer = h.vars['ha_peer'];
    if (typeof peer === 'string' && peer !== '') {
      link(h.name, peer);
      link(peer, h.name);
    }
  }
  return peers;
}

/**
 * The play's batches in order. With `separatePeers`, two hosts linked by `ha_peer` never share a batch:
 * a host whose peer is already in the batch waits for the next one (the batch closes short rather than
 * mixing a pair), so both units of a pair are never rebooted at the same time.
 */
export function planBatches<T extends { name: string; vars: Record<string, unknown> }>(
  hosts: readonly T[],
  serial: readonly (number | string)[],
  separatePeers: boolean,
): T[][] {
  const sizes = batchSizes(serial, hosts.length);
  const peers = separatePeers ? haPeers(hosts) : new Map<string, Set<string>>();
  const queue = [...hosts];
  const batches: T[][] = [];
  let b = 0;
  while (queue.length > 0) {
    const size = sizes[Math.min(b, sizes.length - 1)] ?? queue.length;
    const batch: T[] = [];
    const names = new Set<string>();
    for (let i = 0; i < queue.length && batch.length < size; ) {
      const h = queue[i] as T;
      const clash = [...(peers.get(h.name) ?? [])].some((p) => names.has(p));
      if (clash) {
        i += 1;
        continue;
      }
      batch.push(h);
      names.add(h.name);
      queue.splice(i, 1);
    }
    batches.push(batch);
    b += 1;
  }
  return batches;
}

/** At most `limit` tasks at once; the rest wait in FIFO order. One task's rejection never affects another. */
export class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private peak = 0;

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`forks must be a positive integer, got ${limit}`);
  }

  /** The most tasks that ever ran at once (for tests and the recap). */
  get maxActive(): number {
    return this.peak;
  }

  /** Run `task` when a slot is free. */
  async run<R>(task: () => Promise<R>): Promise<R> {
    // A finishing task hands its slot straight to the next waiter, so a newcomer can never squeeze in between.
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active += 1;
    this.peak = Math.max(this.peak, this.active);
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active -= 1;
    }
  }
}
