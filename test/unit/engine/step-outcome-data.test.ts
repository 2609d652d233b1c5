// The step executor returns what happened as data and leaves the host's state to the host runner: it never
// writes the state it is given, and says what it sent, whether the window closed and whether a plan refused.
import { describe, expect, it } from 'vitest';
import { executeStep, type HostContext, type HostState } from '../../../src/engine/step-executor.js';
import type { RunEvent } from '../../../src/engine/events.js';
import { FakeTransport } from '../../helpers/fake-transport.js';
import { DNS_VARS, dnsDevice, dnsStep, step, t } from './build.js';

async function context(dns: string[], extra: Partial<HostContext> = {}): Promise<{ ctx: HostContext; tr: FakeTransport; events: RunEvent[] }> {
  const tr = new FakeTransport({ a: dnsDevice(dns) });
  const connection = await tr.open({ name: 'a', address: 'a', secrets: [], platform: 'ftd' }, { connectTimeoutMs: 1, commandTimeoutMs: 1, readOnly: extra.mode === 'check' });
  const events: RunEvent[] = [];
  let clock = 0;
  const ctx: HostContext = { host: 'a', mode: 'apply', connection, baseVars: { ...DNS_VARS }, extraVars: {}, emit: (e) => events.push(e), now: () => (clock += 1), sleep: async () => undefined, ...extra };
  return { ctx, tr, events };
}

// A state no one may write: a write throws.
function frozenState(s: Partial<HostState> = {}): HostState {
  return Object.freeze({ registered: Object.freeze({}), stepStatus: new Map(), waitsFor: new Map(), changedSomething: false, ...s });
}

describe('the step outcome', () => {
  it('says a fix was sent and what to register, without writing the state it read', async () => {
    const { ctx, tr } = await context([]);
    const state = frozenState();
    const out = await executeStep(dnsStep({ register: 'dns' }), ctx, state);
    expect(out).toMatchObject({ status: 'changed', sent: true, windowClosed: false, registered: { name: 'dns', value: { passed: true, status: 'changed' } } });
    expect(out.planRefused).toBeUndefined();
    expect(out.results).toHaveLength(1);
    expect(state.stepStatus.size).toBe(0);
    expect(tr.device('a').sent('fix')).toEqual(['configure network dns servers 8.8.8.8,1.1.1.1']);
  });

  it('says the window closed and sends nothing', async () => {
    const { ctx, tr } = await context([], { window: { allowsFixNow: () => false } });
    const out = await executeStep(dnsStep(), ctx, frozenState());
    expect(out).toMatchObject({ status: 'skipped', sent: false, windowClosed: true });
    expect(tr.device('a').sent('fix')).toEqual([]);
  });

  it('says the plan refused, with its reason, and sends nothing', async () => {
    const planGate = { judge: () => undefined, refuseFix: () => 'the plan did not foresee this fix' };
    const { ctx, tr } = await context([], { planGate });
    const out = await executeStep(dnsStep(), ctx, frozenState());
    expect(out).toMatchObject({ status: 'skipped', sent: false, windowClosed: false, planRefused: 'the plan did not foresee this fix' });
    expect(tr.device('a').sent('fix')).toEqual([]);
  });

  it('says which earlier fix a pending step waits for, following the chain the state holds', async () => {
    const { ctx } = await context(['8.8.8.8'], { mode: 'check' });
    const waiting = step('svc', { check: { command: 'show svc', expect: { contains: [t('Running')] } }, dependsOn: ['middle'] });
    const out = await executeStep(waiting, ctx, frozenState({ stepStatus: new Map([['middle', 'pending']]), waitsFor: new Map([['middle', 'root-fix']]) }));
    expect(out.status).toBe('pending');
    expect(out.results[0]?.afterFixOf).toBe('root-fix');
    expect(out.waitsFor).toBe('root-fix');
  });

  it('retries a check after an earlier fix on the host only when the state says one was sent', async () => {
    const flaky = step('flaky', { check: { command: 'show network', expect: { contains: [t('9.9.9.9')] } }, retries: 2, remedy: t('x') });
    const before = await context(['8.8.8.8']);
    await executeStep(flaky, before.ctx, frozenState());
    expect(before.tr.device('a').sent('check')).toHaveLength(1);
    const after = await context(['8.8.8.8']);
    await executeStep(flaky, after.ctx, frozenState({ changedSomething: true }));
    expect(after.tr.device('a').sent('check')).toHaveLength(3);
  });
});
