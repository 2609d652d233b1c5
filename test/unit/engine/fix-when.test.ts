// `fix_when`: a fix the operator opts into. When the expression is false the step is remedy-only (action_required
// with its remedy, nothing sent); when true it is the usual check → fix → verify (pending in --check).
import { describe, expect, it } from 'vitest';
import { parsePlaybook } from '../../../src/playbook/load-playbook.js';
import { FakeTransport } from '../../helpers/fake-transport.js';
import { DNS_VARS, dnsDevice, dnsStep, e, host, play, playbook, run, t } from './build.js';

const optIn = (extra: Record<string, unknown> = {}) =>
  playbook(play([dnsStep({ fixWhen: e('allow_dns_fix | bool'), remedy: t('set DNS on {{ inventory_hostname }}') })], { vars: { ...DNS_VARS, allow_dns_fix: false, ...extra } }));

describe('fix_when', () => {
  it('makes the step action_required with its remedy, sending nothing, when false', async () => {
    const tr = new FakeTransport({ a: dnsDevice([]) });
    const { result } = await run(optIn(), [host('a')], tr, { mode: 'apply' });
    const s = result.hosts[0]!.steps[0]!;
    expect(s.status).toBe('action_required');
    expect(s.remedy).toBe('set DNS on a');
    expect(s.fix).toBeUndefined();
    expect(tr.device('a').sent('fix')).toEqual([]);
  });

  it('fixes and verifies when true (an -e value such as "true" counts), and is pending in --check', async () => {
    const tr = new FakeTransport({ a: dnsDevice([]), b: dnsDevice([]) });
    const applied = await run(optIn(), [host('a')], tr, { mode: 'apply', extraVars: { allow_dns_fix: 'true' } });
    expect(applied.result.hosts[0]!.steps[0]!.status).toBe('changed');
    expect(tr.device('a').sent('fix')).toEqual(['configure network dns servers 8.8.8.8,1.1.1.1']);
    const checked = await run(optIn({ allow_dns_fix: true }), [host('b')], tr, { mode: 'check' });
    expect(checked.result.hosts[0]!.steps[0]!.status).toBe('pending');
    expect(tr.device('b').sent('fix')).toEqual([]);
  });

  it('is refused by the loader on a step without a fix', async () => {
    const yaml = `- hosts: all\n  steps:\n    - id: x\n      check: { command: show network, expect: { contains: DNS } }\n      fix_when: "true"\n      remedy: r\n`;
    await expect(parsePlaybook(yaml, 'p.yml')).rejects.toThrow(/p\.yml:5:7: step 'x' has a 'fix_when' but no 'fix'/);
  });
});
