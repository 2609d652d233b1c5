// `--max-age D`: a duration like `90s`, `30m`, `24h`, `2d` (a bare number is seconds).
import { UsageError } from '../errors.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds of a duration such as `90s`, `30m`, `24h`, `2d`; throws UsageError otherwise. */
export function parseDuration(text: string, flag = '--max-age'): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(text);
  if (!m) throw new UsageError(`${flag} must be a duration like 90s, 30m, 24h or 2d (got '${text}')`);
  const ms = Number(m[1]) * (UNIT_MS[m[2] ?? 's'] as number);
  if (!(ms > 0)) throw new UsageError(`${flag} must be greater than zero (got '${text}')`);
  return ms;
}

/** A duration for people: `1h 05m`, `42s`, `850ms`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d ${String(h % 24).padStart(2, '0')}h`;
}
