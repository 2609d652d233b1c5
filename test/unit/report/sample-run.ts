// A small, varied run (every outcome once) shared by the report tests.
import type { RunEvent } from '../../../src/engine/events.js';
import { summarize, type HostResult, type RunResult, type StepResult } from '../../../src/engine/results.js';

export const PASSWORD = 'firemend-lab';

const dnsChanged: StepResult = {
  id: 'dns-configured',
  name: 'DNS servers are configured',
  status: 'changed',
  check: { command: 'show network', passed: false, output: 'DNS Servers:\n', durationMs: 120 },
  fix: { commands: ['configure network dns servers 208.67.222.222,208.67.220.220'], sent: true, reboot: false },
  verify: { passed: true, output: 'DNS Servers: 208.67.222.222\n' },
  durationMs: 900,
};
const zmqChanged: StepResult = {
  id: 'eventhandler-socket',
  name: 'EventHandler socket is healthy',
  status: 'changed',
  check: { command: 'grep -c "ZMQ" /ngfw/var/log/messages', passed: false, output: '3\n', durationMs: 80 },
  fix: { commands: ['pmtool disablebyid EventHandler', 'pmtool enablebyid EventHandler'], sent: true, reboot: true },
  verify: { passed: true, output: '0\n' },
  durationMs: 5400,
};
const okStep = (id: string, name: string): StepResult => ({
  id,
  name,
  status: 'ok',
  check: { command: `check ${id}`, passed: true, output: 'fine\n', durationMs: 50 },
  durationMs: 60,
});

export const hosts: HostResult[] = [
  { name: 'fw-ok', address: '127.0.0.1:2201', status: 'ok', durationMs: 400, steps: [okStep('dns-configured', 'DNS servers are configured')] },
  { name: 'fw-changed', address: '127.0.0.1:2202', status: 'changed', durationMs: 6400, steps: [dnsChanged, zmqChanged] },
  {
    name: 'fw-pending',
    address: '127.0.0.1:2203',
    status: 'pending',
    durationMs: 300,
    steps: [
      { ...dnsChanged, status: 'pending', fix: { commands: ['configure network dns servers 1.1.1.1'], sent: false, reboot: false }, verify: undefined },
      { ...zmqChanged, status: 'pending', fix: { commands: ['pmtool disablebyid EventHandler', 'pmtool enablebyid EventHandler'], sent: false, reboot: true }, verify: undefined },
    ],
  },
  {
    name: 'fw-action',
    address: '127.0.0.1:2204',
    status: 'action_required',
    durationMs: 700,
    steps: [
      {
        id: 'cloud-reachable',
        name: 'Cloud hosts are reachable',
        status: 'action_required',
        check: { command: 'curl -sS https://api.sse.cisco.com', passed: false, output: 'curl: (28) Connection timed out <&>', durationMs: 400 },
        remedy: 'Open TCP 443 from fw-action (127.0.0.1) to api.sse.cisco.com.\nThen re-run firemend.',
        durationMs: 450,
      },
    ],
  },
  {
    name: 'fw-failed',
    address: '127.0.0.1:2205',
    status: 'failed',
    durationMs: 30000,
    error: { code: 'E_REBOOT_TIMEOUT', message: 'device did not come back within 900 s' },
    steps: [
      {
        ...zmqChanged,
        status: 'failed',
        reason: 'device did not come back within 900 s',
        error: { code: 'E_REBOOT_TIMEOUT', message: 'device did not come back within 900 s' },
        verify: undefined,
      },
      { id: 'connector-enrolled', name: 'Connector is enrolled', status: 'skipped', reason: 'after an earlier failure', durationMs: 0 },
    ],
  },
  {
    name: 'fw-unreachable',
    address: '127.0.0.1:2206',
    status: 'unreachable',
    durationMs: 5,
    error: { code: 'E_AUTH', message: `authentication failed for admin (password ${PASSWORD} refused)` },
    steps: [],
  },
  { name: 'fw-skipped', address: '127.0.0.1:2207', status: 'skipped', durationMs: 0, reason: 'rollout stopped', steps: [] },
];

export function sampleRun(mode: 'check' | 'apply' = 'apply'): RunResult {
  return {
    playbook: 'playbooks/cloud-config-failure.yml',
    inventory: 'lab.yml',
    mode,
    startedAt: '2025-01-02T03:04:05.000Z',
    finishedAt: '2025-01-02T03:05:05.000Z',
    interrupted: false,
    hosts,
    summary: summarize(hosts),
  };
}

/** The events a run like sampleRun() would emit, in a plausible order. */
export function sampleEvents(mode: 'check' | 'apply' = 'apply'): RunEvent[] {
  const at = '2025-01-02T03:04:05.000Z';
  const run = sampleRun(mode);
  const events: RunEvent[] = [
    { type: 'run_started', at, playbook: run.playbook, inventory: run.inventory, mode, hosts: hosts.map((h) => h.name) },
    { type: 'batch_started', at, play: 'Clear cloud failure', batch: 1, batches: 2, hosts: hosts.slice(0, 4).map((h) => h.name) },
  ];
  const hostEvents = (h: HostResult): RunEvent[] => [
    { type: 'host_started', at, host: h.name, address: h.address },
    ...h.steps.flatMap((s): RunEvent[] => [
      { type: 'step_started', at, host: h.name, stepId: s.id, stepName: s.name },
      { type: 'step_progress', at, host: h.name, stepId: s.id, message: 'working' },
      { type: 'step_finished', at, host: h.name, result: s },
    ]),
    { type: 'host_finished', at, result: h },
  ];
  for (const h of hosts.slice(0, 4)) events.push(...hostEvents(h));
  events.push({ type: 'batch_started', at, play: 'Clear cloud failure', batch: 2, batches: 2, hosts: hosts.slice(4).map((h) => h.name) });
  for (const h of hosts.slice(4)) events.push(...hostEvents(h));
  events.push({ type: 'warning', at, host: 'fw-failed', message: 'reboot took long' });
  events.push({ type: 'run_finished', at, result: run, exitCode: 2 });
  return events;
}
