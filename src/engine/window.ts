// `--window HH:MM-HH:MM`: the local-time maintenance window outside which no fix may start.
import { UsageError } from '../errors.js';

/** A daily maintenance window in local time. */
export interface MaintenanceWindow {
  /** Whether a fix may start at this instant (default: the injected clock's now). */
  allowsFixNow(now?: Date): boolean;
  /** When the window that is open at `now` closes; when it is shut, when the next window closes. */
  closesAt(now?: Date): Date;
  /** When the next window opens (`now` itself when it is open). */
  opensAt(now?: Date): Date;
  /** For messages: "22:00-02:00 local time (crosses midnight)". */
  describe(): string;
}

export interface WindowOptions {
  /** The clock; injectable for tests. */
  now?: () => Date;
}

function secondsOfDay(d: Date): number {
  return d.getHours() * 3600 + d.getMinutes() * 60 + d.getSeconds() + d.getMilliseconds() / 1000;
}

// The local instant at `minutes` past midnight of `base`'s day plus `dayOffset` days. Built with setHours
// (not by adding milliseconds) so that a DST change inside the window lands on the wall-clock time.
function atMinutes(base: Date, minutes: number, dayOffset: number): Date {
  const d = new Date(base.getTime());
  d.setDate(d.getDate() + dayOffset);
  d.setHours(Math.floor(minutes / 60), minutes % 60, 0, 0);
  return d;
}

function parseClock(text: string, spec: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (!m) throw new UsageError(`--window ${spec}: expected HH:MM-HH:MM (24-hour local time), e.g. 22:00-02:30`);
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 23 || min > 59) throw new UsageError(`--window ${spec}: ${text} is not a time of day (00:00 to 23:59)`);
  return h * 60 + min;
}

function pad(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Parse and validate `HH:MM-HH:MM`; a start after the end means the window crosses midnight. Throws UsageError. */
export function parseWindow(spec: string, options: WindowOptions = {}): MaintenanceWindow {
  const clock = options.now ?? (() => new Date());
  const parts = spec.trim().split('-');
  if (parts.length !== 2) throw new UsageError(`--window ${spec}: expected HH:MM-HH:MM (24-hour local time), e.g. 22:00-02:30`);
  const start = parseClock((parts[0] as string).trim(), spec);
  const end = parseClock((parts[1] as string).trim(), spec);
  // Equal ends are ambiguous (an empty window or a whole day); neither is a useful thing to ask for.
  if (start === end) throw new UsageError(`--window ${spec}: start and end are the same; give a window like 22:00-02:00`);
  const crosses = start > end;
  const startS = start * 60;
  const endS = end * 60;

  const isOpen = (now: Date): boolean => {
    const s = secondsOfDay(now);
    return crosses ? s >= startS || s < endS : s >= startS && s < endS;
  };

  return {
    allowsFixNow(now = clock()): boolean {
      return isOpen(now);
    },
    closesAt(now = clock()): Date {
      // Before today's end time the close is today (for a window crossing midnight: we are in its part
      // after midnight); after it, the next close is tomorrow's.
      return atMinutes(now, end, secondsOfDay(now) < endS ? 0 : 1);
    },
    opensAt(now = clock()): Date {
      if (isOpen(now)) return new Date(now.getTime());
      const s = secondsOfDay(now);
      return atMinutes(now, start, s < startS ? 0 : 1);
    },
    describe(): string {
      return `${pad(start)}-${pad(end)} local time${crosses ? ' (crosses midnight)' : ''}`;
    },
  };
}
