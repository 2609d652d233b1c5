// The end-of-run recap: one row per host with its status and its steps counted per outcome, then the totals.
import type { HostResult, RunResult, StepStatus } from '../engine/results.js';
import { inHostOrder } from './host-order.js';

const COLUMNS = ['ok', 'changed', 'pending', 'action_required', 'failed', 'unreachable', 'skipped'] as const;
type Column = (typeof COLUMNS)[number];

/** Per host: how many of its steps (loop items count one each) ended in each outcome; an unreachable host counts once. */
export function recapCounts(h: HostResult): Record<Column, number> {
  const counts: Record<Column, number> = { ok: 0, changed: 0, pending: 0, action_required: 0, failed: 0, unreachable: 0, skipped: 0 };
  if (h.status === 'unreachable') counts.unreachable = 1;
  else if (h.steps.length === 0 && h.status === 'failed') counts.failed = 1;
  for (const s of h.steps) counts[s.status as StepStatus] += 1;
  return counts;
}

/** The recap as plain text: a table of hosts (natural name order) × step outcomes, a total row, and the hosts counted by status. */
export function formatRecap(result: RunResult): string {
  const header = ['host', 'status', ...COLUMNS];
  const hosts = inHostOrder(result.hosts);
  const counts = hosts.map(recapCounts);
  const rows = hosts.map((h, i) => [h.name, h.status, ...COLUMNS.map((k) => String((counts[i] as Record<Column, number>)[k]))]);
  const total = ['TOTAL', `${hosts.length} hosts`, ...COLUMNS.map((k) => String(counts.reduce((n, c) => n + c[k], 0)))];
  const table = [header, ...rows, total];
  const widths = header.map((_, i) => Math.max(...table.map((r) => (r[i] as string).length)));
  const line = (r: string[]): string =>
    r
      .map((cell, i) => (i < 2 ? cell.padEnd(widths[i] as number) : cell.padStart(widths[i] as number)))
      .join('  ')
      .trimEnd();
  const flags = [result.mode, ...(result.interrupted ? ['interrupted'] : []), ...(result.stoppedEarly ? [`stopped early: ${result.stoppedEarly}`] : [])];
  const s = result.summary;
  return [`RECAP (${flags.join(', ')})`, ...table.map(line), `hosts by status: ${COLUMNS.map((k) => `${k}=${s[k]}`).join(' ')}`].join('\n') + '\n';
}
