import { describe, expect, it } from 'vitest';
import { renderCheckPlan } from '../../../src/report/check-plan.js';
import { summarize, type RunResult } from '../../../src/engine/results.js';
import { stripSgr } from '../../../src/report/style.js';
import { createRedactor, REDACTED } from '../../../src/report/redact.js';
import { PASSWORD, sampleRun } from './sample-run.js';

const redactor = createRedactor([PASSWORD]);

describe('renderCheckPlan', () => {
  it('lists each pending fix with its exact commands and flags the reboot', () => {
    const text = renderCheckPlan(sampleRun('check'), { redactor });
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
    const text = renderCheckPlan(sampleRun('check'), { redactor });
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
    const text = renderCheckPlan(sampleRun('check'), { redactor });
    expect(text).toContain('fw-failed (127.0.0.1:2205)  1 step failed');
    expect(text).toContain('✖ eventhandler-socket  EventHandler socket is healthy  failed [E_REBOOT_TIMEOUT: device did not come back within 900 s]');
    expect(text).toMatch(/fw-unreachable \(127\.0\.0\.1:2206\) {2}unreachable \[E_AUTH\] authentication failed .*; not checked, nothing planned/);
  });

  it('lists quiet hosts after the busy ones and ends with totals', () => {
    const text = renderCheckPlan(sampleRun('check'), { redactor });
    expect(text.indexOf('fw-ok (')).toBeGreaterThan(text.indexOf('fw-unreachable ('));
    expect(text).toContain('fw-ok (127.0.0.1:2201)  ok; nothing to change');
    expect(text).toContain('fw-skipped (127.0.0.1:2207)  skipped: rollout stopped; nothing to change');
    expect(text.trimEnd().split('\n').at(-1)).toBe('Totals: 2 fixes would run on 1 host; 1 host would reboot; 1 action required on 1 host; 1 host unreachable; 1 host failed.');
  });

  it('never shows a secret, even one inside an error message', () => {
    const text = renderCheckPlan(sampleRun('check'), { redactor });
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
