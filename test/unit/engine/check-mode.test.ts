import { describe, expect, it } from 'vitest';
import { FakeTransport } from '../../helpers/fake-transport.js';
import { DNS_VARS, cmd, dnsDevice, dnsStep, host, hosts, play, playbook, reboot, run, t } from './build.js';

describe('check mode (the dry-run guarantee)', () => {
  it('never sends a fix or a reboot across a fleet that needs fixing, and reports pending with the rendered fix', async () => {
    const fleet = hosts(6);
    const tr = new FakeTransport(Object.fromEntries(fleet.map((h) => [h.name, dnsDevice([])])));
    const pb = playbook(play([dnsStep({ fix: [cmd("configure network dns servers {{ dns_servers | join(',') }}"), reboot(900)] })], { vars: DNS_VARS }));
    const { result, exitCode } = await run(pb, fleet, tr, { mode: 'check' });
    for (const h of fleet) {
      const d = tr.device(h.name);
      expect(d.log.every((r) => r.purpose === 'check')).toBe(true);
      expect(d.reboots).toBe(0);
      expect(d.state['dns']).toEqual([]);
    }
    const s = result.hosts[0]!.steps[0]!;
    expect(s.status).toBe('pending');
    expect(s.fix).toEqual({ commands: ['configure network dns servers 8.8.8.8,1.1.1.1', 'reboot'], sent: false, reboot: true, rebootTimeoutS: 900 });
    expect(result.summary.pending).toBe(6);
    expect(result.mode).toBe('check');
    expect(exitCode).toBe(0);
  });

  it('opens every session read-only in check mode', async () => {
    const tr = new FakeTransport({ a: dnsDevice([]) });
    await run(playbook(play([dnsStep()], { vars: DNS_VARS })), [host('a')], tr, { mode: 'check' });
    expect(tr.optionsByHost.get('a')?.readOnly).toBe(true);
  });

  it('has sessions that refuse a fix, a check that is not read-only and a reboot while in check mode', async () => {
    const tr = new FakeTransport({ a: dnsDevice([]) });
    const session = await tr.open({ name: 'a', address: '127.0.0.1', secrets: [], platform: 'ftd' }, { connectTimeoutMs: 1, commandTimeoutMs: 1, readOnly: true });
    const configure = { kind: 'command', command: 'configure network dns servers 1.1.1.1', mode: 'clish' } as const;
    await expect(session.run(configure, 'fix')).rejects.toMatchObject({ code: 'E_READ_ONLY' });
    await expect(session.run(configure, 'check')).rejects.toMatchObject({ code: 'E_READ_ONLY' });
    await expect(session.run({ kind: 'reboot', timeoutMs: 1000 }, 'fix')).rejects.toMatchObject({ code: 'E_READ_ONLY' });
    await expect(session.run({ kind: 'command', command: 'show network', mode: 'clish' }, 'check')).resolves.toMatchObject({ output: expect.stringContaining('DNS') });
    expect(tr.device('a').log.map((r) => r.command)).toEqual(['show network']);
  });

  it('skips a check declared not_read_only in check mode, saying why, and runs it in apply mode', async () => {
    const declared = dnsStep();
    declared.check!.notReadOnly = 'the probe re-registers the connector';
    const tr = new FakeTransport({ a: dnsDevice(['8.8.8.8']) });
    const { result } = await run(playbook(play([declared], { vars: DNS_VARS })), [host('a')], tr, { mode: 'check' });
    expect(result.hosts[0]!.steps[0]).toMatchObject({ status: 'skipped', reason: 'check declared not read-only (not_read_only: the probe re-registers the connector): not sent in --check' });
    expect(tr.device('a').log).toEqual([]);
    const applied = new FakeTransport({ a: dnsDevice(['8.8.8.8']) });
    await run(playbook(play([declared], { vars: DNS_VARS })), [host('a')], applied, { mode: 'apply' });
    expect(applied.device('a').log.map((r) => r.command)).toEqual(['show network']);
  });

  it('does not open sessions read-only in apply mode', async () => {
    const tr = new FakeTransport({ a: dnsDevice(['8.8.8.8']) });
    await run(playbook(play([dnsStep()], { vars: DNS_VARS })), [host('a')], tr, { mode: 'apply' });
    expect(tr.optionsByHost.get('a')?.readOnly).toBe(false);
  });

  it('returns 3 with --detailed-exitcode when changes are pending and nothing failed', async () => {
    const tr = new FakeTransport({ a: dnsDevice([]), b: dnsDevice(['8.8.8.8']) });
    const { exitCode } = await run(playbook(play([dnsStep()], { vars: DNS_VARS })), [host('a'), host('b')], tr, { mode: 'check', detailedExitcode: true });
    expect(exitCode).toBe(3);
  });

  it('reports action_required in check mode for a failing step that only has a remedy', async () => {
    const tr = new FakeTransport({ a: dnsDevice([]) });
    const pb = playbook(play([dnsStep({ fix: [], remedy: t('call the network team about {{ inventory_hostname }}') })]));
    const { result, exitCode } = await run(pb, [host('a')], tr, { mode: 'check' });
    expect(result.hosts[0]!.steps[0]).toMatchObject({ status: 'action_required', remedy: 'call the network team about a' });
    expect(exitCode).toBe(2);
  });
});
