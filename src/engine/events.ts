// The typed event stream of a run. Reporters subscribe; they never drive the run.
// Every consumer handles every kind by type: a switch over `type` ending in `default: eventHandled(e)`, a mapped
// table with one entry per kind (the JSON-lines reporter), or a switch that must return from every case (the line
// reporter). Adding a kind here therefore fails to compile in each of them until it is handled: the TTY, line and
// JSON-lines reporters, the evidence writer, the run snapshot, the run journal and the plan's play recorder
// (`npx tsc --noEmit -p tsconfig.json` names them). The reporter mux and the CLI's tap only pass events on.
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

/**
 * The `default` of a switch over RunEvent['type']: an unhandled kind leaves `e` not `never`, a compile error at
 * that switch. At run time it does nothing (a reporter never throws for an event it does not know).
 */
export function eventHandled(e: never): void {
  void e;
}
