// The journal folder: read journals back (a crash may leave a torn last line), tell each run's state, and prune
// old journals by count and age. Whether a process is alive is asked of the caller (only the CLI sees processes).
import { readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { JournalRecord, RunEndRecord, RunStartRecord } from './records.js';

/** Journals kept by default: the newest 100 … */
const DEFAULT_KEEP_RUNS = 100;
/** … and none older than 30 days. */
const DEFAULT_MAX_AGE_MS = 30 * 86_400_000;

/** `running` while its process lives; `crashed` when the process is gone without an end record. */
export type RunState = 'running' | 'completed' | 'interrupted' | 'crashed';

/** Whether the process that wrote a journal still runs (false when it is known to be gone). */
/** Whether the process that wrote a journal still runs, judged from its run_start record (pid, host, start time). */
export type IsAlive = (start: RunStartRecord) => boolean;

export interface RunInfo {
  id: string;
  path: string;
  /** Undefined for a file whose first record is unreadable (not a firemend journal, or cut at its very start). */
  start?: RunStartRecord;
  end?: RunEndRecord;
  state: RunState;
  records: JournalRecord[];
}

/** The records of a journal file; a line that does not parse (the torn tail of a crash) ends the reading. */
export function readJournal(path: string): JournalRecord[] {
  const out: JournalRecord[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      out.push(JSON.parse(line) as JournalRecord);
    } catch {
      break;
    }
  }
  return out;
}

/** The state of a run from its records. */
function runState(records: readonly JournalRecord[], isAlive: IsAlive): RunState {
  const end = records.find((r): r is RunEndRecord => r.type === 'run_end');
  if (end) return end.interrupted ? 'interrupted' : 'completed';
  const start = records.find((r): r is RunStartRecord => r.type === 'run_start');
  if (start && isAlive(start)) return 'running';
  return 'crashed';
}

function journalIds(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return names.filter((n) => n.endsWith('.jsonl')).map((n) => n.slice(0, -'.jsonl'.length));
}

/** Every run of the folder, newest first (run ids sort by start time). */
export function listRuns(dir: string, isAlive: IsAlive): RunInfo[] {
  const runs: RunInfo[] = [];
  for (const id of journalIds(dir).sort().reverse()) {
    const path = join(dir, `${id}.jsonl`);
    let records: JournalRecord[];
    try {
      records = readJournal(path);
    } catch {
      continue; // removed by a concurrent prune
    }
    const start = records[0]?.type === 'run_start' ? records[0] : undefined;
    const end = records.find((r): r is RunEndRecord => r.type === 'run_end');
    runs.push({ id, path, ...(start ? { start } : {}), ...(end ? { end } : {}), state: runState(records, isAlive), records });
  }
  return runs;
}

/** A run by id, unique id prefix, or `last`; undefined when none matches; throws on an ambiguous prefix. */
export function findRun(runs: readonly RunInfo[], ref: string): RunInfo | undefined {
  if (ref === 'last') return runs[0];
  const exact = runs.find((r) => r.id === ref);
  if (exact) return exact;
  const prefixed = runs.filter((r) => r.id.startsWith(ref));
  if (prefixed.length > 1) throw new Error(`'${ref}' names ${prefixed.length} runs: ${prefixed.map((r) => r.id).join(', ')}`);
  return prefixed[0];
}

export interface PruneOptions {
  keep?: number;
  maxAgeMs?: number;
  now: number;
  isAlive: IsAlive;
}

/** Remove journals beyond the newest `keep` or older than `maxAgeMs` (by last write); never a running one. */
export function pruneJournals(dir: string, o: PruneOptions): string[] {
  const keep = o.keep ?? DEFAULT_KEEP_RUNS;
  const maxAge = o.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
  const removed: string[] = [];
  journalIds(dir)
    .sort()
    .reverse()
    .forEach((id, i) => {
      const path = join(dir, `${id}.jsonl`);
      try {
        const old = o.now - statSync(path).mtimeMs > maxAge;
        if (i < keep && !old) return;
        if (runState(readJournal(path), o.isAlive) === 'running') return;
        rmSync(path, { force: true });
        removed.push(id);
      } catch {
        // gone already, or unreadable: left for the next prune
      }
    });
  return removed;
}
