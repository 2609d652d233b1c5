// What a run writes besides devices must never decide what happens to devices: a closed stdout pipe, an output
// path that cannot be written, an evidence disk that fills or a JUnit path that goes away mid-run, and a second
// Ctrl-C in the middle of a fix. The built CLI against a lab; the lab's audit says what each device received.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/lab/index.js';
import { assertBuilt, hostOf, jsonEvents, readReport, reportSchemaErrors, runArgs, runCli, spawnCli, startTestLab, waitForStderr, type Report, type TestLab } from './helpers.js';

const sent = (entries: readonly AuditEntry[] | undefined, pattern: RegExp): boolean => (entries ?? []).some((e) => pattern.test(e.command));


let t: TestLab | undefined;
beforeAll(() => assertBuilt());
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

// One device with the ZeroMQ fault: its fix is pmtool disablebyid, enablebyid, then a reboot.
async function zmqLab(extra: { rebootSeconds?: number } = {}): Promise<{ lab: TestLab; device: string; state: Record<string, string> }> {
  t = await startTestLab({ devices: 1, faults: 'zmq-socket=1', seed: 'e2e-outputs', ...extra });
  return { lab: t, device: t.withFault('zmq-socket')[0] as string, state: { XDG_STATE_HOME: join(t.dir, 'state') } };
}

describe('a closed stdout', () => {
  it('never stops an apply: `firemend run … --yes -v | grep -m1 reboot` still completes the fix, writes the report and exits with the run’s code', async () => {
    const { lab, device, state } = await zmqLab();
    const report = join(lab.dir, 'report.json');
    const cli = spawnCli(runArgs(lab, '--yes', '-v', '--report', report), state);
    // grep -m1 reboot: read until the first line that mentions the reboot, then close the pipe.
    cli.child.stdout?.on('data', () => {
      if (/reboot/.test(cli.stdout())) cli.child.stdout?.destroy();
    });
    const r = await cli.done;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('stdout was closed');
    const rep = readReport(report);
    expect(reportSchemaErrors(rep)).toEqual([]);
    expect(hostOf(rep, device).status).toBe('changed');
    const audit = lab.audit().get(device);
    for (const step of [/pmtool disablebyid/, /pmtool enablebyid/, /^reboot/]) expect(sent(audit, step), String(step)).toBe(true);
  });
});

describe('output paths that cannot be written', () => {
  it('are found before any device is contacted: exit 1, naming each one', async () => {
    const { lab, device, state } = await zmqLab();
    const notAFolder = join(lab.dir, 'plain-file');
    writeFileSync(notAFolder, '');
    const r = await runCli(runArgs(lab, '--yes', '--report', join(lab.dir, 'missing', 'r.json'), '--junit', join(notAFolder, 'j.xml'), '--evidence', join(notAFolder, 'ev')), state);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain(`--report ${join(lab.dir, 'missing', 'r.json')}`);
    expect(r.stderr).toContain(`--junit ${join(notAFolder, 'j.xml')}`);
    expect(r.stderr).toContain(`--evidence ${join(notAFolder, 'ev')}`);
    expect(r.stderr).toContain('nothing was contacted');
    expect(lab.audit().get(device)).toEqual([]);
  });

  it('--plan-out too', async () => {
    const { lab, device, state } = await zmqLab();
    const r = await runCli(runArgs(lab, '--check', '--plan-out', join(lab.dir, 'missing', 'plan.json')), state);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain('--plan-out');
    expect(lab.audit().get(device)).toEqual([]);
  });
});

describe('outputs that fail during the run', () => {
  it('a broken evidence folder and a JUnit path that went away leave every device outcome unchanged: warnings, the DONE line names them, exit 74', async () => {
    const { lab, device, state } = await zmqLab();
    const evidence = join(lab.dir, 'evidence');
    const junitDir = join(lab.dir, 'ci');
    mkdirSync(junitDir);
    const junit = join(junitDir, 'junit.xml');
    const report = join(lab.dir, 'report.json');
    const cli = spawnCli(runArgs(lab, '--yes', '--output', 'json', '--evidence', evidence, '--junit', junit, '--report', report), state);
    // The host's folder exists once host_started is out (the evidence writer sees events before stdout);
    // replace it by a file, so every later transcript and step write fails (ENOTDIR), as on a broken disk.
    await cli.waitForEvent((e) => e['type'] === 'host_started' && e['host'] === device);
    rmSync(join(evidence, device), { recursive: true, force: true });
    writeFileSync(join(evidence, device), '');
    rmSync(junitDir, { recursive: true });
    writeFileSync(junitDir, '');
    const r = await cli.done;

    expect(r.code, r.stderr).toBe(74);
    expect(r.stderr).toContain('reporter "evidence" failed and was disabled');
    expect(r.stderr).toContain(`could not write JUnit ${junit}`);
    const done = jsonEvents(r.stdout).find((e) => e['type'] === 'run_finished') as { exitCode: number; unwritten: string[] };
    expect(done.exitCode).toBe(74);
    expect(done.unwritten).toEqual([`evidence ${evidence} (incomplete)`, `JUnit ${junit}`]);
    // The device was fixed exactly as without the broken outputs.
    const rep = readReport(report);
    expect(reportSchemaErrors(rep)).toEqual([]);
    expect(rep.exit_code).toBe(74);
    expect(hostOf(rep, device).status).toBe('changed');
    expect(hostOf(rep, device).error).toBeUndefined();
    for (const step of [/pmtool disablebyid/, /pmtool enablebyid/, /^reboot/]) expect(sent(lab.audit().get(device), step), String(step)).toBe(true);
  });

  it('the DONE line of line output names the file not written', async () => {
    const { lab, state } = await zmqLab();
    const plans = join(lab.dir, 'plans');
    mkdirSync(plans);
    const plan = join(plans, 'plan.json');
    const cli = spawnCli(runArgs(lab, '--check', '--output', 'line', '--plan-out', plan), state);
    // Once the run has started (its first line), the plan's folder goes away; the plan is written at the end.
    await new Promise<void>((resolve) => {
      const started = (): void => {
        if (!/CHECK \(dry-run/.test(cli.stdout())) return;
        cli.child.stdout?.off('data', started);
        resolve();
      };
      cli.child.stdout?.on('data', started);
      // A run that ends first fails the assertions below rather than hanging the test.
      void cli.done.then(() => resolve());
    });
    rmSync(plans, { recursive: true });
    writeFileSync(plans, '');
    const r = await cli.done;
    expect(r.code, r.stderr).toBe(74);
    expect(r.stderr).toContain(`could not write plan ${plan}`);
    const last = r.stdout.trimEnd().split('\n').at(-1) ?? '';
    expect(last).toMatch(/ DONE check/);
    expect(last.endsWith(`; NOT WRITTEN: plan ${plan}; exit code 74`), last).toBe(true);
  });
});

// A folder that cannot be written to, for whoever runs the tests: without write permission for a user, immutable
// (chattr +i) for root, whom permissions do not stop. Returns the undo, so the lab's folder can be removed.
function makeReadOnly(path: string): () => void {
  if (process.getuid?.() === 0) {
    execFileSync('chattr', ['-R', '+i', path]);
    return () => execFileSync('chattr', ['-R', '-i', path]);
  }
  execFileSync('chmod', ['-R', 'a-w', path]);
  return () => execFileSync('chmod', ['-R', 'u+w', path]);
}

// What happened to each device: its status, and per step the status and the fix as sent.
function outcomes(rep: Report): unknown[] {
  return rep.hosts.map((h) => ({ host: h.name, status: h.status, error: h.error?.code, steps: h.steps.map((s) => ({ id: s.id, status: s.status, fix: s.fix })) }));
}

describe('outputs that become read-only during the run', () => {
  it('a read-only --evidence folder and a JUnit folder that cannot be written leave every device outcome as without them, with a warning for each', async () => {
    const faults = 'zmq-socket=1,no-dns=1';
    // The same fleet without the broken outputs: what every device should end as.
    t = await startTestLab({ devices: 3, faults, seed: 'e2e-read-only' });
    const baseline = join(t.dir, 'baseline.json');
    const clean = await runCli(runArgs(t, '--yes', '--output', 'json', '--report', baseline), { XDG_STATE_HOME: join(t.dir, 'state') });
    expect(clean.code, clean.stderr).toBe(0);
    const expected = outcomes(readReport(baseline));
    await t.stop();

    t = await startTestLab({ devices: 3, faults, seed: 'e2e-read-only' });
    const lab = t;
    const evidence = join(lab.dir, 'evidence');
    const junitDir = join(lab.dir, 'ci');
    mkdirSync(junitDir);
    const junit = join(junitDir, 'junit.xml');
    const report = join(lab.dir, 'report.json');
    const cli = spawnCli(runArgs(lab, '--yes', '--output', 'json', '--evidence', evidence, '--junit', junit, '--report', report), { XDG_STATE_HOME: join(lab.dir, 'state') });
    // Both folders pass the check before any device is contacted; they turn read-only once the first host started.
    await cli.waitForEvent((e) => e['type'] === 'host_started');
    const undo = [makeReadOnly(evidence), makeReadOnly(junitDir)];
    let r;
    try {
      r = await cli.done;
    } finally {
      for (const u of undo) u();
    }

    expect(r.code, r.stderr).toBe(74);
    expect(r.stderr).toContain('reporter "evidence" failed and was disabled');
    expect(r.stderr).toContain(`could not write JUnit ${junit}`);
    const done = jsonEvents(r.stdout).find((e) => e['type'] === 'run_finished') as { exitCode: number; unwritten: string[] };
    expect(done.unwritten).toEqual([`evidence ${evidence} (incomplete)`, `JUnit ${junit}`]);
    const rep = readReport(report);
    expect(reportSchemaErrors(rep)).toEqual([]);
    expect(rep.exit_code).toBe(74);
    expect(outcomes(rep)).toEqual(expected);
    // The fixes really reached the devices.
    for (const device of lab.withFault('zmq-socket')) for (const step of [/pmtool disablebyid/, /pmtool enablebyid/, /^reboot/]) expect(sent(lab.audit().get(device), step), String(step)).toBe(true);
    for (const device of lab.withFault('no-dns')) expect(sent(lab.audit().get(device), /configure network dns/)).toBe(true);
  });
});

describe('a reused --evidence folder', () => {
  it('gets the new run in its own subfolder; the earlier run’s files are left as they were', async () => {
    const { lab, device, state } = await zmqLab();
    const evidence = join(lab.dir, 'evidence');
    const first = await runCli(runArgs(lab, '--check', '--evidence', evidence), state);
    expect(first.code, first.stderr).toBe(0);
    const transcript = join(evidence, device, 'transcript.log');
    const before = readFileSync(transcript, 'utf8');
    const summary = readFileSync(join(evidence, 'SUMMARY.md'), 'utf8');
    const second = await runCli(runArgs(lab, '--check', '--evidence', evidence), state);
    expect(second.code, second.stderr).toBe(0);
    expect(readFileSync(transcript, 'utf8')).toBe(before);
    expect(readFileSync(join(evidence, 'SUMMARY.md'), 'utf8')).toBe(summary);
    const runs = readdirSync(evidence).filter((n) => n.startsWith('run-'));
    expect(runs).toHaveLength(1);
    expect(second.stderr).toContain(`this run's evidence goes to ${join(evidence, runs[0] as string)}`);
    expect(readFileSync(join(evidence, runs[0] as string, device, 'transcript.log'), 'utf8')).toContain('pmtool status');
  });
});

describe('a second Ctrl-C in the middle of a fix', () => {
  it('leaves SUMMARY.md, the report and JUnit agreeing: the device cut off after disablebyid/enablebyid/reboot is failed, not skipped', async () => {
    // The device stays down after its reboot, so the run is waiting for it when the signals come.
    const { lab, device, state } = await zmqLab({ rebootSeconds: 3600 });
    const evidence = join(lab.dir, 'evidence');
    const report = join(lab.dir, 'report.json');
    const junit = join(lab.dir, 'junit.xml');
    const cli = spawnCli(runArgs(lab, '--yes', '--output', 'json', '--evidence', evidence, '--report', report, '--junit', junit), state);
    const rebooting = await cli.waitForEvent((e) => e['type'] === 'step_progress' && e['host'] === device && String(e['message']).startsWith('rebooting'));
    const cutStep = rebooting['stepId'] as string;
    cli.child.kill('SIGINT');
    await waitForStderr(cli, 'finishing in-flight steps');
    cli.child.kill('SIGINT');
    const r = await cli.done;
    expect(r.code, r.stderr).toBe(130);

    const rep = readReport(report);
    expect(reportSchemaErrors(rep)).toEqual([]);
    const host = hostOf(rep, device);
    expect(host.status).toBe('failed');
    expect(host.error?.code).toBe('E_INTERRUPTED');
    expect(host.steps.at(-1)).toMatchObject({ id: cutStep, status: 'failed', error: { code: 'E_INTERRUPTED' } });

    const summary = readFileSync(join(evidence, 'SUMMARY.md'), 'utf8');
    expect(summary).not.toMatch(/not finished/);
    expect(summary).toMatch(new RegExp(`\\| ${device} \\| [^|]+ \\| failed \\|`));
    expect(summary).toContain(`### ${device} — ${cutStep}`);
    expect(summary).toContain('E_INTERRUPTED');
    const s = rep.summary;
    expect(summary).toContain(`| ${s['hosts']} | ${s['ok']} | ${s['changed']} | ${s['pending']} | ${s['action_required']} | ${s['failed']} | ${s['unreachable']} | ${s['skipped']} |`);

    const xml = readFileSync(junit, 'utf8');
    expect(xml).toMatch(new RegExp(`<testcase [^>]*name="${cutStep}[^"]*"[^>]*>\\s*<failure type="E_INTERRUPTED"`));
    // What the device really got before the stop.
    const audit = lab.audit().get(device);
    expect(sent(audit, /pmtool disablebyid/)).toBe(true);
    expect(sent(audit, /pmtool enablebyid/)).toBe(true);
  });
});
