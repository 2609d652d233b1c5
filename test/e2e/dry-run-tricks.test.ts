// Issue 12, finding 1: every way a playbook could make `--check` change a device, run with the built CLI
// against a lab, judged by the lab's audit log: zero commands that change a device, whatever the trick.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, changingCommands, readReport, runCli, startTestLab, tempDir, type TestLab } from './helpers.js';

describe('a dry-run no playbook can fool', () => {
  let t: TestLab;
  let dir: string;
  beforeAll(async () => {
    assertBuilt();
    t = await startTestLab({ devices: 1 });
    dir = tempDir('dry-run');
  });
  afterAll(async () => {
    await t?.stop();
  });

  const playbook = (name: string, steps: string): string => {
    const path = join(dir, name);
    writeFileSync(path, `- hosts: all\n  steps:\n${steps}`);
    return path;
  };
  const check = async (path: string, ...extra: string[]) => {
    const report = join(dir, `${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
    const r = await runCli(['run', path, '-i', t.inventory, '--known-hosts', t.knownHosts, '--check', '--report', report, ...extra]);
    return { ...r, report };
  };
  const noChange = (): void => {
    expect(changingCommands(t.audit())).toEqual([]);
    expect([...t.audit().values()].flat().map((e) => e.command)).not.toContain('pmtool disablebyid SSEConnector');
  };

  it('refuses a CLISH check that configures the device, before contacting it', async () => {
    const pb = playbook('clish.yml', '    - id: dns\n      check: { command: configure network dns servers 1.1.1.1 }\n');
    const r = await check(pb);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${pb}:4:25: check is not read-only: 'configure' is not a read-only CLISH command`);
    noChange();
  });

  it('refuses a root check that disables the connector', async () => {
    const pb = playbook('root.yml', '    - id: off\n      mode: root\n      check: { command: pmtool disablebyid SSEConnector }\n');
    const r = await check(pb);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${pb}:5:25: check is not read-only: pmtool disablebyid changes the device`);
    noChange();
  });

  it('refuses a loop whose item is a changing command', async () => {
    const pb = playbook('loop.yml', '    - id: each\n      mode: root\n      loop: [pmtool status, pmtool disablebyid SSEConnector]\n      check: { command: "{{ item }}" }\n');
    const r = await check(pb);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${pb}:6:25: check is not read-only: pmtool disablebyid changes the device: only 'pmtool status' is read-only (loop item 2: "pmtool disablebyid SSEConnector")`);
    noChange();
  });

  it('refuses an -e value that smuggles a second command into a check', async () => {
    const pb = playbook('extra.yml', '    - id: say\n      mode: root\n      check: { command: "echo {{ label }}" }\n');
    const r = await check(pb, '-e', 'label="x; pmtool disablebyid SSEConnector"');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${pb}:5:25: check is not read-only: pmtool disablebyid changes the device`);
    noChange();
  });

  it('refuses, at the moment of sending, a check or a loop item fed by a registered output', async () => {
    const pb = playbook(
      'register.yml',
      [
        '    - id: feed',
        '      mode: root',
        '      register: r',
        '      check: { command: echo pmtool disablebyid SSEConnector }',
        '    - id: replay',
        '      mode: root',
        '      check: { command: "{{ r.output }}" }',
        '    - id: replay-loop',
        '      mode: root',
        '      loop: "{{ [r.output] }}"',
        '      check: { command: "{{ item }}" }',
        '',
      ].join('\n'),
    );
    const r = await check(pb);
    expect(r.code).toBe(2);
    const host = readReport(r.report).hosts[0]!;
    expect(host.steps.map((s) => [s.id, s.status, s.error?.code])).toEqual([
      ['feed', 'ok', undefined],
      ['replay', 'failed', 'E_READ_ONLY'],
      ['replay-loop', 'skipped', undefined],
    ]);
    expect(host.steps[1]!.error!.message).toContain('refused a check that is not read-only in check mode: pmtool disablebyid changes the device');
    noChange();
  });

  it('refuses the loop item fed by a register on its own, too', async () => {
    const pb = playbook(
      'register-loop.yml',
      '    - id: feed\n      mode: root\n      register: r\n      check: { command: echo pmtool disablebyid SSEConnector }\n    - id: replay-loop\n      mode: root\n      loop: "{{ [r.output] }}"\n      check: { command: "{{ item }}" }\n',
    );
    const r = await check(pb);
    expect(r.code).toBe(2);
    const steps = readReport(r.report).hosts[0]!.steps;
    expect(steps.map((s) => [s.id, s.status, s.error?.code])).toEqual([
      ['feed', 'ok', undefined],
      ['replay-loop[0]', 'failed', 'E_READ_ONLY'],
    ]);
    noChange();
  });

  it('skips a check declared not_read_only in --check, saying why, and sends nothing for it', async () => {
    const pb = playbook('declared.yml', '    - id: restart\n      mode: root\n      check:\n        command: pmtool disablebyid SSEConnector\n        not_read_only: "the lab wants it off"\n');
    const plan = join(dir, 'declared-plan.json');
    const r = await check(pb, '--plan-out', plan);
    expect(r.code).toBe(0);
    const why = 'check declared not read-only (not_read_only: the lab wants it off): not sent in --check';
    const step = readReport(r.report).hosts[0]!.steps[0] as { status: string; reason?: string };
    expect(step).toMatchObject({ status: 'skipped', reason: why });
    expect(readFileSync(plan, 'utf8')).toContain(why);
    const shown = await runCli(['show', plan]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`restart  restart  ${why}`);
    noChange();
  });
});
