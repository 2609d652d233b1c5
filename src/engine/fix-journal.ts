// What the engine tells the run journal about the fixes it sends. The engine awaits `sending` before an action
// leaves, so a record that it was about to be sent survives any crash; it does not know where records go.
import type { ActionKind } from '../connections/connection.js';
import type { ErrorInfo } from './results.js';

/** One fix action as it is about to be sent to one host. `command` is as rendered (`reboot` for a reboot). */
export interface JournaledAction {
  host: string;
  stepId: string;
  kind: ActionKind;
  command: string;
}

export interface FixJournal {
  /** Resolves once the record of `action` is durable. A rejection means the action must not be sent. */
  sending(action: JournaledAction): Promise<void>;
  /** The action's outcome (for a reboot: the device came back, or why not). Never rejects. */
  finished(action: JournaledAction, outcome: { ok: true } | { ok: false; error: ErrorInfo }): Promise<void>;
}
