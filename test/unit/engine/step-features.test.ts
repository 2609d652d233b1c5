import { describe, expect, it } from 'vitest';
import { TransportError } from '../../../src/errors.js';
import { FakeTransport, type DeviceScript } from '../../helpers/fake-transport.js';
import { DNS_VARS, cmd, dnsDevice, dnsStep, e, host, play, playbook, reboot, run, step, t } from './build.js';

// A connector that needs `settle` more checks after being enabled before it reports itself running.
function connectorDevice(settle: number, enabled = false): DeviceScript {
  return {
    state: { enabled, settle },
    respond: (c, s) => {
      if (c === 'pmtool status | grep SSEConnector') {
        const running = s['enabled'] === true && (s['settle'] as number) <= 0;
        if (s['enabled'] === true) s['settle'] = (s['settle'] as number) - 1;
        return { output: `SSEConnector (normal) - ${running ? 'Running 4242' : 'Waiting'}`, exitStatus: 0 };
      }
      if (c === 'pmtool enablebyid SSEConnector') return { output: '', exitStatus: 0 };
      return undefined;
    },
    onFix: (c, s) => {
      if (c === 'pmtool enablebyid SSEConnector') s['enabled'] = true;
    },
  };
}

const connectorStep = (o: Parameters<typeof step>[1] = {}) =>
  step('connector-enabled', { mode: 'root', check: { command: 'pmtool status | grep SSEConnector', expect: { contains: [t('Running')] } }, fix: [cmd('pmtool enablebyid SSEConnector')], retries: 3, delayS: 5, ...o });

describe('retries and delay', () => {
  it('retries the verification with the delay until the connector settles, then reports changed', async () => {
    const tr = new FakeTransport({ a: connectorDevice(2) });
    const { result, sleeps, events } = await run(playbook(play([connectorStep()])), [host('a')], tr);
    expect(result.hosts[0]!.steps[0]!.status).toBe('changed');
    expect(sleeps).toEqual([5000, 5000]);
    expect(tr.device('a').sent('check')).toHaveLength(4);
    expect(events.filter((ev) => ev.type === 'step_progress').map((ev) => (ev.type === 'step_progress' ? ev.message : ''))).toEqual([
      'check not passing yet, retry 1/3 in 5s',
      'check not passing yet, retry 2/3 in 5s',
    ]);
  });

  it('fails after the last retry when the check never passes', async () => {
    const tr = new FakeTransport({ a: connectorDevice(10) });
    const { result, sleeps } = await run(playbook(play([connectorStep()])), [host('a')], tr);
    expect(result.hosts[0]!.steps[0]).toMatchObject({ status: 'failed', error: { code: 'E_VERIFY_FAILED' } });
    expect(sleeps).toEqual([5000, 5000, 5000]);
    expect(tr.device('a').sent('check')).toHaveLength(5);
  });

  it('runs a failing check once in check mode (nothing was changed, nothing is settling)', async () => {
    const tr = new FakeTransport({ a: connectorDevice(0) });
    const { result, sleeps } = await run(playbook(play([connectorStep()])), [host('a')], tr, { mode: 'check' });
    expect(result.hosts[0]!.steps[0]!.status).toBe('pending');
    expect(sleeps).toEqual([]);
    expect(tr.device('a').sent('check')).toHaveLength(1);
  });

  it('retries the first check of a later step only once an earlier fix on the host changed something', async () => {
    // The connector comes up two checks after DNS is set: the later step relies on the retry to see it settle.
    const device = (): DeviceScript => ({
      ...dnsDevice([]),
      state: { dns: [], settle: 2 },
      respond: (c, s) => {
        if (c !== 'show connector') return dnsDevice().respond!(c, s, 'check');
        if ((s['dns'] as string[]).length === 0) return { output: 'Down' };
        s['settle'] = (s['settle'] as number) - 1;
        return { output: (s['settle'] as number) < 0 ? 'Running' : 'Down' };
      },
    });
    const observe = step('observe', { check: { command: 'show connector', expect: { contains: [t('Running')] } }, retries: 2, delayS: 1, remedy: t('x') });
    const tr = new FakeTransport({ a: device(), b: device() });
    const { result } = await run(playbook(play([dnsStep(), observe], { vars: DNS_VARS })), [host('a')], tr);
    expect(result.hosts[0]!.steps.map((s) => s.status)).toEqual(['changed', 'ok']);
    const { result: before } = await run(playbook(play([observe, dnsStep()], { vars: DNS_VARS })), [host('b')], tr);
    expect(before.hosts[0]!.steps.map((s) => s.status)).toEqual(['action_required', 'changed']);
    expect(tr.device('b').sent('check').filter((c) => c === 'show connector')).toHaveLength(1);
  });
});

describe('loop', () => {
  const sseHosts = { us: ['api-sse.cisco.com', 'mx01.sse.itd.cisco.com'], eu: ['api.eu.sse.itd.cisco.com'] };
  const reach = (ok: string[]): DeviceScript => ({
    respond: (c) => {
      const m = /^curl -s https:\/\/(\S+)$/.exec(c);
      return m ? { output: ok.includes(m[1] as string) ? 'connected' : 'timed out', exitStatus: 0 } : undefined;
    },
  });

  it("runs one check per item of the rendered loop, each reported with its item and an indexed id", async () => {
    const tr = new FakeTransport({ a: reach(['api-sse.cisco.com']), b: reach(['api.eu.sse.itd.cisco.com']) });
    const s = step('cloud-reachable', { loop: t('{{ sse_hosts[sse_region] }}'), loopVar: 'cloud', check: { command: 'curl -s https://{{ cloud }}', expect: { contains: [t('connected')] } }, remedy: t('open {{ cloud }}') });
    const pb = playbook(play([s], { vars: { sse_hosts: sseHosts } }));
    const { result } = await run(pb, [host('a', { sse_region: 'us' }), host('b', { sse_region: 'eu' })], tr);
    const [a, b] = result.hosts;
    expect(a!.steps.map((x) => [x.id, x.item, x.status])).toEqual([
      ['cloud-reachable[0]', 'api-sse.cisco.com', 'ok'],
      ['cloud-reachable[1]', 'mx01.sse.itd.cisco.com', 'action_required'],
    ]);
    expect(a!.steps[1]!.remedy).toBe('open mx01.sse.itd.cisco.com');
    expect(b!.steps.map((x) => [x.id, x.status])).toEqual([['cloud-reachable[0]', 'ok']]);
    expect(tr.device('a').sent('check')).toEqual(['curl -s https://api-sse.cisco.com', 'curl -s https://mx01.sse.itd.cisco.com']);
  });

  it('accepts a literal list and evaluates when per item', async () => {
    const tr = new FakeTransport({ a: reach(['x', 'y', 'z']) });
    const s = step('l', { loop: ['x', 'y', 'z'], when: e("item != 'y'"), check: { command: 'curl -s https://{{ item }}', expect: { contains: [t('connected')] } } });
    const { result } = await run(playbook(play([s])), [host('a')], tr);
    expect(result.hosts[0]!.steps.map((x) => x.status)).toEqual(['ok', 'skipped', 'ok']);
    expect(tr.device('a').sent('check')).toEqual(['curl -s https://x', 'curl -s https://z']);
  });

  it('fails the step with E_TEMPLATE when the loop does not render to a list', async () => {
    const tr = new FakeTransport({ a: reach([]) });
    const s = step('l', { loop: t('{{ region }}'), check: { command: 'curl -s https://{{ item }}' } });
    const { result } = await run(playbook(play([s], { vars: { region: 'us' } })), [host('a')], tr);
    expect(result.hosts[0]!.steps[0]).toMatchObject({ status: 'failed', error: { code: 'E_TEMPLATE' } });
  });
});

describe('register and when', () => {
  it("makes a step's output, status and facts available to later steps' when and templates", async () => {
    const tr = new FakeTransport({
      a: {
        respond: (c) =>
          c === 'show network' ? { output: 'DNS Servers: 8.8.8.8' } : c === 'echo ok status' ? { output: 'ok status' } : c === 'never' ? { output: '' } : undefined,
      },
    });
    const pb = playbook(
      play([
        step('net', { check: { command: 'show network' }, register: 'net' }),
        step('uses', { check: { command: 'echo {{ net.status }} status', expect: { contains: [t('ok')] } }, when: e("'8.8.8.8' in net.output and net.passed") }),
        step('skipme', { check: { command: 'never' }, when: e("net.status == 'changed'") }),
      ]),
    );
    const { result } = await run(pb, [host('a')], tr);
    expect(result.hosts[0]!.steps.map((s) => s.status)).toEqual(['ok', 'ok', 'skipped']);
    expect(result.hosts[0]!.steps[2]!.reason).toBe("when is false: net.status == 'changed'");
    expect(tr.device('a').sent('check')).toEqual(['show network', 'echo ok status']);
    expect(result.hosts[0]!.status).toBe('ok');
  });

  it('registers the verification output after a fix, and each item of a loop under results', async () => {
    const tr = new FakeTransport({
      a: {
        ...dnsDevice([]),
        respond: (c, s) => (c.startsWith('echo ') ? { output: c.slice(5) } : dnsDevice().respond!(c, s, 'check')),
      },
    });
    const pb = playbook(
      play(
        [
          dnsStep({ register: 'dns' }),
          step('loop', { loop: ['p', 'q'], check: { command: 'echo {{ item }}' }, register: 'items' }),
          step('report', { check: { command: "echo {{ dns.status }} {{ items.results | length }} {{ items.results[1].output }} {{ '8.8.8.8' in dns.output }}" } }),
        ],
        { vars: DNS_VARS },
      ),
    );
    const { result } = await run(pb, [host('a')], tr);
    expect(tr.device('a').sent('check').at(-1)).toBe('echo changed 2 q True');
    expect(result.hosts[0]!.status).toBe('changed');
  });
});

describe('depends_on', () => {
  const resolves = (o: Parameters<typeof step>[1] = {}) =>
    step('dns-resolves', { check: { command: 'nslookup api-sse.cisco.com', expect: { contains: [t('Address')] } }, remedy: t('fix resolution'), dependsOn: ['dns-configured'], mode: 'expert', ...o });
  const resolver: DeviceScript = {
    ...dnsDevice([]),
    respond: (c, s) => (c.startsWith('nslookup') ? { output: (s['dns'] as string[]).length > 0 ? 'Address: 1.2.3.4' : ';; connection timed out' } : dnsDevice().respond!(c, s, 'check')),
  };

  it('runs the dependent step in apply mode after its dependency was fixed', async () => {
    const tr = new FakeTransport({ a: { ...resolver, state: { dns: [] } } });
    const { result } = await run(playbook(play([dnsStep(), resolves()], { vars: DNS_VARS })), [host('a')], tr);
    expect(result.hosts[0]!.steps.map((s) => s.status)).toEqual(['changed', 'ok']);
  });

  it('skips the dependent step with the reason when its dependency is not ok', async () => {
    const tr = new FakeTransport({ a: { ...resolver, state: { dns: [] } } });
    const pb = playbook(play([dnsStep({ fix: [], remedy: t('set DNS') }), resolves()], { vars: DNS_VARS }));
    const { result } = await run(pb, [host('a')], tr);
    expect(result.hosts[0]!.steps[1]).toMatchObject({ status: 'skipped', reason: "depends on 'dns-configured', which is action_required" });
    expect(tr.device('a').sent('check')).toEqual(['show network']);
  });

  it('in check mode reports a dependent of a pending fix as pending on that fix, not as a failure', async () => {
    const tr = new FakeTransport({ a: { ...resolver, state: { dns: [] } } });
    const { result, exitCode } = await run(playbook(play([dnsStep(), resolves()], { vars: DNS_VARS })), [host('a')], tr, { mode: 'check' });
    const [dns, res] = result.hosts[0]!.steps;
    expect(dns!.status).toBe('pending');
    expect(res).toMatchObject({ status: 'pending', reason: "depends on the pending fix of 'dns-configured'", check: { passed: false } });
    expect(res!.remedy).toBeUndefined();
    expect(result.hosts[0]!.status).toBe('pending');
    expect(exitCode).toBe(0);
  });

  it('in check mode still fails a dependent of a pending fix when its session breaks', async () => {
    const tr = new FakeTransport({ a: { ...resolver, state: { dns: [] }, throwOn: (c) => (c.startsWith('nslookup') ? new TransportError('E_DISCONNECTED', 'connection lost') : undefined) } });
    const { result } = await run(playbook(play([dnsStep(), resolves()], { vars: DNS_VARS })), [host('a')], tr, { mode: 'check' });
    expect(result.hosts[0]!.steps[1]).toMatchObject({ status: 'failed', error: { code: 'E_DISCONNECTED' } });
  });

  it('in check mode reports a dependent whose parser trips on the unfixed state as pending, not failed', async () => {
    const tr = new FakeTransport({ a: { ...resolver, state: { dns: [] } } });
    const parsed = resolves({ check: { command: 'nslookup api-sse.cisco.com', parse: 'show_network', expect: {} } });
    const { result } = await run(playbook(play([dnsStep(), parsed], { vars: DNS_VARS })), [host('a')], tr, { mode: 'check' });
    expect(result.hosts[0]!.steps[1]).toMatchObject({ status: 'pending', reason: "depends on the pending fix of 'dns-configured'" });
  });

  it('in check mode names the fix a dependent waits for, following a chain of waiting steps to the fix that will run', async () => {
    const tr = new FakeTransport({ a: { ...resolver, respond: (c, s) => (c === 'show reach' ? { output: 'unreachable' } : resolver.respond!(c, s, 'check')) } });
    const reach = step('cloud-reachable', { loop: ['x', 'y'], check: { command: 'show reach', expect: { contains: [t('reachable ok')] } }, remedy: t('open egress'), dependsOn: ['dns-resolves'] });
    const tls = step('tls-path', { check: { command: 'show reach', expect: { contains: [t('reachable ok')] } }, fix: [cmd('fix tls'), reboot(30)], dependsOn: ['cloud-reachable'] });
    const pb = playbook(play([dnsStep(), resolves({ fix: [cmd("configure network dns servers {{ dns_servers | join(',') }}")] }), reach, tls], { vars: DNS_VARS }));
    const { result } = await run(pb, [host('a')], tr, { mode: 'check' });
    const steps = result.hosts[0]!.steps;
    expect(steps.map((s) => [s.id, s.status, s.afterFixOf])).toEqual([
      ['dns-configured', 'pending', undefined],
      ['dns-resolves', 'pending', 'dns-configured'],
      ['cloud-reachable[0]', 'pending', 'dns-configured'],
      ['cloud-reachable[1]', 'pending', 'dns-configured'],
      ['tls-path', 'pending', 'dns-configured'],
    ]);
    // The reason still names the direct dependency; the waiting step keeps its own fix, unsent.
    expect(steps[4]).toMatchObject({ reason: "depends on the pending fix of 'cloud-reachable'", fix: { commands: ['fix tls', 'reboot'], reboot: true, sent: false } });
  });

  it('in check mode leaves afterFixOf unset on a step whose own check fails with no pending fix before it', async () => {
    const tr = new FakeTransport({ a: { ...resolver, state: { dns: [] } } });
    const { result } = await run(playbook(play([dnsStep(), resolves({ dependsOn: [] })], { vars: DNS_VARS })), [host('a')], tr, { mode: 'check' });
    expect(result.hosts[0]!.steps.map((s) => [s.status, s.afterFixOf])).toEqual([
      ['pending', undefined],
      ['action_required', undefined],
    ]);
  });

  it('never sets afterFixOf in apply mode, where the earlier fix has run before the dependent is checked', async () => {
    const tr = new FakeTransport({ a: { ...resolver, state: { dns: [] } } });
    const { result } = await run(playbook(play([dnsStep(), resolves()], { vars: DNS_VARS })), [host('a')], tr);
    expect(result.hosts[0]!.steps.every((s) => s.afterFixOf === undefined)).toBe(true);
  });

  it('in check mode still reports ok for a dependent whose check already passes', async () => {
    const tr = new FakeTransport({ a: { ...resolver, state: { dns: [] }, respond: (c, s) => (c.startsWith('nslookup') ? { output: 'Address: 1.2.3.4' } : dnsDevice().respond!(c, s, 'check')) } });
    const { result } = await run(playbook(play([dnsStep(), resolves()], { vars: DNS_VARS })), [host('a')], tr, { mode: 'check' });
    expect(result.hosts[0]!.steps.map((s) => s.status)).toEqual(['pending', 'ok']);
  });
});

describe('reboot as a fix action', () => {
  const zmq = (o: DeviceScript = {}): DeviceScript => ({
    state: { disabled: false, rebooted: false, socketOk: false },
    respond: (c, s) => {
      if (c === 'netstat -xlp | grep eventHandler') return { output: s['socketOk'] ? 'LISTENING /ngfw/var/sf/run/EventHandler_SSEConnector.sock' : '' };
      if (c === 'show version') return { output: 'Cisco Firepower Threat Defense 7.2' };
      if (c.startsWith('pmtool')) return { output: '' };
      return undefined;
    },
    onReboot: (s) => {
      s['socketOk'] = true;
    },
    ...o,
  });
  const socketStep = step('eventhandler-socket', {
    mode: 'root',
    check: { command: 'netstat -xlp | grep eventHandler', expect: { contains: [t('EventHandler_SSEConnector')] } },
    fix: [cmd('pmtool disablebyid SSEConnector'), cmd('pmtool enablebyid SSEConnector'), reboot('{{ reboot_timeout }}')],
  });
  const after = step('version', { check: { command: 'show version', expect: { contains: [t('7.2')] } } });

  it('reboots with its own timeout, verifies on the new session and continues with the next steps', async () => {
    const tr = new FakeTransport({ a: zmq() });
    let seenTimeout = 0;
    tr.device('a').script.onReboot = (s, o) => {
      seenTimeout = o.timeoutMs;
      s['socketOk'] = true;
    };
    const { result, events } = await run(playbook(play([socketStep, after], { vars: { reboot_timeout: 900 } })), [host('a')], tr, { extraVars: { reboot_timeout: 5 } });
    expect(seenTimeout).toBe(5000);
    expect(result.hosts[0]!.steps.map((s) => s.status)).toEqual(['changed', 'ok']);
    expect(result.hosts[0]!.steps[0]!.fix).toEqual({ commands: ['pmtool disablebyid SSEConnector', 'pmtool enablebyid SSEConnector', 'reboot'], sent: true, reboot: true, rebootTimeoutS: 5 });
    expect(tr.device('a').log.map((r) => r.purpose)).toEqual(['check', 'fix', 'fix', 'reboot', 'check', 'check']);
    const progress = events.filter((ev) => ev.type === 'step_progress').map((ev) => (ev.type === 'step_progress' ? `${ev.stepId}: ${ev.message}` : ''));
    expect(progress).toContain('eventhandler-socket: rebooting (up to 5s)');
    expect(progress).toContain('eventhandler-socket: reboot: back, logged in');
  });

  it('fails the step with E_REBOOT_TIMEOUT when the device does not come back, skipping the rest of the host', async () => {
    const tr = new FakeTransport({
      a: zmq({
        onReboot: () => {
          throw new TransportError('E_REBOOT_TIMEOUT', 'a did not come back within 5s');
        },
      }),
    });
    const { result, exitCode } = await run(playbook(play([socketStep, after], { vars: { reboot_timeout: 5 } })), [host('a')], tr);
    expect(result.hosts[0]!.steps[0]).toMatchObject({ status: 'failed', error: { code: 'E_REBOOT_TIMEOUT' }, fix: { sent: true } });
    expect(result.hosts[0]!.steps[1]!.status).toBe('skipped');
    expect(result.hosts[0]!.error?.code).toBe('E_REBOOT_TIMEOUT');
    expect(exitCode).toBe(2);
  });
});
