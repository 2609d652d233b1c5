import { describe, expect, it } from 'vitest';
import { TransportError } from '../../../src/errors.js';
import { FakeTransport } from '../../helpers/fake-transport.js';
import { DNS_VARS, cmd, dnsDevice, dnsStep, e, host, play, playbook, run, step, t } from './build.js';

const pbDns = (o: Parameters<typeof dnsStep>[0] = {}) => playbook(play([dnsStep(o)], { vars: DNS_VARS }));

describe('step outcomes', () => {
  it('reports ok and sends nothing when the check passes', async () => {
    const tr = new FakeTransport({ a: dnsDevice(['8.8.8.8']) });
    const { result } = await run(pbDns(), [host('a')], tr);
    const s = result.hosts[0]!.steps[0]!;
    expect(s.status).toBe('ok');
    expect(s.check).toMatchObject({ command: 'show network', passed: true });
    expect(s.fix).toBeUndefined();
    expect(tr.device('a').sent('fix')).toEqual([]);
    expect(result.hosts[0]!.status).toBe('ok');
  });

  it('sends the rendered fix, runs the check again as verification and reports changed', async () => {
    const tr = new FakeTransport({ a: dnsDevice([]) });
    const { result } = await run(pbDns(), [host('a')], tr);
    const s = result.hosts[0]!.steps[0]!;
    expect(s.status).toBe('changed');
    expect(s.fix).toEqual({ commands: ['configure network dns servers 8.8.8.8,1.1.1.1'], sent: true, reboot: false });
    expect(s.verify?.passed).toBe(true);
    expect(tr.device('a').log.map((r) => `${r.purpose}:${r.command}`)).toEqual([
      'check:show network',
      'fix:configure network dns servers 8.8.8.8,1.1.1.1',
      'check:show network',
    ]);
  });

  it('fails the step when the check still fails after the fix', async () => {
    const tr = new FakeTransport({ a: dnsDevice([], { onFix: () => undefined }) });
    const { result } = await run(pbDns(), [host('a')], tr);
    const s = result.hosts[0]!.steps[0]!;
    expect(s.status).toBe('failed');
    expect(s.error?.code).toBe('E_VERIFY_FAILED');
    expect(s.fix?.sent).toBe(true);
    expect(s.verify?.passed).toBe(false);
    expect(result.hosts[0]!.error?.code).toBe('E_VERIFY_FAILED');
  });

  it('reports action_required with the remedy rendered for the host when there is no fix', async () => {
    const tr = new FakeTransport({ a: dnsDevice([]) });
    const pb = pbDns({ fix: [], remedy: t('Open egress on {{ inventory_hostname }} ({{ ansible_host }})') });
    const { result } = await run(pb, [host('a', { ansible_host: '10.0.0.7' })], tr);
    const s = result.hosts[0]!.steps[0]!;
    expect(s.status).toBe('action_required');
    expect(s.remedy).toBe('Open egress on a (10.0.0.7)');
    expect(result.hosts[0]!.status).toBe('action_required');
  });

  it('fails a check with neither fix nor remedy when it does not hold', async () => {
    const tr = new FakeTransport({ a: dnsDevice([]) });
    const { result } = await run(pbDns({ fix: [] }), [host('a')], tr);
    expect(result.hosts[0]!.steps[0]).toMatchObject({ status: 'failed', error: { code: 'E_CHECK_FAILED' } });
  });

  it('fails the step with E_COMMAND when the device rejects the check command', async () => {
    const tr = new FakeTransport({ a: dnsDevice([]) });
    const pb = playbook(play([step('x', { check: { command: 'show nonsense', expect: {} } })]));
    const { result } = await run(pb, [host('a')], tr);
    expect(result.hosts[0]!.steps[0]).toMatchObject({ status: 'failed', error: { code: 'E_COMMAND' } });
  });

  it('fails the step with the transport code when a command times out', async () => {
    const tr = new FakeTransport({ a: dnsDevice([], { throwOn: () => new TransportError('E_COMMAND_TIMEOUT', 'no prompt after 30s') }) });
    const { result } = await run(pbDns(), [host('a')], tr);
    expect(result.hosts[0]!.steps[0]).toMatchObject({ status: 'failed', error: { code: 'E_COMMAND_TIMEOUT' } });
    expect(result.hosts[0]!.status).toBe('failed');
  });

  it('fails the step with E_PARSE when the parser does not recognise the output', async () => {
    const tr = new FakeTransport({ a: dnsDevice([]) });
    const pb = playbook(play([step('x', { check: { command: 'show network', parse: 'show_network', expect: { that: [e('facts.dns_servers | length > 0')] } } })]));
    const { result } = await run(pb, [host('a')], tr);
    expect(result.hosts[0]!.steps[0]).toMatchObject({ status: 'failed', error: { code: 'E_PARSE' } });
  });

  it('fails the step with E_TEMPLATE when a variable is undefined, sending nothing', async () => {
    const tr = new FakeTransport({ a: dnsDevice([]) });
    const { result } = await run(playbook(play([dnsStep()])), [host('a')], tr);
    expect(result.hosts[0]!.steps[0]).toMatchObject({ status: 'failed', error: { code: 'E_TEMPLATE' } });
    expect(tr.device('a').sent('fix')).toEqual([]);
  });

  it('fails the step with E_COMMAND when a fix command is rejected, and stops sending the rest', async () => {
    const tr = new FakeTransport({ a: dnsDevice([]) });
    const pb = pbDns({ fix: [cmd('configure bogus'), cmd('configure network dns servers 8.8.8.8')] });
    const { result } = await run(pb, [host('a')], tr);
    const s = result.hosts[0]!.steps[0]!;
    expect(s).toMatchObject({ status: 'failed', error: { code: 'E_COMMAND' }, fix: { sent: true } });
    expect(tr.device('a').sent('fix')).toEqual(['configure bogus']);
  });

  it('skips the later steps of a host after a failed step, with that reason', async () => {
    const tr = new FakeTransport({ a: dnsDevice([]) });
    const pb = playbook(play([step('bad', { check: { command: 'show nonsense' } }), dnsStep()], { vars: DNS_VARS }));
    const { result } = await run(pb, [host('a')], tr);
    const [bad, dns] = result.hosts[0]!.steps;
    expect(bad!.status).toBe('failed');
    expect(dns).toMatchObject({ status: 'skipped', reason: "after an earlier failure (step 'bad')" });
    expect(tr.device('a').sent('check')).toEqual(['show nonsense']);
  });

  it('judges exit_status, matches, not_contains and that over output and facts', async () => {
    const tr = new FakeTransport({
      a: { respond: (c) => (c === 'curl -s https://x' ? { output: 'HTTP/1.1 200 OK\nverify ok', exitStatus: 0 } : undefined) },
      b: { respond: (c) => (c === 'curl -s https://x' ? { output: 'SSL certificate problem', exitStatus: 60 } : undefined) },
    });
    const pb = playbook(
      play([
        step('tls', {
          mode: 'expert',
          check: {
            command: 'curl -s https://x',
            expect: { exitStatus: 0, matches: [{ re: /HTTP\/1\.1 [23]\d\d/, pos: { file: 'x', line: 1, col: 1 } }], notContains: [t('certificate problem')], that: [e("'verify ok' in output and exit_status == 0")] },
          },
          remedy: t('fix TLS'),
        }),
      ]),
    );
    const { result } = await run(pb, [host('a'), host('b')], tr);
    expect(result.hosts.map((h) => h.status)).toEqual(['ok', 'action_required']);
    expect(result.hosts[0]!.steps[0]!.check?.exitStatus).toBe(0);
    expect(result.hosts[1]!.steps[0]!.reason).toContain('exit status 60 is not 0');
    expect(tr.device('a').log[0]!.mode).toBe('expert');
  });

  it('keeps a fingerprint of the check output that ignores whitespace differences', async () => {
    const tr = new FakeTransport({
      a: { respond: () => ({ output: 'DNS  Servers: 8.8.8.8\n' }) },
      b: { respond: () => ({ output: 'DNS Servers:   8.8.8.8' }) },
      c: { respond: () => ({ output: 'DNS Servers: 9.9.9.9' }) },
    });
    const pb = playbook(play([step('x', { check: { command: 'show network' } })]));
    const { result } = await run(pb, [host('a'), host('b'), host('c')], tr);
    const fp = result.hosts.map((h) => h.steps[0]!.check?.fingerprint);
    expect(fp[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(fp[0]).toBe(fp[1]);
    expect(fp[0]).not.toBe(fp[2]);
  });
});
