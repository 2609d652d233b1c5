// The journal folder: read journals back (a crash may leave a torn last line), tell each run's state, and prune
// old journals by count and age. Whether a process is alive is asked of the caller (only the CLI sees processes).
import { closeSync, openSync, readFileSync, readSync, readdirSync, rmSync, statSync } from 'node:fs';
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
    const record = parseRecord(line);
    if (record === undefined) break;
    out.push(record);
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

/**
 * The runs of the folder, newest first (run ids sort by start time): the newest `limit` of them, and only their
 * journals are read (up to 100 are kept, ~1 MB each for a 10,000-device run).
 */
export function listRuns(dir: string, isAlive: IsAlive, limit = Infinity): RunInfo[] {
  const out: RunInfo[] = [];
  for (const { id, path } of newestFirst(dir)) {
    if (out.length >= limit) break;
    const run = runInfo(id, path, isAlive);
    if (run) out.push(run);
  }
  return out;
}

/**
 * The run a reference names (findRun over the folder's run ids), with only its journal read; undefined when none
 * does, or when it went away meanwhile. Throws on an ambiguous prefix. `runs` tells whether the folder has any.
 */
export function findRunIn(dir: string, ref: string, isAlive: IsAlive): { run?: RunInfo; runs: number } {
  const all = newestFirst(dir);
  const hit = findRun(all, ref);
  const run = hit ? runInfo(hit.id, hit.path, isAlive) : undefined;
  return { ...(run ? { run } : {}), runs: all.length };
}

/**
 * The newest run of a rollout, or undefined. Only that journal is read whole; the newer ones of other rollouts only
 * up to their first record: a folder of 100 journals of 1,000-device runs is ~100 MB, and every run start asks this.
 */
export function lastRunOf(dir: string, rollout: string, isAlive: IsAlive): RunInfo | undefined {
  for (const { id, path } of newestFirst(dir)) {
    let first: JournalRecord | undefined;
    try {
      first = readFirstRecord(path);
    } catch {
      continue; // removed by a concurrent prune
    }
    if (first?.type !== 'run_start' || first.rollout !== rollout) continue;
    const run = runInfo(id, path, isAlive);
    if (run?.start?.rollout === rollout) return run;
  }
  return undefined;
}

function newestFirst(dir: string): { id: string; path: string }[] {
  return journalIds(dir)
    .sort()
    .reverse()
    .map((id) => ({ id, path: join(dir, `${id}.jsonl`) }));
}

// One journal, read whole; undefined when it went away (a concurrent prune).
function runInfo(id: string, path: string, isAlive: IsAlive): RunInfo | undefined {
  let records: JournalRecord[];
  try {
    records = readJournal(path);
  } catch {
    return undefined;
  }
  const start = records[0]?.type === 'run_start' ? records[0] : undefined;
  const end = records.find((r): r is RunEndRecord => r.type === 'run_end');
  return { id, path, ...(start ? { start } : {}), ...(end ? { end } : {}), state: runState(records, isAlive), records };
}

// The first record of a journal as readJournal would give it (blank lines skipped; undefined when it does not parse),
// reading the file only up to the end of that record.
function readFirstRecord(path: string): JournalRecord | undefined {
  const fd = openSync(path, 'r');
  try {
    const chunk = Buffer.allocUnsafe(1 << 16);
    const parts: Buffer[] = [];
    for (let pos = 0; ; ) {
      const n = readSync(fd, chunk, 0, chunk.length, pos);
      if (n === 0) break;
      parts.push(Buffer.from(chunk.subarray(0, n)));
      pos += n;
      const text = Buffer.concat(parts).toString('utf8');
      const line = firstNonBlankLine(text, false);
      if (line !== undefined) return parseRecord(line);
    }
    const line = firstNonBlankLine(Buffer.concat(parts).toString('utf8'), true);
    return line === undefined ? undefined : parseRecord(line);
  } finally {
    closeSync(fd);
  }
}

// The first line with content, once it is known to be complete (followed by a newline, or at the end of the file).
function firstNonBlankLine(text: string, atEnd: boolean): string | undefined {
  let from = 0;
  for (;;) {
    const nl = text.indexOf('\n', from);
    const line = text.slice(from, nl === -1 ? text.length : nl);
    if (nl === -1) return atEnd && line.trim() !== '' ? line : undefined;
    if (line.trim() !== '') return line;
    from = nl + 1;
  }
}

function parseRecord(line: string): JournalRecord | undefined {
  try {
    return JSON.parse(line) as JournalRecord;
  } catch {
    return undefined;
  }
}

/** A run by id, unique id prefix, or `last` (the first: lists are newest first); undefined when none matches; throws on an ambiguous prefix. */
export function findRun<R extends { id: string }>(runs: readonly R[], ref: string): R | undefined {
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
