import { describe, expect, it, vi } from 'vitest';
import { PassThrough } from 'node:stream';
import type { RunEvent } from '../../../src/engine/events.js';
import { createTtyReporter, formatElapsed, hostOutcomeLine } from '../../../src/report/tty-reporter.js';
import { createStyle } from '../../../src/report/style.js';
import { screen } from './screen.js';
import { hosts, sampleEvents } from './sample-run.js';
import { connectorHost, noDnsHost, socketHost } from './waiting-run.js';

function terminal(): { out: PassThrough; raw: () => string } {
  const out = new PassThrough();
  const chunks: string[] = [];
  out.on('data', (c: Buffer) => chunks.push(c.toString()));
  return { out, raw: () => chunks.join('') };
}

const st = createStyle(false);
const SGR = new RegExp(String.fromCharCode(27) + '\\[[0-9;]*m');

describe('createTtyReporter', () => {
  it('settles each host line to its outcome, grouped by batch, and ends with the epilogue', async () => {
    const t = terminal();
    const r = createTtyReporter({ output: t.out, color: false, epilogue: (res, code) => `recap: ${res.summary.hosts} hosts, exit ${code}\nreport written to out.json\n` });
    for (const e of sampleEvents()) r.onEvent(e);
    await r.finish();
    const lines = screen(t.raw());
    const at = (prefix: string): string => lines.find((l) => l.includes(prefix)) ?? `(no line with ${prefix})`;
    expect(lines.filter((l) => /Clear cloud failure {2}batch 1\/2 · 4 hosts/.test(l))).toHaveLength(1);
    expect(lines.filter((l) => /batch 2\/2 · 3 hosts/.test(l))).toHaveLength(1);
    expect(at('fw-ok ')).toMatch(/^ {2}✔ fw-ok {2}ok {2}1 check passed/);
    expect(at('fw-changed ')).toMatch(/^ {2}✔ fw-changed {2}changed {2}fixed: dns-configured, eventhandler-socket/);
    expect(at('fw-pending ')).toMatch(/^ {2}✔ fw-pending {2}pending {2}would fix: dns-configured/);
    expect(at('fw-action ')).toMatch(/^ {2}✖ fw-action {2}action_required {2}cloud-reachable: Open TCP 443/);
    expect(at('fw-failed ')).toMatch(/^ {2}✖ fw-failed {2}failed {2}\[E_REBOOT_TIMEOUT\] eventhandler-socket: device did not/);
    expect(at('fw-unreachable ')).toMatch(/^ {2}✖ fw-unreachable {2}unreachable {2}\[E_AUTH\] authentication failed/);
    expect(at('fw-skipped ')).toMatch(/^ {2}↓ fw-skipped {2}skipped {2}rollout stopped/);
    expect(lines.slice(-3)).toEqual(['warning: fw-failed: reboot took long', 'recap: 7 hosts, exit 2', 'report written to out.json']);
  });

  it('writes no colour escapes when colour is off, and some when it is on', async () => {
    const plain = terminal();
    const a = createTtyReporter({ output: plain.out, color: false });
    for (const e of sampleEvents()) a.onEvent(e);
    await a.finish();
    expect(plain.raw()).not.toMatch(SGR);

    const coloured = terminal();
    const b = createTtyReporter({ output: coloured.out, color: true });
    for (const e of sampleEvents()) b.onEvent(e);
    await b.finish();
    expect(coloured.raw()).toMatch(SGR);
  });

  it('shows the step in flight with its elapsed time, from the injected clock', async () => {
    const t = terminal();
    let now = 1_000_000;
    const r = createTtyReporter({ output: t.out, color: false, now: () => now, tickMs: 5 });
    const at = '2025-01-02T03:04:05.000Z';
    r.onEvent({ type: 'batch_started', at, play: 'P', batch: 1, batches: 1, hosts: ['fw-a'] });
    r.onEvent({ type: 'host_started', at, host: 'fw-a', address: '127.0.0.1:2201' });
    r.onEvent({ type: 'step_started', at, host: 'fw-a', stepId: 'dns-resolves', stepName: 'DNS resolves the cloud names' });
    await vi.waitFor(() => expect(screen(t.raw()).join('\n')).toContain('› dns-resolves  DNS resolves the cloud names  0ms'));
    now += 12_400;
    r.onEvent({ type: 'step_progress', at, host: 'fw-a', stepId: 'dns-resolves', message: 'waiting for nslookup' });
    await vi.waitFor(() => expect(screen(t.raw()).join('\n')).toContain('› dns-resolves  DNS resolves the cloud names  12s · waiting for nslookup'));
    const done = hosts[0];
    r.onEvent({ type: 'host_finished', at, result: { ...done!, name: 'fw-a' } });
    r.onEvent({ type: 'run_finished', at, result: { playbook: 'p', inventory: 'i', mode: 'apply', startedAt: at, finishedAt: at, interrupted: false, hosts: [], summary: { hosts: 0, ok: 0, changed: 0, pending: 0, action_required: 0, failed: 0, unreachable: 0, skipped: 0 } }, exitCode: 0 });
    await r.finish();
    const final = screen(t.raw());
    expect(final.join('\n')).not.toContain('dns-resolves');
    expect(final.some((l) => l.includes('✔ fw-a  ok'))).toBe(true);
  });

  it('never leaves a host spinning when the run stops without finishing', async () => {
    const t = terminal();
    const r = createTtyReporter({ output: t.out, color: false });
    const at = 'now';
    const events: RunEvent[] = [
      { type: 'batch_started', at, play: 'P', batch: 1, batches: 1, hosts: ['fw-a', 'fw-b'] },
      { type: 'host_started', at, host: 'fw-a', address: 'a' },
      { type: 'step_started', at, host: 'fw-a', stepId: 's1', stepName: 'Step one' },
    ];
    for (const e of events) r.onEvent(e);
    await r.finish();
    const lines = screen(t.raw());
    expect(lines.some((l) => l.includes('↓ fw-a  skipped  not started'))).toBe(true);
    expect(lines.some((l) => l.includes('↓ fw-b  skipped'))).toBe(true);
  });

  it('gives a host outside any announced batch a line of its own', async () => {
    const t = terminal();
    const r = createTtyReporter({ output: t.out, color: false });
    r.onEvent({ type: 'host_started', at: 'now', host: 'lonely', address: '127.0.0.1:1' });
    r.onEvent({ type: 'host_finished', at: 'now', result: { ...hosts[0]!, name: 'lonely' } });
    await r.finish();
    expect(screen(t.raw()).some((l) => l.includes('✔ lonely  ok'))).toBe(true);
  });

  it('gives a host that is in two plays a fresh line in each', async () => {
    const t = terminal();
    const r = createTtyReporter({ output: t.out, color: false });
    const at = 'now';
    r.onEvent({ type: 'batch_started', at, play: 'First play', batch: 1, batches: 1, hosts: ['fw-a'] });
    r.onEvent({ type: 'host_finished', at, result: { ...hosts[0]!, name: 'fw-a' } });
    r.onEvent({ type: 'batch_started', at, play: 'Second play', batch: 1, batches: 1, hosts: ['fw-a'] });
    r.onEvent({ type: 'host_started', at, host: 'fw-a', address: 'a' });
    r.onEvent({ type: 'host_finished', at, result: { ...hosts[1]!, name: 'fw-a' } });
    await r.finish();
    const lines = screen(t.raw());
    const second = lines.findIndex((l) => l.includes('Second play'));
    expect(lines.slice(0, second).some((l) => l.includes('✔ fw-a  ok'))).toBe(true);
    expect(lines.slice(second).some((l) => l.includes('✔ fw-a  changed'))).toBe(true);
  });

  it('holds back what is written to the error stream while the display is live, and prints it after', async () => {
    const t = terminal();
    const err = new PassThrough();
    const errChunks: string[] = [];
    err.on('data', (c: Buffer) => errChunks.push(c.toString()));
    const r = createTtyReporter({ output: t.out, errorOutput: err, color: false });
    const at = 'now';
    r.onEvent({ type: 'batch_started', at, play: 'P', batch: 1, batches: 1, hosts: ['fw-a'] });
    await vi.waitFor(() => expect(t.raw()).toContain('fw-a'));
    err.write('stray message\n');
    expect(errChunks.join('')).toBe('');
    r.onEvent({ type: 'host_finished', at, result: { ...hosts[0]!, name: 'fw-a' } });
    await r.finish();
    expect(errChunks.join('')).toBe('stray message\n');
  });
});

describe('hostOutcomeLine', () => {
  it('names the error code and a one-line reason for a failure', () => {
    expect(hostOutcomeLine(hosts[4]!, st)).toBe('fw-failed  failed  [E_REBOOT_TIMEOUT] eventhandler-socket: device did not come back within 900 s');
  });

  it('lists only the fixes that would run for certain and counts the steps re-checked after them', () => {
    expect(hostOutcomeLine(noDnsHost, st)).toBe('ftd-006  pending  would fix: dns-configured (+8 re-checked after it)');
  });

  it('says a reboot that depends on an earlier fix may happen, and one that does not would happen', () => {
    expect(hostOutcomeLine(connectorHost, st)).toBe('ftd-005  pending  would fix: connector-enabled (may reboot) (+2 re-checked after it)');
    expect(hostOutcomeLine(socketHost, st)).toBe('ftd-012  pending  would fix: eventhandler-socket (would reboot)');
    const both = { ...socketHost, steps: [...socketHost.steps, ...connectorHost.steps.slice(1)] };
    expect(hostOutcomeLine(both, st)).toBe('ftd-012  pending  would fix: eventhandler-socket, connector-enabled (would reboot) (+2 re-checked after them)');
  });

  it('uses the first line of a multi-line remedy', () => {
    expect(hostOutcomeLine(hosts[3]!, st)).toBe('fw-action  action_required  cloud-reachable: Open TCP 443 from fw-action (127.0.0.1) to api.sse.cisco.com.');
  });
});

describe('formatElapsed', () => {
  it('formats milliseconds, seconds and minutes', () => {
    expect([formatElapsed(850), formatElapsed(12_400), formatElapsed(185_000)]).toEqual(['850ms', '12s', '3m05s']);
  });
});
