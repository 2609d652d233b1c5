// Small builders for engine tests: typed playbook objects without YAML, hosts, and a run with recorded events.
import type { Expect, FixAction, Play, Playbook, Step, Tmpl, Expr } from '../../../src/playbook/model.js';
import type { InventoryHost } from '../../../src/inventory/model.js';
import type { RunEvent } from '../../../src/engine/events.js';
import type { RunMode, RunResult } from '../../../src/engine/results.js';
import { runPlaybook, type RunPlaybookOptions } from '../../../src/engine/run-playbook.js';
import { exitCodeForRun } from '../../../src/cli/exit-codes.js';
import { FakeTransport, type DeviceScript } from '../../helpers/fake-transport.js';

const POS = { file: 'test.yml', line: 1, col: 1 };

export function t(src: string): Tmpl {
  return { src, pos: POS };
}

export function e(src: string): Expr {
  return { src, pos: POS };
}

export function cmd(command: string, extra: Partial<Extract<FixAction, { kind: 'command' }>> = {}): FixAction {
  return { kind: 'command', command: t(command), answers: [], pos: POS, ...extra };
}

export function reboot(timeoutS: number | string = 60): FixAction {
  return { kind: 'reboot', timeoutS: typeof timeoutS === 'number' ? timeoutS : t(timeoutS), pos: POS };
}

/** A step with sensible defaults: `check` is a command and an expectation. */
export function step(
  id: string,
  o: Partial<Omit<Step, 'check'>> & { check?: { command: string; parse?: string; expect?: Expect; timeoutMs?: number } } = {},
): Step {
  const { check, ...rest } = o;
  const s: Step = { id, name: o.name ?? id, mode: 'clish', fix: [], loopVar: 'item', retries: 0, delayS: 0, dependsOn: [], pos: POS, ...rest };
  if (check) s.check = { command: t(check.command), expect: check.expect ?? {}, ...(check.parse ? { parse: check.parse } : {}), ...(check.timeoutMs ? { timeoutMs: check.timeoutMs } : {}) };
  return s;
}

export function play(steps: Step[], o: Partial<Play> = {}): Play {
  return { name: 'play', hosts: 'all', vars: {}, serial: [], steps, pos: POS, ...o };
}

export function playbook(...plays: Play[]): Playbook {
  return { path: 'test.yml', sha256: '0'.repeat(64), plays };
}

export function host(name: string, vars: Record<string, unknown> = {}): InventoryHost {
  return { name, groups: ['all', 'ftd'], vars: { inventory_hostname: name, ansible_host: '127.0.0.1', ...vars }, pos: POS };
}

export function hosts(n: number, vars: (i: number) => Record<string, unknown> = () => ({})): InventoryHost[] {
  return Array.from({ length: n }, (_, i) => host(`ftd${String(i + 1).padStart(2, '0')}`, vars(i)));
}

export interface Ran {
  result: RunResult;
  events: RunEvent[];
  exitCode: number;
  transport: FakeTransport;
  sleeps: number[];
}

/** Run a playbook over fake devices; every host of `hostList` is in every play unless `hostsByPlay` says otherwise. */
export async function run(
  pb: Playbook,
  hostList: InventoryHost[],
  transport: FakeTransport,
  o: Partial<RunPlaybookOptions> & { mode?: RunMode; detailedExitcode?: boolean } = {},
): Promise<Ran> {
  const events: RunEvent[] = [];
  const sleeps: number[] = [];
  let clock = Date.parse('2025-01-01T00:00:00Z');
  const { detailedExitcode, emit: alsoEmit, ...rest } = o;
  const mode = o.mode ?? 'apply';
  const result = await runPlaybook({
    playbook: pb,
    inventory: 'inventory.yml',
    hostsByPlay: pb.plays.map(() => hostList),
    extraVars: {},
    mode,
    forks: 20,
    connectionFor: (h) => ({ kind: transport, target: { name: h.name, address: `${String(h.vars['ansible_host'] ?? '127.0.0.1')}:2200`, secrets: ['secret-pw'], platform: 'ftd' } }),
    connectionOptions: () => ({ connectTimeoutMs: 1000, commandTimeoutMs: 1000, readOnly: false }),
    emit: (ev) => {
      events.push(ev);
      alsoEmit?.(ev);
    },
    now: () => (clock += 1),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    exitCodeFor: (r) => exitCodeForRun({ interrupted: r.interrupted, stoppedEarly: r.stoppedEarly !== undefined, summary: r.summary, check: mode === 'check', detailedExitcode: detailedExitcode ?? false }),
    ...rest,
  });
  const finished = events.find((ev) => ev.type === 'run_finished');
  const exitCode = finished && finished.type === 'run_finished' ? finished.exitCode : -1;
  return { result, events, exitCode, transport, sleeps };
}

/** A device with a DNS setting: `show network` shows it, `configure network dns servers A,B` sets it. */
export function dnsDevice(dns: string[] = [], extra: DeviceScript = {}): DeviceScript {
  return {
    state: { dns: [...dns] },
    respond: (command, state) => {
      if (command === 'show network') return { output: `Hostname: ftd\nDNS Servers: ${(state['dns'] as string[]).join(', ')}\n` };
      if (command.startsWith('configure network dns servers ')) return { output: '' };
      return undefined;
    },
    onFix: (command, state) => {
      const m = /^configure network dns servers (.+)$/.exec(command);
      if (m) state['dns'] = (m[1] as string).split(',');
    },
    ...extra,
  };
}

/** The DNS step used across tests: passes when 8.8.8.8 is configured, fix sets `dns_servers`. */
export function dnsStep(o: Parameters<typeof step>[1] = {}): Step {
  return step('dns-configured', {
    name: 'DNS servers are configured',
    check: { command: 'show network', expect: { contains: [t('8.8.8.8')] } },
    fix: [cmd("configure network dns servers {{ dns_servers | join(',') }}")],
    ...o,
  });
}

export const DNS_VARS = { dns_servers: ['8.8.8.8', '1.1.1.1'] };
