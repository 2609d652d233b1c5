import { describe, expect, it } from 'vitest';
import { FakeTransport } from '../../helpers/fake-transport.js';
import { DNS_VARS, cmd, dnsDevice, dnsStep, host, play, playbook, reboot, run, step, t } from '../engine/build.js';
import { buildPlan } from '../../../src/plan/build-plan.js';
import { PlayRecorder } from '../../../src/plan/play-recorder.js';
import { createPlanGate } from '../../../src/plan/plan-gate.js';
import { renderPlan } from '../../../src/plan/render-plan.js';
import { planValidator } from '../../../src/plan/read-plan.js';
import { planDigest } from '../../../src/plan/digest.js';
import { createRedactor } from '../../../src/report/redact.js';
import type { Playbook } from '../../../src/playbook/model.js';
import type { InventoryHost } from '../../../src/inventory/model.js';
import type { PlanFile } from '../../../src/plan/model.js';

// A two-step play: DNS (fixable) and a service that a fix enables; the second depends on the first.
function twoStepPlaybook(): Playbook {
  return playbook(
    play(
      [
        dnsStep(),
        step('svc-enabled', {
          name: 'the service runs',
          check: { command: 'show svc', expect: { contains: [t('svc: Running')] } },
          fix: [cmd('enable svc')],
          dependsOn: ['dns-configured'],
        }),
      ],
      { vars: DNS_VARS },
    ),
  );
}

function device(dns: string[], svc: 'Running' | 'Disabled'): ReturnType<typeof dnsDevice> {
  const base = dnsDevice(dns);
  return {
    state: { dns: [...dns], svc },
    respond: (command, state, purpose) => {
      if (command === 'show svc') return { output: `svc: ${String(state['svc'])}\n` };
      if (command === 'enable svc') return { output: '' };
      return base.respond?.(command, state, purpose);
    },
    onFix: (command, state) => {
      if (command === 'enable svc') state['svc'] = 'Running';
      base.onFix?.(command, state);
    },
  };
}

async function makePlan(pb: Playbook, hosts: InventoryHost[], tr: FakeTransport, extraVars: Record<string, unknown> = {}): Promise<PlanFile> {
  const recorder = new PlayRecorder(
    pb.plays.map((p) => p.name),
    pb.plays.map(() => hosts.map((h) => h.name)),
  );
  const { result } = await run(pb, hosts, tr, { mode: 'check', extraVars, emit: (ev) => recorder.onEvent(ev) });
  return buildPlan({
    result,
    plays: recorder,
    playbook: pb,
    inventory: { path: 'inventory.yml', sha256: '1'.repeat(64), hosts, groups: new Map() },
    extraVars,
    redactor: createRedactor(['secret-pw', 'hunter2-token']),
    toolVersion: '0.1.0',
    now: () => new Date('2025-01-01T00:00:00Z'),
  });
}

function gates(plan: PlanFile): (p: number, h: InventoryHost) => ReturnType<typeof createPlanGate> {
  return (p, h) => createPlanGate(plan.hosts.find((x) => x.name === h.name)?.plays.find((pp) => pp.index === p)?.steps ?? [], createRedactor(['secret-pw']));
}

describe('a plan made from a dry-run', () => {
  it('records each pending step with its exact commands and a fingerprint per check, and passes its schema and digest', async () => {
    const pb = twoStepPlaybook();
    const tr = new FakeTransport({ a: device([], 'Disabled'), b: device(['8.8.8.8'], 'Running') });
    const plan = await makePlan(pb, [host('a'), host('b')], tr);
    const a = plan.hosts.find((h) => h.name === 'a')!;
    expect(a.plays).toHaveLength(1);
    const [dns, svc] = a.plays[0]!.steps;
    expect(dns).toMatchObject({ id: 'dns-configured', status: 'pending', fix: { commands: ['configure network dns servers 8.8.8.8,1.1.1.1'], reboot: false } });
    expect(dns!.check!.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(svc).toMatchObject({ id: 'svc-enabled', status: 'pending', fix: { commands: ['enable svc'] } });
    expect(plan.hosts.find((h) => h.name === 'b')!.plays[0]!.steps.map((s) => s.status)).toEqual(['ok', 'ok']);
    // svc-enabled failed while the DNS fix was pending: kept with its fix, counted as conditional.
    expect(svc!.after_fix_of).toBe('dns-configured');
    expect(dns!.after_fix_of).toBeUndefined();
    expect(plan.totals).toMatchObject({ hosts: 2, hosts_to_change: 1, fixes: 1, commands: 1, reboots: 0, conditional_fixes: 1, possible_reboots: 0 });
    expect(planValidator()(plan)).toBe(true);
    expect(planDigest(plan)).toBe(plan.sha256);
  });

  it('keeps secret extra vars out of the file and lists them as needed again', async () => {
    const tr = new FakeTransport({ a: { respond: (c) => (c === 'show token' ? { output: 'none' } : { output: '' }) } });
    const pb = playbook(play([step('tok', { check: { command: 'show token', expect: { contains: [t('set')] } }, fix: [cmd('set token {{ api_token }}')] })]));
    const plan = await makePlan(pb, [host('a')], tr, { api_token: 'hunter2-token', region: 'eu' });
    const text = JSON.stringify(plan);
    expect(text).not.toContain('hunter2-token');
    expect(plan.extra_vars).toEqual({ api_token: '<redacted>', region: 'eu' });
    expect(plan.secret_extra_vars).toEqual(['api_token']);
    expect(plan.hosts[0]!.plays[0]!.steps[0]!.fix!.commands).toEqual(['set token <redacted>']);
  });
});

describe('applying a plan through the engine', () => {
  it('sends exactly the planned fixes to a host whose state did not move', async () => {
    const pb = twoStepPlaybook();
    const tr = new FakeTransport({ a: device([], 'Disabled') });
    const plan = await makePlan(pb, [host('a')], tr);
    const before = tr.device('a').log.length;
    const { result, exitCode } = await run(pb, [host('a')], tr, { mode: 'apply', plan: gates(plan) });
    expect(result.hosts[0]!.status).toBe('changed');
    expect(result.hosts[0]!.steps.map((s) => s.status)).toEqual(['changed', 'changed']);
    const fixes = tr.device('a').log.slice(before).filter((r) => r.purpose === 'fix').map((r) => r.command);
    expect(fixes).toEqual(['configure network dns servers 8.8.8.8,1.1.1.1', 'enable svc']);
    expect(exitCode).toBe(0);
  });

  it('skips a host as stale, sending nothing, when a failing check moved since the plan', async () => {
    const pb = twoStepPlaybook();
    const tr = new FakeTransport({ a: device([], 'Disabled') });
    const plan = await makePlan(pb, [host('a')], tr);
    tr.device('a').state['dns'] = ['9.9.9.9']; // still failing, but not the state the plan saw
    const { result } = await run(pb, [host('a')], tr, { mode: 'apply', plan: gates(plan) });
    const h = result.hosts[0]!;
    expect(h.status).toBe('skipped');
    expect(h.reason).toBe('stale: dns-configured');
    expect(h.steps.every((s) => s.status === 'skipped' && s.fix?.sent !== true)).toBe(true);
    expect(tr.device('a').sent('fix')).toEqual([]);
  });

  it('skips a host as stale when a step that passed at plan time fails now, before sending any earlier fix', async () => {
    const pb = twoStepPlaybook();
    const tr = new FakeTransport({ a: device([], 'Running') });
    const plan = await makePlan(pb, [host('a')], tr);
    expect(plan.hosts[0]!.plays[0]!.steps.map((s) => s.status)).toEqual(['pending', 'ok']);
    tr.device('a').state['svc'] = 'Disabled';
    const { result } = await run(pb, [host('a')], tr, { mode: 'apply', plan: gates(plan) });
    expect(result.hosts[0]!.reason).toBe('stale: svc-enabled');
    expect(tr.device('a').sent('fix')).toEqual([]);
  });

  it('reports a host healed since the plan as ok and sends it nothing', async () => {
    const pb = twoStepPlaybook();
    const tr = new FakeTransport({ a: device([], 'Disabled') });
    const plan = await makePlan(pb, [host('a')], tr);
    tr.device('a').state['dns'] = ['8.8.8.8'];
    tr.device('a').state['svc'] = 'Running';
    const { result } = await run(pb, [host('a')], tr, { mode: 'apply', plan: gates(plan) });
    expect(result.hosts[0]!.status).toBe('ok');
    expect(tr.device('a').sent('fix')).toEqual([]);
  });

  it('does not send a fix the plan does not hold, even when the check fails during the apply pass', async () => {
    const pb = twoStepPlaybook();
    const tr = new FakeTransport({ a: device(['8.8.8.8'], 'Running') });
    const plan = await makePlan(pb, [host('a')], tr);
    expect(plan.totals.fixes).toBe(0);
    // Straight to the gate: the plan has no fix for dns-configured, whatever renders now.
    const gate = gates(plan)(0, host('a'));
    expect(gate.refuseFix('dns-configured', ['configure network dns servers 8.8.8.8,1.1.1.1'], undefined, false)).toBe('stale: dns-configured (its fix is not in the plan)');
  });

  it('refuses a planned fix whose commands render differently from the plan, or whose check moved before any own fix', async () => {
    const pb = twoStepPlaybook();
    const tr = new FakeTransport({ a: device([], 'Disabled') });
    const plan = await makePlan(pb, [host('a')], tr);
    const gate = gates(plan)(0, host('a'));
    const fp = plan.hosts[0]!.plays[0]!.steps[0]!.check!.fingerprint;
    expect(gate.refuseFix('dns-configured', ['configure network dns servers 8.8.8.8,1.1.1.1'], fp, false)).toBeUndefined();
    expect(gate.refuseFix('dns-configured', ['configure network dns servers 6.6.6.6'], fp, false)).toMatch(/^stale: dns-configured \(the fix renders differently/);
    expect(gate.refuseFix('dns-configured', ['configure network dns servers 8.8.8.8,1.1.1.1'], '0'.repeat(64), false)).toMatch(/^stale: dns-configured \(its check output moved/);
    // After this run's own fix, a dependent's output is expected to differ from the plan.
    expect(gate.refuseFix('svc-enabled', ['enable svc'], '0'.repeat(64), true)).toBeUndefined();
  });

  it('runs a fleet with a stale, a healed and an unchanged host side by side', async () => {
    const pb = twoStepPlaybook();
    const hs = [host('stale'), host('healed'), host('same')];
    const tr = new FakeTransport({ stale: device([], 'Disabled'), healed: device([], 'Disabled'), same: device([], 'Disabled') });
    const plan = await makePlan(pb, hs, tr);
    tr.device('stale').state['svc'] = 'Crashed';
    tr.device('healed').state['dns'] = ['8.8.8.8'];
    tr.device('healed').state['svc'] = 'Running';
    const { result, exitCode } = await run(pb, hs, tr, { mode: 'apply', plan: gates(plan) });
    const by = Object.fromEntries(result.hosts.map((h) => [h.name, h]));
    expect(by['stale']).toMatchObject({ status: 'skipped', reason: 'stale: svc-enabled' });
    expect(by['healed']!.status).toBe('ok');
    expect(by['same']!.status).toBe('changed');
    expect(tr.device('stale').sent('fix')).toEqual([]);
    expect(tr.device('healed').sent('fix')).toEqual([]);
    expect(tr.device('same').sent('fix')).toEqual(['configure network dns servers 8.8.8.8,1.1.1.1', 'enable svc']);
    expect(exitCode).toBe(0);
  });

  it('honours a closed maintenance window: the host is re-checked, no fix starts, and the rollout stops', async () => {
    const pb = twoStepPlaybook();
    const tr = new FakeTransport({ a: device([], 'Disabled') });
    const plan = await makePlan(pb, [host('a')], tr);
    const { result, exitCode } = await run(pb, [host('a')], tr, { mode: 'apply', plan: gates(plan), window: { allowsFixNow: () => false } });
    expect(result.hosts[0]!.steps[0]).toMatchObject({ status: 'skipped', reason: 'outside the maintenance window: fix not started' });
    expect(result.stoppedEarly).toBe('the maintenance window closed');
    expect(tr.device('a').sent('fix')).toEqual([]);
    expect(exitCode).toBe(8);
  });

  it('keeps serial batches and leaves later batches alone once max_fail_percentage is crossed', async () => {
    const pb = playbook(play(twoStepPlaybook().plays[0]!.steps, { vars: DNS_VARS, serial: [1], maxFailPercentage: 0 }));
    const hs = [host('a'), host('b')];
    const tr = new FakeTransport({ a: device([], 'Disabled'), b: device([], 'Disabled') });
    const plan = await makePlan(pb, hs, tr);
    // a's fix is refused by the device: the verify fails, the batch fails, b's batch never starts.
    tr.device('a').script.onFix = () => undefined;
    const { result, exitCode } = await run(pb, hs, tr, { mode: 'apply', plan: gates(plan) });
    expect(result.hosts.find((h) => h.name === 'a')!.status).toBe('failed');
    expect(result.hosts.find((h) => h.name === 'b')).toMatchObject({ status: 'skipped' });
    expect(tr.device('b').sent('fix')).toEqual([]);
    expect(exitCode).toBe(8);
  });
});

// The connector-disabled shape: a socket step (fix: restart, REBOOT) depends on the connector step. On `conn` enabling
// the connector heals the socket; on `stuck` it does not; on `zmq` the connector runs and only the socket is broken.
function socketPlaybook(): Playbook {
  return playbook(
    play([
      step('connector-enabled', { name: 'connector runs', check: { command: 'show svc', expect: { contains: [t('svc: Running')] } }, fix: [cmd('enable svc')] }),
      step('socket', {
        name: 'socket connected',
        check: { command: 'show socket', expect: { contains: [t('CONNECTED')] } },
        fix: [cmd('restart socket'), reboot(30)],
        dependsOn: ['connector-enabled'],
      }),
    ]),
  );
}

function socketDevice(svc: 'Running' | 'Disabled', socketBroken: boolean): ReturnType<typeof dnsDevice> {
  return {
    state: { svc, broken: socketBroken, restarted: false },
    respond: (command, state) => {
      if (command === 'show svc') return { output: `svc: ${String(state['svc'])}\n` };
      if (command === 'show socket') {
        const up = state['svc'] === 'Running' && (state['broken'] !== true || state['restarted'] === true);
        return { output: up ? 'socket CONNECTED\n' : 'socket closed\n' };
      }
      if (command === 'enable svc' || command === 'restart socket') return { output: '' };
      return undefined;
    },
    onFix: (command, state) => {
      if (command === 'enable svc') state['svc'] = 'Running';
      if (command === 'restart socket') state['restarted'] = true;
    },
  };
}

describe('a plan with steps that wait for an earlier fix', () => {
  const hs = [host('conn'), host('stuck'), host('zmq')];
  const devices = (): FakeTransport => new FakeTransport({ conn: socketDevice('Disabled', false), stuck: socketDevice('Disabled', true), zmq: socketDevice('Running', true) });

  it('keeps the waiting step with its fix, marked after_fix_of, and counts its reboot as possible', async () => {
    const plan = await makePlan(socketPlaybook(), hs, devices());
    const steps = (name: string) => plan.hosts.find((h) => h.name === name)!.plays[0]!.steps;
    expect(steps('conn')[1]).toMatchObject({ id: 'socket', status: 'pending', after_fix_of: 'connector-enabled', fix: { commands: ['restart socket', 'reboot'], reboot: true, reboot_timeout_s: 30 } });
    expect(steps('zmq')[1]!.after_fix_of).toBeUndefined();
    expect(plan.totals).toMatchObject({ hosts_to_change: 3, fixes: 3, commands: 3, reboots: 1, conditional_fixes: 2, possible_reboots: 2 });
    expect(planValidator()(plan)).toBe(true);
    // The schema keeps after_fix_of to pending steps.
    const bad = structuredClone(plan);
    bad.hosts[0]!.plays[0]!.steps[1]!.status = 'ok';
    expect(planValidator()(bad)).toBe(false);
  });

  it('shows a certain reboot as one and a reboot after an earlier fix as possible', async () => {
    const plan = await makePlan(socketPlaybook(), hs, devices());
    const text = renderPlan(plan, { source: 'plan.json', nowMs: Date.parse('2025-01-01T00:10:00Z') });
    const block = (name: string): string => {
      const from = text.indexOf(`${name} (`);
      const to = text.indexOf('\n\n', from);
      return text.slice(from, to);
    };
    expect(block('conn')).toMatch(/^conn \(127\.0\.0\.1:2200\) {2}1 fix \(1 command\), \+1 re-checked after it, 1 possible reboot, est\. \S+ \+ possible reboot \(up to 30s\)\n/);
    expect(block('conn')).toContain(
      [
        '  ~ connector-enabled  connector runs',
        '      because: output does not contain "svc: Running"',
        '      $ enable svc',
        "  ? re-checked after connector-enabled's fix: socket",
        '    ~ socket  socket connected  [MAY REBOOT]',
        "        if still failing after connector-enabled's fix:",
        '        $ restart socket',
        '        ⟳ reboot, then wait up to 30s for the device to come back',
      ].join('\n'),
    );
    expect(block('conn')).not.toContain('REBOOTS DEVICE');
    expect(block('zmq')).toMatch(/^zmq \(127\.0\.0\.1:2200\) {2}1 fix \(1 command\), 1 reboot, est\. \S+ \+ reboot \(up to 30s\)\n/);
    expect(block('zmq')).toContain('  ~ socket  socket connected  [REBOOTS DEVICE]');
    expect(text).toContain('Totals: 3 hosts checked; 3 fixes (3 commands) on 3 hosts; 2 more fixes only if still needed after an earlier fix; 1 reboot, 2 possible reboots.');
  });

  it('on apply sends a waiting step its planned fix only when its check still fails after the earlier fix', async () => {
    const pb = socketPlaybook();
    const tr = devices();
    const plan = await makePlan(pb, hs, tr);
    const { result, exitCode } = await run(pb, hs, tr, { mode: 'apply', plan: gates(plan) });
    const by = Object.fromEntries(result.hosts.map((h) => [h.name, h]));
    // Enabling the connector healed the socket: no restart, no reboot.
    expect(by['conn']!.steps.map((s) => s.status)).toEqual(['changed', 'ok']);
    expect(tr.device('conn').sent('fix')).toEqual(['enable svc']);
    expect(tr.device('conn').reboots).toBe(0);
    // Still failing after it: the plan's fix runs, reboot included.
    expect(by['stuck']!.steps.map((s) => s.status)).toEqual(['changed', 'changed']);
    expect(tr.device('stuck').sent('fix')).toEqual(['enable svc', 'restart socket']);
    expect(tr.device('stuck').reboots).toBe(1);
    expect(tr.device('zmq').reboots).toBe(1);
    expect(exitCode).toBe(0);
  });
});
