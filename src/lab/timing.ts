// Device timing for the lab (`--timing device`): how long a simulated FTD takes to answer, drawn per answer from
// a stated distribution, and a ledger of every delay each device imposed, so a bench can compute the ideal wall
// time of a run (the slowest device's own critical path) from what the lab actually did.
//
// The distributions are log-normal (a positive, right-skewed service time: most answers near the median, a few
// much slower), given by their median and σ of ln(t), clamped to [min, max]. The numbers are ASSUMED: the public
// sources (issue 17 and the field reports quoted in bench/RESULTS.md) say only that a CLISH command takes hundreds
// of milliseconds, that `expert` and `sudo su -` take seconds, and that FTD logins need more patience than other
// platforms; no public source gives measured distributions. Draws are seeded per device and per kind, so two labs
// with the same seed that receive the same sequence of lines impose the same delays.
import { UsageError } from '../errors.js';
import { seededRandom } from './faults.js';

/** What a delay is for: the login (auth accepted → banner and prompt), one answered line, or sudo's password check. */
export type DelayKind = 'login' | 'clish' | 'shell' | 'expert' | 'sudo' | 'auth' | 'exit';

const KINDS: readonly DelayKind[] = ['login', 'clish', 'shell', 'expert', 'sudo', 'auth', 'exit'];

export interface Distribution {
  medianMs: number;
  /** σ of ln(delay); 0 makes every draw the median. */
  sigma: number;
  minMs: number;
  maxMs: number;
}

export type TimingProfile = Record<DelayKind, Distribution>;

const d = (medianMs: number, sigma: number, minMs: number, maxMs: number): Distribution => ({ medianMs, sigma, minMs, maxMs });

/** The timing profiles `--timing` accepts. `none` is the default lab: answers as fast as the process can. */
export const TIMING_PROFILES: Record<'none' | 'device', TimingProfile | undefined> = {
  none: undefined,
  device: {
    // Login to the first `> `: the banner, `Last login`, then CLISH starting. ~1.2 s typical, p95 ≈ 2.0 s.
    login: d(1200, 0.3, 300, 6000),
    // A CLISH command (`show network`, `configure network …`): "hundreds of milliseconds". p95 ≈ 970 ms.
    clish: d(500, 0.4, 100, 4000),
    // A command in the expert/root bash (nslookup, curl to the cloud, grep of a file, pmtool). p95 ≈ 570 ms.
    shell: d(250, 0.5, 20, 4000),
    // `expert` at `> ` until `admin@host:~$ `: seconds. p95 ≈ 3.3 s.
    expert: d(2000, 0.3, 800, 8000),
    // `sudo su -` until `Password: ` (or the root prompt when sudo still has the password).
    sudo: d(300, 0.3, 50, 2000),
    // The password typed at sudo's `Password: ` until the root prompt (PAM, then a login shell): p95 ≈ 2.5 s.
    auth: d(1500, 0.3, 500, 6000),
    // `exit` from root or expert back down one level.
    exit: d(100, 0.3, 20, 1000),
  },
};

export type TimingProfileName = keyof typeof TIMING_PROFILES;

/** Parse `--timing`: a profile name. */
export function timingProfileOption(value: string): TimingProfileName {
  if (value in TIMING_PROFILES) return value as TimingProfileName;
  throw new UsageError(`--timing must be one of ${Object.keys(TIMING_PROFILES).join(', ')}, got '${value}'`);
}

/** What the delay of one line is for, from the mode it was typed in and the line. */
export function delayKindOf(mode: 'clish' | 'expert' | 'root', line: string): DelayKind {
  const t = line.trim();
  if (t === 'exit' || t === 'logout') return mode === 'clish' ? 'clish' : 'exit';
  if (mode === 'clish') return t === 'expert' ? 'expert' : 'clish';
  if (mode === 'expert' && /^sudo\s+(su\s*-?|-i|su\s+-\s*)$/.test(t)) return 'sudo';
  return 'shell';
}

/** One device's delays so far: totals, and per kind. Round trips are counted by the SSH endpoint (rtt). */
export interface DeviceTimingRecord {
  device: string;
  sessions: number;
  /** Answers delayed by a draw (each also waits one network round trip). */
  answers: number;
  /** Sum of the drawn delays, ms. */
  delayMs: number;
  /** Server flights of the SSH handshakes (before the shell channel): one network round trip each. */
  handshakeFlights: number;
  byKind: Partial<Record<DelayKind, { n: number; ms: number }>>;
}

/** Draws and records one device's delays. */
export class DeviceTiming {
  private readonly rand: Record<DelayKind, () => number>;
  readonly record: DeviceTimingRecord;

  constructor(
    private readonly profile: TimingProfile | undefined,
    seed: string,
    device: string,
  ) {
    this.rand = Object.fromEntries(KINDS.map((k) => [k, seededRandom(`${seed}/timing/${device}/${k}`)])) as Record<DelayKind, () => number>;
    this.record = { device, sessions: 0, answers: 0, delayMs: 0, handshakeFlights: 0, byKind: {} };
  }

  /** Draw the delay of one answer of this kind and record it (0 ms without a profile: only counted). */
  draw(kind: DelayKind): number {
    const dist = this.profile?.[kind];
    const rand = this.rand[kind];
    // Box–Muller: a standard normal from two uniforms (1 - u keeps ln away from 0).
    const z = dist ? Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand()) : 0;
    const ms = dist ? Math.round(Math.min(dist.maxMs, Math.max(dist.minMs, dist.medianMs * Math.exp(dist.sigma * z)))) : 0;
    const r = this.record;
    r.answers++;
    r.delayMs += ms;
    const k = (r.byKind[kind] ??= { n: 0, ms: 0 });
    k.n++;
    k.ms += ms;
    return ms;
  }
}

export interface TimingLedger {
  profile: string;
  distributions: TimingProfile | null;
  rttMs: number;
  /** Per device; criticalMs = delayMs + (answers + handshakeFlights) × rttMs: its run time if nothing else cost anything. */
  devices: (DeviceTimingRecord & { criticalMs: number })[];
}

/** The ledger a lab writes with `--timing-out`: per device what it imposed, and the critical path it implies. */
export function timingReport(profile: TimingProfileName | TimingProfile, rttMs: number, records: DeviceTimingRecord[]): TimingLedger {
  const devices = records.map((r) => ({ ...r, criticalMs: r.delayMs + (r.answers + r.handshakeFlights) * rttMs }));
  const named = typeof profile === 'string';
  return { profile: named ? profile : 'custom', distributions: (named ? TIMING_PROFILES[profile] : profile) ?? null, rttMs, devices };
}
