// The run journal around `run` and `apply`: where it lives (next to the locks, in the state folder), the warning
// about a crashed previous run of the same rollout, pruning, and the new journal itself.
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import type { RunMode } from '../engine/results.js';
import { UsageError } from '../errors.js';
import { deviceViews } from '../journal/device-view.js';
import { lastRunOf, pruneJournals, type IsAlive, type RunInfo } from '../journal/journal-store.js';
import { RunJournal, newRunId } from '../journal/journal-writer.js';
import type { Redactor } from '../report/redact.js';
import { processIdentity, stillRunning } from './lock.js';
import { rolloutKey, stateDir } from './state-dir.js';
import { VERSION } from './version.js';

/** The folder of the run journals: $XDG_STATE_HOME/firemend/runs (else ~/.local/state/firemend/runs). */
export function journalDir(): string {
  return join(stateDir(), 'runs');
}

/**
 * A journal's writer is alive while its process runs on this machine: the same pid, start time and boot (as the
 * lock judges its holder, so a pid reused after a crash or a reboot is not taken for it); another machine's
 * writer is taken as alive.
 */
export const journalWriterAlive: IsAlive = (s) =>
  s.hostname !== hostname() || stillRunning({ pid: s.pid, hostname: s.hostname, started: s.at, ...(s.pid_start !== undefined ? { pid_start: s.pid_start } : {}), ...(s.boot_id !== undefined ? { boot_id: s.boot_id } : {}) });

export interface JournalInput {
  playbookPath: string;
  playbookSha256: string;
  inventory: string;
  /** The digest of every inventory file read (Inventory.sha256). */
  inventorySha256: string;
  mode: RunMode;
  hosts: string[];
}

/** Open this run's journal; first say on stderr if the last run of the same rollout crashed, and prune old journals. */
export function openRunJournal(input: JournalInput, redactor: Redactor): RunJournal {
  const dir = journalDir();
  const rollout = rolloutKey(input.playbookPath, input.inventory);
  const previous = lastRunOf(dir, rollout, journalWriterAlive);
  if (previous?.state === 'crashed') process.stderr.write(redactor.redact(crashedWarning(previous)));
  pruneJournals(dir, { now: Date.now(), isAlive: journalWriterAlive });
  const started = new Date();
  try {
    return RunJournal.create(
      dir,
      {
        at: started.toISOString(),
        run_id: newRunId(started, process.pid),
        rollout,
        playbook: input.playbookPath,
        playbook_sha256: input.playbookSha256,
        inventory: input.inventory,
        inventory_sha256: input.inventorySha256,
        mode: input.mode,
        user: userInfo().username,
        pid: process.pid,
        ...processIdentity(process.pid),
        hostname: hostname(),
        hosts: input.hosts,
        tool_version: VERSION,
      },
      redactor,
    );
  } catch (err) {
    throw new UsageError(`cannot create the run journal in ${dir}: ${err instanceof Error ? err.message : String(err)}; set XDG_STATE_HOME to a writable folder`);
  }
}


function crashedWarning(run: RunInfo): string {
  const mid = deviceViews(run.records).filter((v) => v.half_done.length > 0);
  const where =
    mid.length > 0
      ? `devices that were mid-fix: ${mid.map((v) => `${v.name} (${v.half_done.map((a) => (a.kind === 'reboot' ? 'reboot' : `'${a.command}'`)).join(', ')} sent, no outcome)`).join('; ')}`
      : 'no device was mid-fix';
  return `firemend: warning: the last run of this playbook and inventory (${run.id}, started ${run.start?.at ?? '?'}) crashed; ${where}. The checks will re-establish each device's state (details: firemend runs show ${run.id})\n`;
}
