// The ideal wall time of a run on a lab with device timing, from the delays the lab itself recorded
// (`firemend lab --timing-out`): what a tool that costs nothing could do against those devices.
import { readFileSync } from 'node:fs';
import { round } from './stats.mjs';

/**
 * From a lab's timing ledger and a run's host order: the slowest device's critical path, the issue's ideal
 * (slowest × ⌈N/F⌉), the pool ideal (the devices' critical paths scheduled in run order on F slots, each slot
 * taking the next device as soon as it is free, as firemend's forks do) and the lower bound max(slowest, Σ/F).
 */
export function idealFromLedger(ledgerPath, hostOrder, forks) {
  const ledger = JSON.parse(readFileSync(ledgerPath, 'utf8'));
  const crit = new Map(ledger.devices.map((d) => [d.device, d.criticalMs]));
  const order = hostOrder.filter((h) => crit.has(h));
  const paths = order.map((h) => crit.get(h));
  const n = paths.length;
  const slowest = Math.max(...paths);
  const sum = paths.reduce((a, b) => a + b, 0);
  // Greedy pool: F slots; each next device goes to the slot that frees first.
  const slots = new Array(Math.min(forks, n)).fill(0);
  for (const p of paths) {
    let i = 0;
    for (let j = 1; j < slots.length; j++) if (slots[j] < slots[i]) i = j;
    slots[i] += p;
  }
  const sorted = [...paths].sort((a, b) => a - b);
  const q = (p) => sorted[Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1))];
  const answers = ledger.devices.reduce((a, d) => a + d.answers, 0);
  return {
    profile: ledger.profile,
    rtt_ms: ledger.rttMs,
    devices: n,
    answers_total: answers,
    critical_path_ms: { p50: q(50), p95: q(95), max: slowest, mean: round(sum / n, 1) },
    ideal_s: round((slowest * Math.ceil(n / forks)) / 1000),
    pool_ideal_s: round(Math.max(...slots) / 1000),
    lower_bound_s: round(Math.max(slowest, sum / forks) / 1000),
  };
}
