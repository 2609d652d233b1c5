import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { processIdentity } from '../../../src/cli/lock.js';
import { journalWriterAlive } from '../../../src/cli/run-journal.js';
import type { RunStartRecord } from '../../../src/journal/records.js';

function startOf(extra: Partial<RunStartRecord>): RunStartRecord {
  return {
    type: 'run_start',
    at: new Date().toISOString(),
    run_id: 'r',
    rollout: 'k',
    playbook: 'p.yml',
    playbook_sha256: '0',
    inventory: 'i.yml',
    inventory_sha256: '0',
    mode: 'apply',
    user: 'u',
    pid: process.pid,
    hostname: hostname(),
    hosts: [],
    tool_version: '0',
    ...extra,
  };
}

describe('journalWriterAlive', () => {
  it('takes a journal of this live process for running', () => {
    expect(journalWriterAlive(startOf(processIdentity(process.pid)))).toBe(true);
  });

  it('does not take a reused pid for the writer: same pid, another start time or another boot', () => {
    const me = processIdentity(process.pid);
    // Only where /proc tells start times and boots (Linux); elsewhere the pid alone is all there is.
    if (me.pid_start === undefined || me.boot_id === undefined) return;
    expect(journalWriterAlive(startOf({ ...me, pid_start: String(Number(me.pid_start) + 1) }))).toBe(false);
    expect(journalWriterAlive(startOf({ ...me, boot_id: 'another-boot' }))).toBe(false);
  });

  it('takes another machine\'s journal for running (its processes cannot be seen from here)', () => {
    expect(journalWriterAlive(startOf({ hostname: `${hostname()}-elsewhere`, pid: 999_999_999 }))).toBe(true);
  });
});
