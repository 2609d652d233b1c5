// A dry-run where some steps are pending only because an earlier fix is still pending (afterFixOf): the shape of
// `--faults mixed` on cloud-config-failure.yml — a host without DNS, one with its connector disabled, one whose
// EventHandler socket needs its reboot for certain.
import { summarize, type HostResult, type RunResult, type StepResult } from '../../../src/engine/results.js';

const DNS_FIX = 'configure network dns servers 192.0.2.53,192.0.2.54';
const SOCKET_FIX = ['pmtool disablebyid SSEConnector', 'pmtool enablebyid SSEConnector', 'reboot'];

function pending(id: string, name: string, o: Partial<StepResult> = {}): StepResult {
  return { id, name, status: 'pending', check: { command: `check ${id}`, passed: false, output: 'not yet\n', durationMs: 40 }, durationMs: 50, ...o };
}

function waiting(id: string, name: string, dep: string, root: string, o: Partial<StepResult> = {}): StepResult {
  return pending(id, name, { reason: `depends on the pending fix of '${dep}'`, afterFixOf: root, ...o });
}

const ok = (id: string): StepResult => ({ id, name: id, status: 'ok', check: { command: `check ${id}`, passed: true, output: 'fine\n' }, durationMs: 10 });

export const noDnsHost: HostResult = {
  name: 'ftd-006',
  address: '127.0.0.1:2206',
  status: 'pending',
  durationMs: 900,
  steps: [
    pending('dns-configured', 'DNS servers are configured', { fix: { commands: [DNS_FIX], sent: false, reboot: false } }),
    waiting('dns-resolves', 'DNS resolves the cloud', 'dns-configured', 'dns-configured', { fix: { commands: [DNS_FIX], sent: false, reboot: false } }),
    ...[0, 1, 2, 3, 4].map((i) => waiting(`cloud-reachable[${i}]`, 'Cloud hosts are reachable', 'dns-resolves', 'dns-configured', { item: `host${i}` })),
    waiting('tls-path', 'TLS path is clean', 'cloud-reachable', 'dns-configured'),
    ok('connector-enabled'),
    waiting('connector-enrolled', 'Connector is enrolled', 'tls-path', 'dns-configured'),
  ],
};

export const connectorHost: HostResult = {
  name: 'ftd-005',
  address: '127.0.0.1:2205',
  status: 'pending',
  durationMs: 700,
  steps: [
    ok('dns-configured'),
    pending('connector-enabled', 'SSE connector is enabled', { fix: { commands: ['pmtool enablebyid SSEConnector'], sent: false, reboot: false } }),
    waiting('eventhandler-socket', 'EventHandler socket is connected', 'connector-enabled', 'connector-enabled', {
      fix: { commands: [...SOCKET_FIX], sent: false, reboot: true, rebootTimeoutS: 900 },
    }),
    waiting('connector-enrolled', 'Connector is enrolled', 'connector-enabled', 'connector-enabled'),
  ],
};

export const socketHost: HostResult = {
  name: 'ftd-012',
  address: '127.0.0.1:2212',
  status: 'pending',
  durationMs: 500,
  steps: [
    ok('dns-configured'),
    ok('connector-enabled'),
    pending('eventhandler-socket', 'EventHandler socket is connected', { fix: { commands: [...SOCKET_FIX], sent: false, reboot: true, rebootTimeoutS: 900 } }),
  ],
};

/** A check run over the given hosts (default: all three). */
export function waitingRun(hosts: HostResult[] = [noDnsHost, connectorHost, socketHost]): RunResult {
  return {
    playbook: 'playbooks/cloud-config-failure.yml',
    inventory: 'lab-inventory.yml',
    mode: 'check',
    startedAt: '2025-01-01T00:00:00.000Z',
    finishedAt: '2025-01-01T00:00:02.000Z',
    interrupted: false,
    hosts,
    summary: summarize(hosts),
  };
}
