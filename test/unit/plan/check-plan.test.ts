import { describe, expect, it } from 'vitest';
import { renderCheckPlan } from '../../../src/plan/render-plan.js';
import { summarize, type RunResult } from '../../../src/engine/results.js';
import { stripSgr } from '../../../src/report/style.js';
import { createRedactor, REDACTED } from '../../../src/report/redact.js';
import { PASSWORD, sampleRun } from '../report/sample-run.js';
import { connectorHost, noDnsHost, socketHost, waitingRun } from '../report/waiting-run.js';

const redactor = createRedactor([PASSWORD]);

describe('renderCheckPlan', () => {
  const text = renderCheckPlan(sampleRun('check'), { redactor });

  it('lists each pending fix with its exact commands and flags the reboot', () => {
    expect(text).toContain(
      [
        'fw-pending (127.0.0.1:2203)  2 fixes pending, 1 reboot',
        '  ~ dns-configured  DNS servers are configured',
        '      $ configure network dns servers 1.1.1.1',
        '  ~ eventhandler-socket  EventHandler socket is healthy  [REBOOTS DEVICE]',
        '      $ pmtool disablebyid EventHandler',
        '      $ pmtool enablebyid EventHandler',
        '      ⟳ reboot, then wait for the device to come back',
      ].join('\n'),
    );
  });

  it('gives each action_required step its full remedy', () => {
    expect(text).toContain(
      [
        'fw-action (127.0.0.1:2204)  1 action required',
        '  ! cloud-reachable  Cloud hosts are reachable  action required',
        '      Open TCP 443 from fw-action (127.0.0.1) to api.sse.cisco.com.',
        '      Then re-run firemend.',
      ].join('\n'),
    );
  });

  it('shows failures and unreachable hosts with their error codes', () => {
    expect(text).toContain('fw-failed (127.0.0.1:2205)  1 step failed');
    expect(text).toContain('✖ eventhandler-socket  EventHandler socket is healthy  failed [E_REBOOT_TIMEOUT: device did not come back within 900 s]');
    expect(text).toMatch(/fw-unreachable \(127\.0\.0\.1:2206\) {2}unreachable \[E_AUTH\] authentication failed .*; not checked, nothing planned/);
  });

  it('lists quiet hosts after the busy ones and ends with totals', () => {
    expect(text.indexOf('fw-ok (')).toBeGreaterThan(text.indexOf('fw-unreachable ('));
    expect(text).toContain('fw-ok (127.0.0.1:2201)  ok; nothing to change');
    expect(text).toContain('fw-skipped (127.0.0.1:2207)  skipped: rollout stopped; nothing to change');
    expect(text.trimEnd().split('\n').at(-1)).toBe('Totals: 2 fixes would run on 1 host; 1 host would reboot; 1 action required on 1 host; 1 host unreachable; 1 host failed.');
  });

  it('never shows a secret, even one inside an error message', () => {
    expect(text).not.toContain(PASSWORD);
    expect(text).toContain(`password ${REDACTED} refused`);
  });

  it('says plainly when nothing would change', () => {
    const run = sampleRun('check');
    const hosts = run.hosts.filter((h) => h.status === 'ok');
    const quiet: RunResult = { ...run, hosts, summary: summarize(hosts) };
    expect(renderCheckPlan(quiet, { redactor })).toContain('Totals: no fix would run; no reboot.');
  });

  it('uses colour only when asked, with the same text underneath', () => {
    const plain = renderCheckPlan(sampleRun('check'), { redactor });
    const coloured = renderCheckPlan(sampleRun('check'), { redactor, color: true });
    expect(plain).not.toContain('\u001b[');
    expect(coloured).toContain('\u001b[');
    expect(stripSgr(coloured)).toBe(plain);
  });
});

describe('renderCheckPlan with steps that wait for an earlier fix', () => {
  const text = renderCheckPlan(waitingRun(), { redactor });

  it('lists a fix that runs for certain with its commands, and the steps only re-checked after it on one line', () => {
    expect(text).toContain(
      [
        'ftd-006 (127.0.0.1:2206)  1 fix pending (+8 re-checked after it)',
        '  ~ dns-configured  DNS servers are configured',
        '      $ configure network dns servers 192.0.2.53,192.0.2.54',
        "  ? re-checked after dns-configured's fix: dns-resolves, cloud-reachable[0-4], tls-path, connector-enrolled",
        '    ~ dns-resolves  DNS resolves the cloud',
        "        if still failing after dns-configured's fix:",
        '        $ configure network dns servers 192.0.2.53,192.0.2.54',
      ].join('\n'),
    );
    expect(text).not.toMatch(/~ cloud-reachable/);
  });

  it('marks the reboot of a waiting step as possible, not certain', () => {
    expect(text).toContain(
      [
        'ftd-005 (127.0.0.1:2205)  1 fix pending (+2 re-checked after it), 1 possible reboot',
        '  ~ connector-enabled  SSE connector is enabled',
        '      $ pmtool enablebyid SSEConnector',
        "  ? re-checked after connector-enabled's fix: eventhandler-socket, connector-enrolled",
        '    ~ eventhandler-socket  EventHandler socket is connected  [MAY REBOOT]',
        "        if still failing after connector-enabled's fix:",
        '        $ pmtool disablebyid SSEConnector',
        '        $ pmtool enablebyid SSEConnector',
        '        ⟳ reboot, then wait for the device to come back',
      ].join('\n'),
    );
    expect(text.slice(text.indexOf('ftd-005 ('), text.indexOf('ftd-012 ('))).not.toContain('REBOOTS DEVICE');
  });

  it('still shouts a certain reboot', () => {
    expect(text).toContain(
      [
        'ftd-012 (127.0.0.1:2212)  1 fix pending, 1 reboot',
        '  ~ eventhandler-socket  EventHandler socket is connected  [REBOOTS DEVICE]',
        '      $ pmtool disablebyid SSEConnector',
        '      $ pmtool enablebyid SSEConnector',
        '      ⟳ reboot, then wait for the device to come back',
      ].join('\n'),
    );
    expect(text.match(/REBOOTS DEVICE/g)).toHaveLength(1);
  });

  it('counts certain and possible reboots apart in the totals', () => {
    expect(text.trimEnd().split('\n').at(-1)).toBe('Totals: 3 fixes would run on 3 hosts (+10 re-checked after them); 1 host would reboot, 1 more may reboot.');
    const onlyMaybe = renderCheckPlan(waitingRun([noDnsHost, connectorHost]), { redactor });
    expect(onlyMaybe.trimEnd().split('\n').at(-1)).toBe('Totals: 2 fixes would run on 2 hosts (+10 re-checked after them); no certain reboot, 1 host may reboot.');
    const both = renderCheckPlan(waitingRun([{ ...socketHost, steps: [...socketHost.steps, ...connectorHost.steps.slice(1)] }]), { redactor });
    expect(both.trimEnd().split('\n').at(-1)).toBe('Totals: 2 fixes would run on 1 host (+2 re-checked after them); 1 host would reboot.');
  });

  it('still shows steps waiting for a fix that is not among the host\'s steps', () => {
    const orphan = renderCheckPlan(waitingRun([{ ...connectorHost, steps: connectorHost.steps.filter((s) => s.id !== 'connector-enabled') }]), { redactor });
    expect(orphan).toContain("  ? re-checked after connector-enabled's fix: eventhandler-socket, connector-enrolled");
    expect(orphan).toContain('0 fixes pending (+2 re-checked after them), 1 possible reboot');
  });
});

describe('renderCheckPlan with HA pairs', () => {
  it('says in which order the units of each pair reboot', () => {
    const run: RunResult = { ...sampleRun('check'), haOrder: ['reboots fw-b (standby) first, then fw-a once fw-b is Standby Ready'] };
    expect(renderCheckPlan(run, { redactor })).toContain('HA reboot order:\n  reboots fw-b (standby) first, then fw-a once fw-b is Standby Ready\n');
    expect(renderCheckPlan(sampleRun('check'), { redactor })).not.toContain('HA reboot order');
  });
});
