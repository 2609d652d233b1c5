// `pmtool status` (root), whole or filtered through `grep`: one `NAME (class) - State [pid]` line per
// daemon, followed by attribute lines (`Command:`, `PID File:` …) that this parser recognises but does not
// keep, since under `grep` they may belong to another daemon (FTD-CLI.md §5).
import type { Facts } from './index.js';
import { shellError, toInt, toLines, unrecognised } from './text.js';

const NAME = 'pmtool_status';
// `NAME (class[,class…]) - State [pid]`; classes come comma-separated (`(system,gui,mysql)`), names may
// carry instance suffixes (snort instances). A scheduled task reads `- Period N - Next run <when>`.
const DAEMON = /^([A-Za-z0-9_.+:@-]+) \(([A-Za-z0-9_,-]+)\) - (.+)$/;
const STATE_PID = /^(.*?)(?:\s+(\d+))?$/;
const SCHEDULE = /^Period (\d+) - Next run (.+)$/;
const ATTRIBUTE = /^[A-Z][A-Za-z /()-]*:(?:\s.*)?$/;
const ENV = /^[A-Za-z_][A-Za-z0-9_]*=/;
const PREAMBLE = /^(Received status \(\d+\):|Global Environment:|Daemons:|--)$/;

export interface PmtoolProcess {
  class: string;
  classes: string[];
  /** The state word(s) pmtool printed (`Running`, `User Disabled`, `Waiting` …); null for a scheduled task, which has none. */
  state: string | null;
  pid: number | null;
  /** Scheduled tasks only: the period in seconds and the next run as printed. */
  period_s?: number;
  next_run?: string;
}

/** Parse `pmtool status` (or a grep of it) into `{processes: {NAME: {class, state, pid}}}`. Empty text: no process matched. */
export function parsePmtoolStatus(text: string): Facts {
  const lines = toLines(text);
  const error = shellError(lines);
  if (error !== undefined) unrecognised(NAME, 'pmtool did not run', error);
  const processes: Record<string, PmtoolProcess> = {};
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || PREAMBLE.test(line) || ENV.test(line)) return;
    const d = DAEMON.exec(line);
    if (d !== null) {
      const rest = (d[3] ?? '').trim();
      const cls = d[2] ?? '';
      const classes = cls.split(',').filter((c) => c !== '');
      const sched = SCHEDULE.exec(rest);
      if (sched !== null) {
        processes[d[1] ?? ''] = { class: cls, classes, state: null, pid: null, period_s: Number(sched[1]), next_run: (sched[2] ?? '').trim() };
        return;
      }
      const sp = STATE_PID.exec(rest);
      processes[d[1] ?? ''] = { class: cls, classes, state: sp?.[1] ?? '', pid: toInt(sp?.[2]) };
      return;
    }
    if (ATTRIBUTE.test(line)) return;
    unrecognised(NAME, 'unrecognised line', raw, i + 1);
  });
  return { processes };
}
