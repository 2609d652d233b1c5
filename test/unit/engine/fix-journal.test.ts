import { describe, expect, it } from 'vitest';
import type { FixJournal, JournaledAction } from '../../../src/engine/fix-journal.js';
import { FiremendError } from '../../../src/errors.js';
import { FakeTransport } from '../../helpers/fake-transport.js';
import { DNS_VARS, cmd, dnsDevice, dnsStep, host, play, playbook, reboot, run } from './build.js';

const pb = playbook(play([dnsStep({ fix: [cmd("configure network dns servers {{ dns_servers | join(',') }}"), reboot(60)] })], { vars: DNS_VARS }));

describe('the engine and the run journal', () => {
  it('records each fix action before it reaches the device, and its outcome after', async () => {
    const tr = new FakeTransport({ a: dnsDevice([]) });
    const trail: string[] = [];
    const journal: FixJournal = {
      sending: async (a: JournaledAction) => {
        // Resolves later than the engine could send: the device must not have seen the action yet.
        await new Promise((r) => setImmediate(r));
        trail.push(`journal ${a.kind} ${a.command} (device has ${tr.device('a').log.filter((l) => l.purpose !== 'check').length} fix/reboot)`);
      },
      finished: async (a, outcome) => {
        trail.push(`outcome ${a.command} ${outcome.ok}`);
      },
    };
    const { result } = await run(pb, [host('a')], tr, { journal });
    expect(result.hosts[0]?.status).toBe('changed');
    expect(trail).toEqual([
      'journal command configure network dns servers 8.8.8.8,1.1.1.1 (device has 0 fix/reboot)',
      'outcome configure network dns servers 8.8.8.8,1.1.1.1 true',
      'journal reboot reboot (device has 1 fix/reboot)',
      'outcome reboot true',
    ]);
  });

  it('sends nothing when the journal cannot record the action: the step fails with E_JOURNAL_WRITE', async () => {
    const tr = new FakeTransport({ a: dnsDevice([]) });
    const journal: FixJournal = {
      sending: () => Promise.reject(new FiremendError('E_JOURNAL_WRITE', 'the run journal x could not be written: ENOSPC')),
      finished: () => Promise.resolve(),
    };
    const { result } = await run(pb, [host('a')], tr, { journal });
    const step = result.hosts[0]?.steps[0];
    expect(step?.status).toBe('failed');
    expect(step?.error?.code).toBe('E_JOURNAL_WRITE');
    expect(step?.fix?.sent).toBe(false);
    expect(tr.device('a').sent('fix')).toEqual([]);
    expect(tr.device('a').reboots).toBe(0);
  });
});
