import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PlanError, UsageError } from '../../../src/errors.js';
import type { ErrorCode } from '../../../src/errors.js';
import { planDigest } from '../../../src/plan/digest.js';
import { formatDuration, parseDuration } from '../../../src/plan/max-age.js';
import type { PlanFile, PlanStep } from '../../../src/plan/model.js';
import { PlayRecorder } from '../../../src/plan/play-recorder.js';
import { staleStep } from '../../../src/plan/plan-gate.js';
import { parsePlan, readPlan } from '../../../src/plan/read-plan.js';
import { renderPlan } from '../../../src/plan/render-plan.js';
import { checkPlanAge, checkPlanDeviceLists, checkPlanInputs } from '../../../src/plan/verify-inputs.js';
import type { StepResult } from '../../../src/engine/results.js';

const FP_A = 'a'.repeat(64);
const FP_B = 'b'.repeat(64);

function sealed(body: Omit<PlanFile, 'sha256'>): PlanFile {
  return { ...body, sha256: planDigest(body as PlanFile) };
}

function samplePlan(dir = '/nonexistent'): PlanFile {
  return sealed({
    version: 1,
    tool: { name: 'firemend', version: '0.1.0' },
    created_at: '2025-01-01T00:00:00.000Z',
    playbook: { path: join(dir, 'pb.yml'), sha256: FP_A, vars_files: [] },
    inventory: { path: join(dir, 'inv.yml'), sha256: FP_B },
    extra_vars: { reboot_timeout: '30' },
    secret_extra_vars: [],
    hosts: [
      {
        name: 'ftd-001',
        address: '127.0.0.1:2201',
        status: 'pending',
        estimated_duration_ms: 1200,
        plays: [
          {
            index: 0,
            name: 'Clear',
            steps: [
              { id: 'dns-configured', name: 'DNS servers are configured', status: 'pending', reason: 'no DNS', check: { command: 'show network', passed: false, fingerprint: FP_A, duration_ms: 200 }, fix: { commands: ['configure network dns servers 192.0.2.53'], reboot: false } },
              { id: 'eventhandler-socket', name: 'socket', status: 'pending', check: { command: 'netstat', passed: false, fingerprint: FP_B, duration_ms: 100 }, fix: { commands: ['pmtool disablebyid SSEConnector', 'pmtool enablebyid SSEConnector', 'reboot'], reboot: true, reboot_timeout_s: 30 } },
            ],
          },
        ],
      },
      { name: 'ftd-002', address: '127.0.0.1:2202', status: 'ok', estimated_duration_ms: 300, plays: [{ index: 0, name: 'Clear', steps: [{ id: 'dns-configured', name: 'DNS', status: 'ok', check: { command: 'show network', passed: true, fingerprint: FP_B, duration_ms: 300 } }] }] },
      { name: 'ftd-003', address: '127.0.0.1:2203', status: 'unreachable', error: { code: 'E_CONNECT_REFUSED', message: 'connection refused' }, estimated_duration_ms: 0, plays: [{ index: 0, name: 'Clear', steps: [] }] },
    ],
    totals: { hosts: 3, hosts_to_change: 1, fixes: 2, commands: 3, reboots: 1, action_required: 0, unreachable: 1, failed: 0, estimated_duration_ms: 1200 },
  });
}

describe('plan durations', () => {
  it('parses seconds, minutes, hours and days, and a bare number as seconds', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('30m')).toBe(1_800_000);
    expect(parseDuration('24h')).toBe(86_400_000);
    expect(parseDuration('2d')).toBe(172_800_000);
    expect(parseDuration('45')).toBe(45_000);
  });

  it('rejects durations that are not a number with a unit, or zero', () => {
    for (const bad of ['', 'soon', '1w', '-5m', '0s', '5 minutes']) expect(() => parseDuration(bad)).toThrow(UsageError);
  });

  it('formats durations for people', () => {
    expect(formatDuration(850)).toBe('850ms');
    expect(formatDuration(42_000)).toBe('42s');
    expect(formatDuration(3_900_000)).toBe('1h 05m');
    expect(formatDuration(3 * 86_400_000)).toBe('3d 00h');
  });
});

describe('reading a plan file', () => {
  it('accepts a sealed, schema-valid plan', () => {
    const plan = samplePlan();
    expect(parsePlan(JSON.stringify(plan), 'p.json')).toEqual(plan);
  });

  it('refuses text that is not JSON', () => {
    expect(() => parsePlan('{"version": 1,', 'p.json')).toThrow(/p\.json is not a firemend plan: it is not valid JSON/);
  });

  it('refuses another plan version', () => {
    expect(() => parsePlan(JSON.stringify({ ...samplePlan(), version: 2 }), 'p.json')).toThrow(/plan version 2, supported 1/);
  });

  it('refuses a plan that breaks the schema, naming where', () => {
    const { totals: _t, ...rest } = samplePlan();
    expect(() => parsePlan(JSON.stringify(rest), 'p.json')).toThrow(/is not a valid firemend plan: the top level lacks 'totals'/);
    const bad = samplePlan();
    (bad.hosts[0]!.plays[0]!.steps[0] as unknown as Record<string, unknown>)['status'] = 'done';
    expect(() => parsePlan(JSON.stringify(bad), 'p.json')).toThrow(/\/hosts\/0\/plays\/0\/steps\/0\/status/);
  });

  it('refuses a hand-edited plan: one changed command breaks the digest', () => {
    const plan = samplePlan();
    plan.hosts[0]!.plays[0]!.steps[0]!.fix!.commands[0] = 'configure network dns servers 203.0.113.9';
    expect(() => parsePlan(JSON.stringify(plan), 'p.json')).toThrow(PlanError);
    expect(() => parsePlan(JSON.stringify(plan), 'p.json')).toThrow(/changed after it was written/);
  });

  it('digests the same plan the same way whatever the key order', () => {
    const plan = samplePlan();
    const reordered = Object.fromEntries(Object.entries(plan).reverse()) as unknown as PlanFile;
    expect(planDigest(reordered)).toBe(plan.sha256);
  });

  it('reports a missing file as a plan error', () => {
    expect(() => readPlan('/nonexistent/plan.json')).toThrow(/cannot read plan \/nonexistent\/plan\.json \(ENOENT\)/);
  });
});

describe('checking a plan before apply', () => {
  it('refuses a plan older than the maximum age and accepts a younger one', () => {
    const plan = samplePlan();
    const created = Date.parse(plan.created_at);
    expect(() => checkPlanAge(plan, 86_400_000, created + 3_600_000, 'p.json')).not.toThrow();
    expect(() => checkPlanAge(plan, 86_400_000, created + 25 * 3_600_000, 'p.json')).toThrow(/p\.json expired: it was made 25h 00m ago .* more than --max-age 24h 00m/);
    expect(() => checkPlanAge(plan, 86_400_000, created - 3_600_000, 'p.json')).toThrow(/created in the future/);
  });

  it('refuses when the playbook or inventory differs from the digests in the plan, or is gone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fm-plan-'));
    const sha = (t: string): string => createHash('sha256').update(t).digest('hex');
    writeFileSync(join(dir, 'pb.yml'), 'playbook\n');
    writeFileSync(join(dir, 'inv.yml'), 'inventory\n');
    const plan = { ...samplePlan(dir) };
    plan.playbook = { ...plan.playbook, sha256: sha('playbook\n') };
    plan.inventory = { ...plan.inventory, sha256: sha('inventory\n') };
    expect(() => checkPlanInputs(plan, 'p.json')).not.toThrow();
    writeFileSync(join(dir, 'inv.yml'), 'inventory, edited\n');
    expect(() => checkPlanInputs(plan, 'p.json')).toThrow(`p.json: the inventory ${join(dir, 'inv.yml')} changed since the plan was made`);
    plan.playbook = { ...plan.playbook, path: join(dir, 'gone.yml') };
    expect(() => checkPlanInputs(plan, 'p.json')).toThrow(/the playbook .*gone\.yml it was made from cannot be read/);
  });

  it("refuses when an FMC's device list moved since the plan, or the FMCs read are not the same", () => {
    const a = { source: '/inv/fmc.yml', fmc: '10.0.0.5', devices: 3, sha256: 'a'.repeat(64) };
    const { sha256: _old, ...body } = { ...samplePlan(), inventory: { path: '/inv/fmc.yml', sha256: 'f'.repeat(64), fmc_device_lists: [a] } };
    const plan: PlanFile = { ...body, sha256: planDigest(body) };
    expect(parsePlan(JSON.stringify(plan), 'p.json')).toEqual(plan);
    expect(() => checkPlanDeviceLists(plan, [{ ...a }], 'p.json')).not.toThrow();
    expect(() => checkPlanDeviceLists(plan, [{ ...a, devices: 4, sha256: 'b'.repeat(64) }], 'p.json')).toThrow(
      'p.json: the FMC 10.0.0.5 (/inv/fmc.yml) lists other devices than when the plan was made (4 devices now, 3 then); make a new plan',
    );
    expect(() => checkPlanDeviceLists(plan, [{ ...a, sha256: 'b'.repeat(64) }], 'p.json')).toThrow(/still 3 devices, but their names, addresses, ids or HA pairs differ/);
    expect(() => checkPlanDeviceLists(plan, undefined, 'p.json')).toThrow(/no longer reads the FMC 10\.0\.0\.5/);
    expect(() => checkPlanDeviceLists(samplePlan(), [a], 'p.json')).toThrow(/now reads the FMC 10\.0\.0\.5 \(\/inv\/fmc\.yml\), which the plan was not made from/);
  });
});

describe('judging a re-check against the plan', () => {
  const planned: PlanStep[] = [
    { id: 'a', name: 'a', status: 'ok', check: { command: 'a', passed: true, fingerprint: FP_A, duration_ms: 1 } },
    { id: 'b', name: 'b', status: 'pending', check: { command: 'b', passed: false, fingerprint: FP_B, duration_ms: 1 }, fix: { commands: ['fix b'], reboot: false } },
  ];
  const r = (id: string, status: StepResult['status'], fingerprint?: string, errorCode?: ErrorCode): StepResult => ({
    id,
    name: id,
    status,
    durationMs: 1,
    check: { command: id, passed: status === 'ok', output: '', ...(fingerprint ? { fingerprint } : {}) },
    ...(errorCode ? { error: { code: errorCode, message: 'x' } } : {}),
  });

  it('finds nothing stale when every failing check fails exactly as planned', () => {
    expect(staleStep(planned, [r('a', 'ok', FP_A), r('b', 'pending', FP_B)])).toBeUndefined();
  });

  it('does not call a passing check stale, even with a new fingerprint (healed)', () => {
    expect(staleStep(planned, [r('a', 'ok', FP_B), r('b', 'ok', FP_A)])).toBeUndefined();
  });

  it('calls a step stale when it fails now but passed at plan time', () => {
    expect(staleStep(planned, [r('a', 'pending', FP_A), r('b', 'pending', FP_B)])).toBe('a');
  });

  it('calls a step stale when it still fails but its fingerprint moved', () => {
    expect(staleStep(planned, [r('a', 'ok', FP_A), r('b', 'action_required', FP_A)])).toBe('b');
  });

  it('does not call a failing step stale when the plan never saw it run: nothing says it moved (its fix, not planned, is refused later)', () => {
    expect(staleStep(planned, [r('a', 'ok', FP_A), r('b', 'pending', FP_B), r('c', 'pending', FP_A)])).toBeUndefined();
  });

  it('leaves session failures to the apply pass instead of calling them stale', () => {
    expect(staleStep(planned, [r('a', 'failed', undefined, 'E_DISCONNECTED')])).toBeUndefined();
  });
});

describe('splitting a run into plays per host', () => {
  it('assigns each host_finished to the play its batch announced, also when two plays share a name', () => {
    const rec = new PlayRecorder(['p', 'p'], [['h1', 'h2'], ['h2']]);
    const at = '2025-01-01T00:00:00Z';
    const hostResult = (name: string, stepId: string) => ({ name, address: name, status: 'ok' as const, durationMs: 1, steps: [{ id: stepId, name: stepId, status: 'ok' as const, durationMs: 1 }] });
    rec.onEvent({ type: 'batch_started', at, play: 'p', batch: 1, batches: 1, hosts: ['h1', 'h2'] });
    rec.onEvent({ type: 'host_finished', at, result: hostResult('h1', 'x') });
    rec.onEvent({ type: 'host_finished', at, result: hostResult('h2', 'x') });
    rec.onEvent({ type: 'batch_started', at, play: 'p', batch: 1, batches: 1, hosts: ['h2'] });
    rec.onEvent({ type: 'host_finished', at, result: hostResult('h2', 'y') });
    expect(rec.playsOf('h1').map((r) => [r.playIndex, r.result.steps[0]!.id])).toEqual([[0, 'x']]);
    expect(rec.playsOf('h2').map((r) => [r.playIndex, r.result.steps[0]!.id])).toEqual([
      [0, 'x'],
      [1, 'y'],
    ]);
    expect(rec.playsOf('h3')).toEqual([]);
  });
});

describe('showing a plan', () => {
  it('lists per host the exact commands, reboots with their timeout, the estimate, and totals', () => {
    const text = renderPlan(samplePlan(), { source: 'plan.json', nowMs: Date.parse('2025-01-01T02:00:00Z') });
    expect(text).toContain('made      2025-01-01T00:00:00.000Z (2h 00m ago) by firemend 0.1.0');
    expect(text).toContain('ftd-001 (127.0.0.1:2201)  2 fixes (3 commands), 1 reboot, est. 1s + reboot (up to 30s)');
    expect(text).toContain('      $ configure network dns servers 192.0.2.53\n');
    expect(text).toContain('  ~ eventhandler-socket  socket  [REBOOTS DEVICE]');
    expect(text).toContain('      ⟳ reboot, then wait up to 30s for the device to come back');
    expect(text).toContain('ftd-003 (127.0.0.1:2203)  unreachable [E_CONNECT_REFUSED] connection refused; nothing planned, apply will not contact it');
    expect(text).toContain('ftd-002 (127.0.0.1:2202)  nothing to send, apply will not contact it');
    expect(text).toContain('Totals: 3 hosts checked; 2 fixes (3 commands) on 1 host; 1 reboot; 1 host unreachable.');
    expect(text).toContain('extra vars reboot_timeout=30');
    // Hosts with work first.
    expect(text.indexOf('ftd-001')).toBeLessThan(text.indexOf('ftd-003'));
    expect(text.indexOf('ftd-003')).toBeLessThan(text.indexOf('ftd-002'));
  });
});
