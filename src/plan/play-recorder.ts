// The engine merges a host's plays into one result; a plan needs them apart (step ids are unique per play
// only, and apply re-runs play by play). Each runHost call ends with one `host_finished` carrying that
// play's steps, and every batch announces its play, so a tap on the event stream recovers the split.
import { eventHandled, type RunEvent } from '../engine/events.js';
import type { HostResult } from '../engine/results.js';

/** One play's run on one host. */
export interface PlayRun {
  playIndex: number;
  result: HostResult;
}

/** Records, per host, the result of each play it ran, from the run's events. */
export class PlayRecorder {
  private readonly playNames: readonly string[];
  private readonly hostsByPlay: readonly ReadonlySet<string>[];
  private readonly currentPlay = new Map<string, number>();
  private readonly runs = new Map<string, PlayRun[]>();
  private lastPlay = 0;
  private started = false;

  constructor(playNames: readonly string[], hostsByPlay: readonly (readonly string[])[]) {
    this.playNames = playNames;
    this.hostsByPlay = hostsByPlay.map((hs) => new Set(hs));
  }

  /** Feed every event of the run, in order. */
  onEvent(ev: RunEvent): void {
    switch (ev.type) {
      case 'batch_started':
        this.batchStarted(ev);
        return;
      case 'host_finished': {
        const playIndex = this.currentPlay.get(ev.result.name) ?? this.lastPlay;
        const list = this.runs.get(ev.result.name) ?? [];
        list.push({ playIndex, result: ev.result });
        this.runs.set(ev.result.name, list);
        return;
      }
      case 'run_started':
      case 'host_started':
      case 'step_started':
      case 'step_progress':
      case 'step_finished':
      case 'warning':
      case 'rollout_stopped':
      case 'run_finished':
        return;
      default:
        eventHandled(ev);
    }
  }

  private batchStarted(ev: Extract<RunEvent, { type: 'batch_started' }>): void {
    // Plays run in order and each starts with its batch 1: the first later play with this name and these hosts.
    const first = ev.hosts[0];
    const from = ev.batch === 1 && this.started ? this.lastPlay + 1 : this.lastPlay;
    this.started = true;
    for (let p = from; p < this.playNames.length; p += 1) {
      if (this.playNames[p] === ev.play && (first === undefined || this.hostsByPlay[p]?.has(first) === true)) {
        this.lastPlay = p;
        break;
      }
    }
    for (const h of ev.hosts) this.currentPlay.set(h, this.lastPlay);
  }

  /** The plays a host ran, in order (empty when it never started). */
  playsOf(host: string): PlayRun[] {
    return this.runs.get(host) ?? [];
  }
}
