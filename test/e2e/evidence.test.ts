// `--evidence DIR` as a change ticket needs it: the built CLI applies the shipped playbook to a lab, and the
// folder holds per host the check output before each fix, the commands sent, the output after, a session
// transcript with the password taken out, and SUMMARY.md. Then a run stopped by a second Ctrl-C: the report
// and the evidence are still written, from what was known when it stopped.
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_PASSWORD, assertBuilt, hostOf, readReport, reportSchemaErrors, runArgs, runCli, spawnCli, startTestLab, waitForStderr, type TestLab } from './helpers.js';

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

/** The folder of a host's step, found by step id (folders are numbered in run order). */
function stepDir(hostDir: string, stepId: string): string {
  const name = readdirSync(join(hostDir, 'steps')).find((n) => n.replace(/^\d+-/, '') === stepId);
  if (name === undefined) throw new Error(`no evidence folder for step ${stepId} under ${hostDir}`);
  return join(hostDir, 'steps', name);
}

describe('firemend run --evidence', () => {
  let t: TestLab;
  const byFault = new Map<string, string>();

  beforeAll(async () => {
    assertBuilt();
    t = await startTestLab({ devices: 3, faults: 'no-dns=1,egress-blocked=1', seed: 'e2e-evidence' });
    for (const d of t.lab.devices) byFault.set(d.faults[0] ?? 'healthy', d.name);
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('keeps per host the output before and after each fix, the commands sent, a redacted transcript and a summary', async () => {
    const dir = join(t.dir, 'evidence');
    const r = await runCli(runArgs(t, '--yes', '--evidence', dir, '--report', join(t.dir, 'apply.json')), { XDG_STATE_HOME: join(t.dir, 'state') });
    expect(r.code, r.stderr).toBe(2); // egress-blocked is action_required

    for (const d of t.lab.devices) {
      for (const f of ['transcript.log', 'steps.json', 'host.json']) expect(existsSync(join(dir, d.name, f)), `${d.name}/${f}`).toBe(true);
    }
    const fixed = join(dir, byFault.get('no-dns') as string);
    const dns = stepDir(fixed, 'dns-configured');
    const before = readFileSync(join(dns, 'before.txt'), 'utf8');
    expect(before.startsWith('$ show network\n')).toBe(true);
    expect(before).not.toContain('192.0.2.53');
    expect(readFileSync(join(dns, 'commands.txt'), 'utf8')).toBe('# sent\nconfigure network dns servers 192.0.2.53,192.0.2.54\n');
    const after = readFileSync(join(dns, 'after.txt'), 'utf8');
    expect(after.startsWith('$ show network\n')).toBe(true);
    expect(after).toContain('192.0.2.53');
    // A healthy host's checks are kept too, with nothing sent.
    const healthy = join(dir, byFault.get('healthy') as string);
    expect(existsSync(join(stepDir(healthy, 'dns-configured'), 'before.txt'))).toBe(true);
    expect(existsSync(join(stepDir(healthy, 'dns-configured'), 'commands.txt'))).toBe(false);
    expect(JSON.parse(readFileSync(join(healthy, 'host.json'), 'utf8'))).toMatchObject({ name: byFault.get('healthy'), status: 'ok' });

    // The transcript is the session's real traffic, both directions, including the climb to expert mode.
    const transcript = readFileSync(join(fixed, 'transcript.log'), 'utf8');
    expect(transcript).toMatch(/^--- sent \d{4}-/m);
    expect(transcript).toMatch(/^--- received \d{4}-/m);
    expect(transcript).toContain('configure network dns servers 192.0.2.53,192.0.2.54');
    expect(transcript).toContain('expert');

    const summary = readFileSync(join(dir, 'SUMMARY.md'), 'utf8');
    expect(summary).toContain('# firemend change evidence');
    expect(summary).toContain('- Exit code: 2');
    expect(summary).toContain(`### ${byFault.get('no-dns')} — dns-configured: DNS servers are configured`);
    expect(summary).toContain('## Action required');
    expect(summary).toContain(`### ${byFault.get('egress-blocked')} — cloud-reachable`);
    expect(summary).not.toContain('Incomplete');

    // The lab password (also the sudo password typed for expert/root) is in no file of the folder.
    const files = filesUnder(dir);
    expect(files.size).toBeGreaterThan(20);
    for (const [path, text] of files) expect(text.includes(LAB_PASSWORD), path).toBe(false);
  });

  it('redacts the password and secret-named vars from commands, outputs, transcripts and the report', async () => {
    // A step whose command and output carry the password and a secret given with -e: every copy must be redacted.
    const playbook = join(t.dir, 'leak.yml');
    writeFileSync(
      playbook,
      [
        '- name: Leak probe',
        '  hosts: ftd',
        '  steps:',
        '    - id: echo-secret',
        '      name: A command that carries secrets',
        '      mode: expert',
        '      check:',
        `        command: "echo 'probe {{ ansible_password }} and {{ api_token }} end'"`,
        '        expect:',
        '          contains: NEVER-THERE',
        '      remedy: "Nothing to do on {{ inventory_hostname }}"',
        '',
      ].join('\n'),
    );
    const token = 'tok-e2e-7a1b9c';
    // Secrets are refused on the command line; a vars file is the way to give one with -e.
    const secretVars = join(t.dir, 'secret-vars.yml');
    writeFileSync(secretVars, `api_token: ${token}\n`);
    const dir = join(t.dir, 'evidence-leak');
    const report = join(t.dir, 'leak.json');
    const name = byFault.get('healthy') as string;
    const r = await runCli(['run', playbook, '-i', t.inventory, '--known-hosts', t.knownHosts, '--check', '-l', name, '-e', `@${secretVars}`, '--evidence', dir, '--report', report], {
      XDG_STATE_HOME: join(t.dir, 'state'),
    });
    expect(r.code, r.stderr).toBe(2);
    const before = readFileSync(join(stepDir(join(dir, name), 'echo-secret'), 'before.txt'), 'utf8');
    expect(before).toBe("$ echo 'probe <redacted> and <redacted> end'\nprobe <redacted> and <redacted> end");
    expect(readFileSync(join(dir, name, 'transcript.log'), 'utf8')).toContain('probe <redacted> and <redacted> end');
    expect(hostOf(readReport(report), name).steps[0]?.check?.output).toBe('probe <redacted> and <redacted> end');
    const texts = [...filesUnder(dir).values(), readFileSync(report, 'utf8'), r.stdout, r.stderr];
    for (const secret of [LAB_PASSWORD, token]) expect(texts.some((x) => x.includes(secret)), secret).toBe(false);
  });

  it('still writes the report and the evidence when a second Ctrl-C stops the run at once', async () => {
    const slowLab = await startTestLab({ devices: 2, faults: 'slow=1', seed: 'e2e-evidence-stop', slowMs: 5000 });
    try {
      const slow = slowLab.withFault('slow')[0] as string;
      const quick = slowLab.lab.devices.find((d) => d.name !== slow)?.name as string;
      const dir = join(slowLab.dir, 'evidence');
      const report = join(slowLab.dir, 'stopped.json');
      const cli = spawnCli(runArgs(slowLab, '--yes', '--output', 'json', '--evidence', dir, '--report', report), { XDG_STATE_HOME: join(slowLab.dir, 'state') });
      // The quick host is done; the slow one is in the middle of a step (each of its answers takes 5 s).
      await cli.waitForEvent((e) => e['type'] === 'host_finished' && (e['result'] as { name: string }).name === quick);
      await cli.waitForEvent((e) => e['type'] === 'step_started' && e['host'] === slow);
      cli.child.kill('SIGINT');
      // The second signal goes once the first one was handled (the CLI says so on stderr).
      await waitForStderr(cli, 'finishing in-flight steps');
      cli.child.kill('SIGINT');
      // A run that ignored the second signal would go on for minutes and time the test out.
      const r = await cli.done;
      expect(r.code, r.stderr).toBe(130);
      expect(r.stderr).toContain('again: stopping now');

      const rep = readReport(report);
      expect(reportSchemaErrors(rep)).toEqual([]);
      expect(rep).toMatchObject({ interrupted: true, exit_code: 130, mode: 'apply' });
      expect(hostOf(rep, quick).status).toBe('ok');
      const cut = hostOf(rep, slow);
      expect(cut.status).toBe('failed');
      expect(cut.error?.code).toBe('E_INTERRUPTED');
      // No run_finished: the JSON lines end where the run was cut.
      expect(r.stdout).not.toContain('"run_finished"');

      const summary = readFileSync(join(dir, 'SUMMARY.md'), 'utf8');
      expect(summary).toContain('**Incomplete**');
      expect(summary).toContain(quick);
      expect(JSON.parse(readFileSync(join(dir, quick, 'host.json'), 'utf8'))).toMatchObject({ status: 'ok' });
      for (const [path, text] of filesUnder(dir)) expect(text.includes(LAB_PASSWORD), path).toBe(false);
    } finally {
      await slowLab.stop();
    }
  });
});
