// ignore_errors in every human output: a step that failed under ignore_errors stays `failed` and says "ignored"
// in the line output, the TTY's host line, JUnit and SUMMARY.md, and is never taken for the host's failure.
import { describe, expect, it } from 'vitest';
import { summarize, type HostResult, type RunResult, type StepResult } from '../../../src/engine/results.js';
import { renderEvidenceSummary } from '../../../src/report/evidence.js';
import { renderJunit } from '../../../src/report/junit.js';
import { formatEventLines } from '../../../src/report/line-reporter.js';
import { createStyle } from '../../../src/report/style.js';
import { hostOutcomeLine } from '../../../src/report/tty-reporter.js';

const ignoredStep: StepResult = {
  id: 'license-smart',
  name: 'Smart licensing is registered',
  status: 'failed',
  ignored: true,
  reason: 'check failed: output does not contain "REGISTERED"',
  error: { code: 'E_COMMAND', message: 'output does not contain "REGISTERED"' },
  check: { command: 'show license status', passed: false, output: 'Smart Licensing is UNREGISTERED\n', durationMs: 40 },
  durationMs: 50,
};
const okStep: StepResult = { id: 'dns-configured', name: 'DNS servers are configured', status: 'ok', check: { command: 'show network', passed: true, output: 'DNS Servers: 8.8.8.8\n', durationMs: 30 }, durationMs: 35 };
const realFailure: StepResult = {
  id: 'eventhandler-socket',
  name: 'EventHandler socket is healthy',
  status: 'failed',
  reason: 'device did not come back within 900 s',
  error: { code: 'E_REBOOT_TIMEOUT', message: 'device did not come back within 900 s' },
  durationMs: 900,
};

// Host status as the engine makes it: an ignored failure counts as ok; another failure still fails the host.
const okHost: HostResult = { name: 'fw-ign', address: '127.0.0.1:2201', status: 'ok', durationMs: 100, steps: [ignoredStep, okStep] };
const failedHost: HostResult = { name: 'fw-both', address: '127.0.0.1:2202', status: 'failed', durationMs: 1000, error: realFailure.error, steps: [ignoredStep, realFailure] };
// The host failed after its only failing step was ignored (the session broke between steps).
const brokenHost: HostResult = { name: 'fw-broken', address: '127.0.0.1:2203', status: 'failed', durationMs: 500, error: { code: 'E_DISCONNECTED', message: 'the SSH session closed' }, steps: [ignoredStep] };

function runOf(hosts: HostResult[]): RunResult {
  return { playbook: 'pb.yml', inventory: 'inv.yml', mode: 'apply', startedAt: '2025-01-02T03:04:05.000Z', finishedAt: '2025-01-02T03:04:06.000Z', interrupted: false, hosts, summary: summarize(hosts) };
}

describe('line output', () => {
  it('says "(ignored)" on a failed step under ignore_errors, and nothing of the kind on another failure', () => {
    expect(formatEventLines({ type: 'step_finished', at: 'T', host: 'fw-ign', result: ignoredStep })).toEqual(['fw-ign license-smart: failed (ignored) [E_COMMAND] output does not contain "REGISTERED"']);
    expect(formatEventLines({ type: 'step_finished', at: 'T', host: 'fw-both', result: realFailure })).toEqual(['fw-both eventhandler-socket: failed [E_REBOOT_TIMEOUT] device did not come back within 900 s']);
  });
});

describe('TTY host line', () => {
  const st = createStyle(false);
  it('adds the ignored failures to an ok host', () => {
    expect(hostOutcomeLine(okHost, st)).toBe('fw-ign  ok  1 check passed  ignored failure: license-smart');
  });

  it('names the failure that was not ignored as the host’s, and still lists the ignored one', () => {
    expect(hostOutcomeLine(failedHost, st)).toBe('fw-both  failed  [E_REBOOT_TIMEOUT] eventhandler-socket: device did not come back within 900 s  ignored failure: license-smart');
  });

  it('takes the host’s own error when its only failed step was ignored', () => {
    expect(hostOutcomeLine(brokenHost, st)).toBe('fw-broken  failed  [E_DISCONNECTED] the SSH session closed  ignored failure: license-smart');
  });
});

describe('JUnit', () => {
  it('reports an ignored failure as skipped with "ignored:" and its output, not as a failure', () => {
    const xml = renderJunit(runOf([okHost]));
    expect(xml).toContain('<skipped message="ignored: E_COMMAND: check failed: output does not contain &quot;REGISTERED&quot;"/>');
    expect(xml).toContain('<system-out>check: show license status\nSmart Licensing is UNREGISTERED\n</system-out>');
    expect(xml).not.toContain('<failure');
    expect(xml).toMatch(/<testsuite name="fw-ign" [^>]*tests="2" failures="0" errors="0" skipped="1"/);
  });

  it('still fails a host whose error no step carries because its only failed step was ignored', () => {
    const xml = renderJunit(runOf([brokenHost]));
    expect(xml).toContain('<testcase classname="fw-broken" name="connect"');
    expect(xml).toContain('<failure type="E_DISCONNECTED" message="the SSH session closed">');
    expect(xml).toMatch(/<testsuite name="fw-broken" [^>]*failures="1" errors="0" skipped="1"/);
  });
});

describe('SUMMARY.md', () => {
  it('lists ignored failures in a section of their own, apart from the failures', () => {
    const md = renderEvidenceSummary({ run: runOf([okHost, failedHost]), complete: true, exitCode: 2 });
    const failures = md.slice(md.indexOf('## Failures\n'), md.indexOf('## Failures ignored (ignore_errors)'));
    const ignored = md.slice(md.indexOf('## Failures ignored (ignore_errors)'));
    expect(failures).toContain('### fw-both — eventhandler-socket');
    expect(failures).not.toContain('license-smart');
    expect(ignored).toContain('### fw-ign — license-smart: Smart licensing is registered');
    expect(ignored).toContain('### fw-both — license-smart: Smart licensing is registered');
    expect(ignored).toContain('`E_COMMAND`: check failed: output does not contain "REGISTERED"');
    expect(ignored).not.toContain('eventhandler-socket');
  });
});
