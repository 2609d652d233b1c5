// Per device, what a journal says: what was sent and how it ended, what may be half done (sent, no outcome),
// and the device's last known state. `firemend runs show` and the crashed-run warning read this.
import type { ActionKind } from '../connections/connection.js';
import type { ErrorInfo, HostStatus, StepStatus } from '../engine/results.js';
import type { FixOutcomeRecord, JournalRecord } from './records.js';

export interface SentAction {
  step: string;
  kind: ActionKind;
  command: string;
  sent_at: string;
  /** Missing: the action was sent (or about to be) and no outcome was recorded: it may be half done. */
  outcome?: { ok: boolean; at: string; error?: ErrorInfo };
}

export interface DeviceView {
  name: string;
  sent: SentAction[];
  /** The sent actions without an outcome. */
  half_done: SentAction[];
  /** Steps that finished after sending a fix, or failed. */
  steps: { step: string; status: StepStatus; error?: ErrorInfo }[];
  /** The host's outcome, when the run recorded one. */
  status?: HostStatus;
  /** One line: the device's last known state. */
  last_known: string;
}

/** Per-device views of a run, in the order devices first appear; `hosts` (from the start record) come first. */
export function deviceViews(records: readonly JournalRecord[], hosts: readonly string[] = []): DeviceView[] {
  const views = new Map<string, DeviceView>();
  const view = (name: string): DeviceView => {
    let v = views.get(name);
    if (!v) views.set(name, (v = { name, sent: [], half_done: [], steps: [], last_known: '' }));
    return v;
  };
  for (const h of hosts) view(h);
  for (const r of records) {
    switch (r.type) {
      case 'fix_sending':
        view(r.host).sent.push({ step: r.step, kind: r.kind, command: r.command, sent_at: r.at });
        break;
      case 'fix_outcome':
        settle(view(r.host), r);
        break;
      case 'step':
        view(r.host).steps.push({ step: r.step, status: r.status, ...(r.error ? { error: r.error } : {}) });
        break;
      case 'host_end':
        view(r.host).status = r.status;
        break;
      default:
        break;
    }
  }
  for (const v of views.values()) {
    v.half_done = v.sent.filter((a) => a.outcome === undefined);
    v.last_known = lastKnown(v);
  }
  return [...views.values()];
}

// The outcome belongs to the last send of the same action on that host without one.
function settle(v: DeviceView, r: FixOutcomeRecord): void {
  const match = (a: SentAction): boolean => a.outcome === undefined && a.step === r.step && a.command === r.command && a.kind === r.kind;
  const sent = [...v.sent].reverse().find(match);
  if (sent) sent.outcome = { ok: r.ok, at: r.at, ...(r.error ? { error: r.error } : {}) };
}

function lastKnown(v: DeviceView): string {
  const half = v.half_done[v.half_done.length - 1];
  if (half) {
    return half.kind === 'reboot'
      ? `mid-fix: reboot sent at ${half.sent_at} (step ${half.step}), its return was never recorded: the device may be down or back`
      : `mid-fix: '${half.command}' sent at ${half.sent_at} (step ${half.step}), no outcome recorded: it may be half done`;
  }
  if (v.status !== undefined) return `finished: ${v.status}`;
  const last = v.sent[v.sent.length - 1];
  if (last?.outcome) return `last action ${last.outcome.ok ? 'succeeded' : 'failed'}: '${last.command}' (step ${last.step}); the host's outcome was never recorded`;
  return 'no fix sent; the host\u2019s outcome was never recorded';
}
