// `firemend apply` with the output flags of `run`: a saved plan applied to a lab with --evidence and
// --output json, and an apply turned away by the default lock while a `run` of the same playbook and inventory
// holds it. Both processes keep their state (the lock) in a temp XDG_STATE_HOME.
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_PASSWORD, PLAYBOOK, assertBuilt, jsonEvents, readReport, reportSchemaErrors, runCli, spawnCli, startTestLab, type TestLab } from './helpers.js';

/** Every file under dir, with its text. */
function filesUnder(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(p, readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

describe('firemend apply with run’s output flags and lock', () => {
  let t: TestLab;
  let playbook: string;
  let planPath: string;
  let env: Record<string, string>;
  const name = (fault: string): string => {
    const n = t.withFault(fault)[0];
    if (n === undefined) throw new Error(`no device with ${fault}`);
    return n;
  };
  const logins = (): number[] => t.lab.devices.map((d) => t.lab.device(d.name).state.loginCount);

  beforeAll(async () => {
    assertBuilt();
    t = await startTestLab({ devices: 3, faults: 'no-dns=1,connector-disabled=1', seed: 'e2e-apply-output' });
    env = { XDG_STATE_HOME: join(t.dir, 'state') };
    // The shipped playbook, copied: the plan pins its bytes, and this test must not depend on edits elsewhere.
    mkdirSync(join(t.dir, 'pb', 'vars'), { recursive: true });
    playbook = join(t.dir, 'pb', 'cloud-config-failure.yml');
    copyFileSync(PLAYBOOK, playbook);
    copyFileSync('playbooks/vars/regions.yml', join(t.dir, 'pb', 'vars', 'regions.yml'));
    planPath = join(t.dir, 'plan.json');
    const r = await runCli(['run', playbook, '-i', t.inventory, '--known-hosts', t.knownHosts, '--check', '--plan-out', planPath, '-e', 'reboot_timeout=20', '--output', 'line'], env);
    expect(r.code, r.stderr).toBe(0);
  }, 60_000);

  afterAll(async () => {
    await t?.stop();
  });

  it('exits 75 and contacts nothing while a run of the same playbook and inventory holds the default lock', async () => {
    const first = spawnCli(['run', playbook, '-i', t.inventory, '--known-hosts', t.knownHosts, '--check', '-e', 'reboot_timeout=20', '--output', 'json'], env);
    // Once a host has started, the run holds the lock; freeze it there so the overlap is certain.
    await first.waitForEvent((e) => e.type === 'host_started');
    expect(first.child.kill('SIGSTOP')).toBe(true);
    let second;
    let atStart: number[];
    try {
      // The lock lives where the README says: one file per playbook+inventory pair under the state dir.
      expect(readdirSync(join(t.dir, 'state', 'firemend', 'locks')).filter((f) => f.endsWith('.lock'))).toHaveLength(1);
      atStart = logins();
      second = await runCli(['apply', planPath, '--known-hosts', t.knownHosts, '--yes', '--output', 'json', '--report', join(t.dir, 'locked.json')], env);
      // The apply logged in nowhere (the frozen run cannot log in either).
      expect(logins()).toEqual(atStart);
    } finally {
      first.child.kill('SIGCONT');
    }
    expect(second.code, second.stderr).toBe(75);
    expect(second.stdout).toBe('');
    expect(second.stderr).toMatch(/another run holds the lock .*nothing was contacted/);
    expect(existsSync(join(t.dir, 'locked.json'))).toBe(false);
    const done = await first.done;
    expect(done.code, done.stderr).toBe(0);
    // The dry-run changed nothing, so the plan still holds for the next test.
    expect([...t.audit().values()].flat().filter((e) => e.changes)).toEqual([]);
  }, 60_000);

  it('applies the plan with JSON lines only on stdout and an evidence folder that holds no password', async () => {
    const dir = join(t.dir, 'evidence');
    const reportPath = join(t.dir, 'apply.json');
    const r = await runCli(['apply', planPath, '--known-hosts', t.knownHosts, '--yes', '--output', 'json', '--evidence', dir, '--report', reportPath], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`applying ${planPath}`);

    // stdout: nothing but JSON lines, from run_started to run_finished.
    const events = jsonEvents(r.stdout);
    expect(events[0]).toMatchObject({ type: 'run_started', mode: 'apply' });
    expect(events.at(-1)).toMatchObject({ type: 'run_finished', exitCode: 0 });

    const report = readReport(reportPath);
    expect(reportSchemaErrors(report)).toEqual([]);
    const fixed = [name('no-dns'), name('connector-disabled')].sort();
    expect(report.hosts.map((h) => [h.name, h.status]).sort()).toEqual(fixed.map((n) => [n, 'changed']));

    // Evidence for exactly the hosts the plan sent fixes to, with the DNS fix before, sent and after.
    const hostDirs = readdirSync(dir).filter((f) => statSync(join(dir, f)).isDirectory()).sort();
    expect(hostDirs).toEqual(fixed);
    for (const h of fixed) {
      for (const f of ['transcript.log', 'steps.json', 'host.json']) expect(existsSync(join(dir, h, f)), `${h}/${f}`).toBe(true);
    }
    const dnsHost = join(dir, name('no-dns'));
    const dnsStep = readdirSync(join(dnsHost, 'steps')).find((n) => n.endsWith('-dns-configured'));
    expect(dnsStep).toBeDefined();
    expect(readFileSync(join(dnsHost, 'steps', dnsStep as string, 'commands.txt'), 'utf8')).toMatch(/^# sent\nconfigure network dns servers /);
    expect(readFileSync(join(dnsHost, 'steps', dnsStep as string, 'after.txt'), 'utf8')).toMatch(/^\$ show network\n/);
    const summary = readFileSync(join(dir, 'SUMMARY.md'), 'utf8');
    expect(summary).toContain('- Exit code: 0');

    // The password (also the sudo password of the root climb) is nowhere: files, stdout, stderr.
    const files = filesUnder(dir);
    expect(files.size).toBeGreaterThan(6);
    for (const [path, text] of files) expect(text, path).not.toContain(LAB_PASSWORD);
    for (const o of [r.stdout, r.stderr, readFileSync(reportPath, 'utf8')]) expect(o).not.toContain(LAB_PASSWORD);
  }, 90_000);
});
