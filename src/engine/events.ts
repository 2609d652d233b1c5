// The typed event stream of a run. Reporters subscribe; they never drive the run.
// Adding a kind here makes every reporter's exhaustive switch fail to compile until it handles it.
import type { HostResult, RunResult, StepResult } from './results.js';

export type RunEvent =
  | { type: 'run_started'; at: string; playbook: string; inventory: string; mode: 'check' | 'apply'; hosts: string[] }
  | { type: 'batch_started'; at: string; play: string; batch: number; batches: number; hosts: string[] }
  | { type: 'host_started'; at: string; host: string; address: string }
  | { type: 'step_started'; at: string; host: string; stepId: string; stepName: string }
  | { type: 'step_progress'; at: string; host: string; stepId: string; message: string }
  | { type: 'step_finished'; at: string; host: string; result: StepResult }
  | { type: 'host_finished'; at: string; result: HostResult }
  | { type: 'warning'; at: string; host?: string; message: string }
  | { type: 'rollout_stopped'; at: string; reason: string }
  /** `unwritten`: output files the CLI could not write (the exit code then says so too); absent when all were. */
  | { type: 'run_finished'; at: string; result: RunResult; exitCode: number; unwritten?: string[] };

export type RunEventType = RunEvent['type'];

/** Where the engine sends events. */
export type EventSink = (event: RunEvent) => void;
