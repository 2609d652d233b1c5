// The run journal's records: one JSON object per line, appended as the run goes, so that after a crash the
// file still says what was about to be sent to which device and what finished.
import type { ActionKind } from '../connections/connection.js';
import type { ErrorInfo, HostStatus, RunMode, StepStatus, Summary } from '../engine/results.js';

export interface RunStartRecord {
  type: 'run_start';
  at: string;
  run_id: string;
  /** sha256 of the playbook and inventory real paths: runs of the same rollout share it. */
  rollout: string;
  playbook: string;
  playbook_sha256: string;
  inventory: string;
  inventory_sha256: string;
  mode: RunMode;
  user: string;
  pid: number;
  /** The writer's start time in clock ticks after boot and the boot id (Linux), so a reused pid is not taken for it. */
  pid_start?: string;
  boot_id?: string;
  hostname: string;
  hosts: string[];
  tool_version: string;
}

/** Written (and fsync'd) before the action leaves firemend. */
export interface FixSendingRecord {
  type: 'fix_sending';
  at: string;
  host: string;
  step: string;
  kind: ActionKind;
  command: string;
}

/** The outcome of a sent action; for a reboot, `ok` means the device came back and was logged into again. */
export interface FixOutcomeRecord {
  type: 'fix_outcome';
  at: string;
  host: string;
  step: string;
  kind: ActionKind;
  command: string;
  ok: boolean;
  error?: ErrorInfo;
}

/** A step that sent a fix or failed, as it finished. */
export interface StepRecord {
  type: 'step';
  at: string;
  host: string;
  step: string;
  status: StepStatus;
  error?: ErrorInfo;
}

export interface HostEndRecord {
  type: 'host_end';
  at: string;
  host: string;
  status: HostStatus;
  error?: ErrorInfo;
  reason?: string;
}

export interface RunEndRecord {
  type: 'run_end';
  at: string;
  exit_code: number;
  interrupted: boolean;
  summary?: Summary;
}

export type JournalRecord = RunStartRecord | FixSendingRecord | FixOutcomeRecord | StepRecord | HostEndRecord | RunEndRecord;
