// Fault names from the contract, and the deterministic choice of which devices carry them.
import { UsageError } from '../errors.js';

/** The CONTRACT.md fault names, in table order. */
export const FAULTS = [
  'no-dns',
  'bad-dns',
  'egress-blocked',
  'tls-intercept',
  'bad-fqdn',
  'connector-disabled',
  'zmq-socket',
  'cloud-off',
  'unreachable',
  'auth-fail',
  'hostkey-changed',
  'slow',
  'drop',
  'reboot-hang',
  // HA pairs (--ha-pairs): a unit that never gets back to Standby Ready after a reboot, and one already Failed.
  'ha-never-ready',
  'ha-failed',
] as const;

/** Faults of real-device sessions and paths (issue 13): named, but not in `mixed` (which is the table above). */
export const SESSION_FAULTS = ['proxy', 'password-expired', 'expert-disabled', 'sudo-wrong-password'] as const;

export type FaultName = (typeof FAULTS)[number] | (typeof SESSION_FAULTS)[number];

/**
 * Faults of the lab FMC (issue 14, `--fmc`): they apply to the FMC, never to a device, so they take no count and
 * leave the seeded choice of devices as it was; not in `mixed`.
 */
export const FMC_FAULTS = ['fmc-eval-licence', 'fmc-cloud-events-off', 'fmc-region-mismatch', 'fmc-rate-limit', 'fmc-token-expiry', 'fmc-old-version'] as const;
export type FmcFault = (typeof FMC_FAULTS)[number];

const ALL_FAULTS: readonly string[] = [...FAULTS, ...SESSION_FAULTS, ...FMC_FAULTS];

function isFmcFault(name: string): name is FmcFault {
  return (FMC_FAULTS as readonly string[]).includes(name);
}

/** The FMC faults of a spec (`fmc-eval-licence` or `fmc-eval-licence=1`, combinable with device terms), in spec order. */
export function fmcFaultsOf(spec: string): FmcFault[] {
  const out: FmcFault[] = [];
  for (const raw of spec.split(',')) {
    const term = raw.trim();
    const eq = term.indexOf('=');
    const name = (eq === -1 ? term : term.slice(0, eq)).trim();
    if (!isFmcFault(name)) continue;
    const count = eq === -1 ? '1' : term.slice(eq + 1).trim();
    if (count !== '1') throw new UsageError(`--faults: '${name}' is a fault of the lab FMC (--fmc), not of devices: give it without a count, got '${term}'`);
    if (!out.includes(name)) out.push(name);
  }
  return out;
}

/** The faults of `mixed`: every one of the table but the HA faults, which only mean something on a unit of an HA pair. */
export const MIXED: readonly FaultName[] = FAULTS.filter((f) => !f.startsWith('ha-'));

/** Whether a string is one of the lab's device fault names. */
function isFault(name: string): name is FaultName {
  return ALL_FAULTS.includes(name) && !isFmcFault(name);
}

/** Device names `ftd-001`, `ftd-002` …, zero-padded to at least three digits. */
export function deviceName(index: number, total: number): string {
  const width = Math.max(3, String(total).length);
  return `ftd-${String(index + 1).padStart(width, '0')}`;
}

// A small seeded generator (xmur3 hash → mulberry32) so the same seed always picks the same devices.
export function seededRandom(seed: string): () => number {
  let h = 1779033703 ^ seed.length;
  for (let i = 0; i < seed.length; i++) {
    h = Math.imul(h ^ seed.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Device indexes in a seed-determined order. */
export function shuffledIndexes(count: number, seed: string): number[] {
  const rand = seededRandom(seed);
  const order = Array.from({ length: count }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  return order;
}

interface FaultRequest {
  faults: FaultName[];
  count: number;
  /** `fault=@ftd-001+ftd-002`: these devices exactly, outside the seeded choice. */
  devices?: string[];
}

// `@a+b` or `@a,b` (the comma form continues over the following bare device names).
const DEVICE_NAME = /^ftd-\d+$/;

function parseTerms(spec: string, devices: number): FaultRequest[] {
  const requests: FaultRequest[] = [];
  for (const raw of spec.split(',')) {
    const term = raw.trim();
    if (term === '') continue;
    // `mixed` (alone, or first of other terms such as `mixed,proxy=1`): every table fault at least once; on larger
    // fleets about 2 % of devices per fault, the rest healthy.
    if (term === 'mixed') {
      if (devices < MIXED.length) throw new UsageError(`--faults mixed needs at least ${MIXED.length} devices (one per fault), got ${devices}`);
      const each = Math.max(1, Math.floor(devices * 0.02));
      requests.push(...MIXED.map((f) => ({ faults: [f], count: each })));
      continue;
    }
    // FMC faults belong to the lab FMC (fmcFaultsOf): they take no device.
    if (isFmcFault(term.split('=')[0]?.trim() ?? '')) continue;
    const last = requests[requests.length - 1];
    if (last?.devices !== undefined && DEVICE_NAME.test(term)) {
      last.devices.push(term);
      last.count = last.devices.length;
      continue;
    }
    const eq = term.indexOf('=');
    const namesPart = eq === -1 ? term : term.slice(0, eq);
    const countPart = eq === -1 ? '1' : term.slice(eq + 1).trim();
    if (countPart.startsWith('@')) {
      const names = namesPart.split('+').map((n) => n.trim());
      for (const name of names) {
        if (!isFault(name)) throw new UsageError(`--faults: unknown fault '${name}'; known faults: ${ALL_FAULTS.join(', ')}, or 'mixed'`);
      }
      const targets = countPart
        .slice(1)
        .split('+')
        .map((d) => d.trim());
      for (const d of targets) {
        if (!DEVICE_NAME.test(d)) throw new UsageError(`--faults: '${d}' after '@' is not a lab device name (ftd-001 …)`);
      }
      requests.push({ faults: names as FaultName[], count: targets.length, devices: targets });
      continue;
    }
    if (!/^\d+$/.test(countPart)) {
      throw new UsageError(`--faults: count for '${namesPart}' must be a whole number, got '${countPart}'`);
    }
    // `a+b=2` asks for two devices that carry both faults at once.
    const names = namesPart.split('+').map((n) => n.trim());
    for (const name of names) {
      if (!isFault(name)) {
        throw new UsageError(`--faults: unknown fault '${name}'; known faults: ${ALL_FAULTS.join(', ')}, or 'mixed'`);
      }
    }
    requests.push({ faults: names as FaultName[], count: Number(countPart) });
  }
  return requests;
}

/** Parse `fault=count[,fault=count…]`, `fault=@device[+device…]` (or `mixed`) and pick the devices: device name → faults. */
export function parseFaultSpec(spec: string, devices: number, seed: string): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (let i = 0; i < devices; i++) result.set(deviceName(i, devices), []);
  const requests = parseTerms(spec, devices);
  const total = requests.reduce((sum, r) => sum + r.count, 0);
  if (total > 0 && devices === 0) throw new UsageError('--faults given but the lab has no devices');
  const order = shuffledIndexes(devices, seed);
  let cursor = 0;
  for (const request of requests) {
    if (request.devices !== undefined) {
      // Named devices take the fault directly and leave the seeded choice of the other terms as it was.
      for (const name of request.devices) {
        const list = result.get(name);
        if (list === undefined) throw new UsageError(`--faults: no lab device named '${name}' (the lab has ${deviceName(0, devices)} to ${deviceName(devices - 1, devices)})`);
        for (const f of request.faults) if (!list.includes(f)) list.push(f);
      }
      continue;
    }
    for (let n = 0; n < request.count; n++) {
      // More faults than devices wrap around, which combines faults on the same device.
      const index = order[cursor % devices] as number;
      cursor++;
      const list = result.get(deviceName(index, devices)) as string[];
      for (const f of request.faults) if (!list.includes(f)) list.push(f);
    }
  }
  return result;
}
