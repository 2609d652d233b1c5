// Signed plans against a lab: with a plan key set, `apply` refuses an unsigned plan and a plan edited and
// re-hashed with its own sha256 (which the plain digest cannot catch), contacting nothing; a plan signed with
// the key applies.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planDigest } from '../../src/plan/digest.js';
import type { PlanFile } from '../../src/plan/model.js';
import { assertBuilt, changingCommands, runArgs, runCli, startTestLab, type TestLab } from './helpers.js';

const KEY = 'e2e-plan-key-0123456789abcdef';

describe('plans signed with a key', () => {
  let t: TestLab;
  let signed: string;
  let unsigned: string;
  let keyFile: string;
  const apply = (plan: string, env: Record<string, string>, ...extra: string[]) => runCli(['apply', plan, '--known-hosts', t.knownHosts, '--yes', ...extra], { XDG_STATE_HOME: join(t.dir, 'state'), ...env });

  beforeAll(async () => {
    assertBuilt();
    t = await startTestLab({ devices: 2, faults: 'no-dns=1', seed: 'e2e-sign' });
    signed = join(t.dir, 'signed.json');
    unsigned = join(t.dir, 'unsigned.json');
    keyFile = join(t.dir, 'plan.key');
    writeFileSync(keyFile, `${KEY}\n`);
    const state = { XDG_STATE_HOME: join(t.dir, 'state') };
    const a = await runCli(runArgs(t, '--check', '--plan-out', signed, '--plan-key-file', keyFile), state);
    expect(a.code, a.stderr).toBe(0);
    expect(a.stderr).toContain(`signed plan written to ${signed}`);
    const b = await runCli(runArgs(t, '--check', '--plan-out', unsigned), state);
    expect(b.code, b.stderr).toBe(0);
  }, 60_000);
  afterAll(async () => {
    await t?.stop();
  });

  it('carries an HMAC-SHA256 only when a key was given', () => {
    expect((JSON.parse(readFileSync(signed, 'utf8')) as PlanFile).hmac_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect((JSON.parse(readFileSync(unsigned, 'utf8')) as PlanFile).hmac_sha256).toBeUndefined();
  });

  it('refuses an unsigned plan when a key is set (FIREMEND_PLAN_KEY), contacting nothing', async () => {
    const r = await apply(unsigned, { FIREMEND_PLAN_KEY: KEY });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain('is not signed, and a plan key is set');
    expect(changingCommands(t.audit())).toEqual([]);
  });

  it('refuses a signed plan edited and re-hashed with its own sha256, contacting nothing', async () => {
    const edited = JSON.parse(readFileSync(signed, 'utf8')) as PlanFile;
    const step = edited.hosts.flatMap((h) => h.plays.flatMap((p) => p.steps)).find((s) => s.fix !== undefined)!;
    step.fix!.commands[0] = 'configure network dns servers 203.0.113.66';
    edited.sha256 = planDigest(edited);
    const p = join(t.dir, 'rehashed.json');
    writeFileSync(p, JSON.stringify(edited, null, 2));
    const r = await apply(p, {}, '--plan-key-file', keyFile);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain('its signature does not match');
    expect(changingCommands(t.audit())).toEqual([]);
  });

  it('refuses a plan signed with another key, and a key too short to be one', async () => {
    const other = await apply(signed, { FIREMEND_PLAN_KEY: 'another-key-of-enough-length' });
    expect(other.code, other.stderr).toBe(1);
    expect(other.stderr).toContain('its signature does not match');
    const short = await apply(signed, { FIREMEND_PLAN_KEY: 'short' });
    expect(short.code, short.stderr).toBe(1);
    expect(short.stderr).toContain('shorter than 16 bytes');
    expect(short.stderr).not.toContain('short\n');
    expect(changingCommands(t.audit())).toEqual([]);
  });

  it('applies the plan signed with the key', async () => {
    const r = await apply(signed, { FIREMEND_PLAN_KEY: KEY });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('signature valid');
    expect(changingCommands(t.audit()).length).toBeGreaterThan(0);
  });
});
