import { describe, expect, it } from 'vitest';
import type { HostResult, StepResult } from '../../../src/engine/results.js';
import type { ErrorCode } from '../../../src/errors.js';
import { abstractHostText, causesOf, causeTitle, formatCauses } from '../../../src/report/causes.js';
import { compareHostNames, inHostOrder } from '../../../src/report/host-order.js';

const HOSTS = ['api.eu.sse.itd.cisco.com', 'est.sco.cisco.com', 'mx01.eu.sse.itd.cisco.com'];

const ok = (id: string): StepResult => ({ id, name: id, status: 'ok', durationMs: 1 });
function blocked(name: string, port: number, region: string): HostResult {
  return {
    name,
    address: `127.0.0.1:${port}`,
    status: 'action_required',
    durationMs: 10,
    steps: [
      ok('dns-configured'),
      ...HOSTS.map(
        (item, i): StepResult => ({
          id: `cloud-reachable[${i}]`,
          name: 'Every SSE host answers',
          status: 'action_required',
          item,
          remedy: `${name} (127.0.0.1, region ${region}) cannot reach ${item} on 443/tcp: allow ${HOSTS.join(', ')}.`,
          durationMs: 1,
        }),
      ),
      { id: 'tls-path', name: 'tls', status: 'skipped', reason: "depends on 'cloud-reachable'", durationMs: 0 },
    ],
  };
}
function noDns(name: string, port: number): HostResult {
  return {
    name,
    address: `127.0.0.1:${port}`,
    status: 'pending',
    durationMs: 5,
    steps: [
      { id: 'dns-configured', name: 'DNS', status: 'pending', fix: { commands: ['configure network dns servers 192.0.2.53'], sent: false, reboot: false }, durationMs: 1 },
      { id: 'dns-resolves', name: 'resolves', status: 'pending', afterFixOf: 'dns-configured', fix: { commands: ['configure network dns servers 192.0.2.53'], sent: false, reboot: false }, durationMs: 1 },
    ],
  };
}
const unreachable = (name: string, port: number, code: ErrorCode, why: string): HostResult => ({
  name,
  address: `127.0.0.1:${port}`,
  status: 'unreachable',
  durationMs: 3,
  error: { code, message: `${name} (127.0.0.1:${port}): ${why}` },
  steps: [],
});

describe('root causes', () => {
  const hosts: HostResult[] = [
    blocked('ftd-10', 2210, 'eu'),
    blocked('ftd-2', 2202, 'eu'),
    blocked('ftd-7', 2207, 'us'),
    noDns('ftd-3', 2203),
    unreachable('ftd-5', 2205, 'E_AUTH', 'authentication failed'),
    unreachable('ftd-9', 2209, 'E_AUTH', 'authentication failed'),
    unreachable('ftd-4', 2204, 'E_CONNECT_REFUSED', 'connection refused'),
    { name: 'ftd-1', address: '127.0.0.1:2201', status: 'ok', durationMs: 1, steps: [ok('dns-configured')] },
  ];
  const causes = causesOf({ hosts });

  it('groups the loop items of one step sharing a remedy into one cause listing the items, per region', () => {
    const eu = causes.find((c) => c.step === 'cloud-reachable' && c.remedy?.includes('region eu'));
    expect(eu).toBeDefined();
    expect(eu?.hosts).toEqual(['ftd-2', 'ftd-10']);
    expect(eu?.items).toEqual(HOSTS);
    expect(eu?.remedy).toBe(`<host> (<address>, region eu) cannot reach <item> on 443/tcp: allow ${HOSTS.join(', ')}.`);
    const us = causes.filter((c) => c.step === 'cloud-reachable' && c !== eu);
    expect(us.map((c) => c.hosts)).toEqual([['ftd-7']]);
  });

  it('groups unreachable hosts by error code, with the host-specific parts of the message abstracted', () => {
    const auth = causes.find((c) => c.code === 'E_AUTH');
    expect(auth).toMatchObject({ status: 'unreachable', hosts: ['ftd-5', 'ftd-9'], message: '<host> (<address>): authentication failed' });
    expect(auth?.step).toBeUndefined();
  });

  it('leaves out ok and skipped steps and steps pending only behind an earlier fix', () => {
    expect(causes.map((c) => c.step ?? c.code)).toEqual(['E_AUTH', 'cloud-reachable', 'E_CONNECT_REFUSED', 'cloud-reachable', 'dns-configured']);
    expect(causes.find((c) => c.step === 'dns-configured')?.message).toBe('would send configure network dns servers 192.0.2.53');
  });

  it('leaves out a failure the playbook ignores (ignore_errors), and keeps the same failure when it is not ignored', () => {
    const failing = (ignored: boolean): HostResult => ({
      name: 'ftd-001',
      address: '127.0.0.1:2201',
      status: ignored ? 'ok' : 'failed',
      durationMs: 3,
      steps: [{ id: 'model', name: 'model', status: 'failed', error: { code: 'E_CHECK_FAILED', message: 'unknown model' }, ...(ignored ? { ignored: true } : {}), durationMs: 1 }],
    });
    expect(causesOf({ hosts: [failing(true)] })).toEqual([]);
    expect(causesOf({ hosts: [failing(false)] }).map((c) => c.hosts)).toEqual([['ftd-001']]);
  });

  it('puts the largest cause first, then the worst status', () => {
    const sizes = causes.map((c) => c.hosts.length);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    // Same size: unreachable before action_required before pending.
    expect(causes.map((c) => c.status)).toEqual(['unreachable', 'action_required', 'unreachable', 'action_required', 'pending']);
  });

  it('titles and formats causes for people', () => {
    expect(causeTitle(causes[0]!)).toBe('unreachable [E_AUTH]: <host> (<address>): authentication failed');
    const lines = formatCauses(causes, 1);
    expect(lines[0]).toBe('Root causes (5, largest first):');
    expect(lines[2]).toBe('     2 devices: ftd-5, … 1 more');
    expect(formatCauses([])).toEqual(['Root causes: none (nothing to fix or look at)']);
  });

  it('replaces whole words only', () => {
    expect(abstractHostText('fw1 is not fw10 nor fw1-b; at 10.0.0.1, not 10.0.0.10, is fw1.', { name: 'fw1', address: '10.0.0.1:22' })).toBe(
      '<host> is not fw10 nor fw1-b; at <address>, not 10.0.0.10, is <host>.',
    );
  });
});

describe('host order', () => {
  it('sorts names naturally, whatever order they ran in', () => {
    expect(['ftd-10', 'ftd-2', 'ftd-001', 'fmc', 'ftd-1'].sort(compareHostNames)).toEqual(['fmc', 'ftd-001', 'ftd-1', 'ftd-2', 'ftd-10']);
    expect(inHostOrder([{ name: 'b2' }, { name: 'b10' }, { name: 'a' }]).map((h) => h.name)).toEqual(['a', 'b2', 'b10']);
  });
});

describe('causes in the files a run writes', () => {
  it('are JUnit properties of each host they apply to and a section of SUMMARY.md', async () => {
    const { sampleRun, PASSWORD } = await import('./sample-run.js');
    const { renderJunit } = await import('../../../src/report/junit.js');
    const { renderEvidenceSummary } = await import('../../../src/report/evidence.js');
    const run = sampleRun('apply');
    const causes = causesOf(run);
    const xml = renderJunit(run);
    const suite = (name: string): string => xml.slice(xml.indexOf(`<testsuite name="${name}"`), xml.indexOf('</testsuite>', xml.indexOf(`<testsuite name="${name}"`)));
    const auth = causes.findIndex((c) => c.code === 'E_AUTH');
    expect(suite('fw-unreachable')).toContain(`<property name="cause" value="${auth + 1}/${causes.length} unreachable [E_AUTH]: authentication failed for admin (password ${PASSWORD} refused)"/>`);
    expect(suite('fw-ok')).not.toContain('name="cause"');
    const md = renderEvidenceSummary({ run, complete: true, exitCode: 2 });
    expect(md).toContain('## Root causes');
    expect(md).toMatch(/\| \d \| 1 \| dns-configured \| changed \| fixed: sent configure network dns servers 208\.67\.222\.222/);
    expect(md).toContain('Remedy for cause');
  });
});

describe('loop items of a saved plan (no item recorded)', () => {
  it('are inferred from where the remedies differ, so a plan has the same causes as its run', () => {
    const strip = (h: HostResult): HostResult => ({ ...h, steps: h.steps.map(({ item: _item, ...s }) => s) });
    const hosts = [blocked('ftd-2', 2202, 'eu'), blocked('ftd-10', 2210, 'eu')];
    expect(causesOf({ hosts: hosts.map(strip) })).toEqual(causesOf({ hosts }));
  });
});
