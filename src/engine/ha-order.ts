// The order of an HA pair's units in a play that can reboot: the Standby unit first, so the pair fails over once
// (when the Active unit finally reboots) instead of twice. Learnt before the batches are planned, from one unit's
// `show failover`; a unit that cannot be asked leaves the inventory order (the reboot guard still protects).
import type { HostResult } from './results.js';

/** One pair as ordered: `first` is the unit found Standby, `second` the Active one. */
export interface HaPairOrder {
  first: string;
  second: string;
}

/** Ask one unit of a pair what it and its mate are: states as LINA prints them, or undefined when it cannot tell. */
export type FailoverProbe = (host: string) => Promise<{ self: string | null; mate: string | null } | undefined>;

/**
 * `hosts` with each pair (both units present, linked by `mates`) reordered so that the unit found Standby Ready
 * comes first; with the pairs found. Probes the earlier unit of each pair only.
 */
export async function orderPairsStandbyFirst<T extends { name: string }>(hosts: readonly T[], mates: ReadonlyMap<string, string>, probe: FailoverProbe): Promise<{ hosts: T[]; pairs: HaPairOrder[] }> {
  const out = [...hosts];
  const index = new Map(out.map((h, i) => [h.name, i]));
  const pairs: HaPairOrder[] = [];
  const done = new Set<string>();
  const asks = out
    .filter((h) => {
      const mate = mates.get(h.name);
      if (mate === undefined || !index.has(mate) || done.has(h.name)) return false;
      done.add(h.name).add(mate);
      return true;
    })
    .map(async (h) => ({ unit: h.name, mate: mates.get(h.name) as string, view: await probe(h.name) }));
  for (const { unit, mate, view } of await Promise.all(asks)) {
    if (view?.self === 'Active' && view.mate === 'Standby Ready') {
      const a = index.get(unit) as number;
      const b = index.get(mate) as number;
      [out[a], out[b]] = [out[b] as T, out[a] as T];
      pairs.push({ first: mate, second: unit });
    } else if (view?.self === 'Standby Ready' && view.mate === 'Active') {
      pairs.push({ first: unit, second: mate });
    }
  }
  return { hosts: out, pairs };
}

/** The plan's sentence for a pair whose units both have a reboot pending (or may have one). */
export function haOrderLines(pairs: readonly HaPairOrder[], hosts: readonly HostResult[]): string[] {
  const reboots = (name: string): boolean => hosts.some((h) => h.name === name && h.steps.some((s) => s.status === 'pending' && s.fix?.reboot === true));
  const lines: string[] = [];
  for (const { first, second } of pairs) {
    if (reboots(first) && reboots(second)) lines.push(`reboots ${first} (standby) first, then ${second} once ${first} is Standby Ready`);
    else if (reboots(second)) lines.push(`reboots ${second} (active) only once ${first} is Standby Ready`);
  }
  return lines;
}
