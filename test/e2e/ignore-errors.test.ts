// ignore_errors through the built CLI against a lab: a step that fails under ignore_errors stays failed and
// says "ignored" in the line output, JUnit, SUMMARY.md and the report; the host goes on with its next step and
// the run exits 0.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, hostOf, readReport, reportSchemaErrors, runCli, startTestLab, type TestLab } from './helpers.js';

// The first step's check cannot pass on any device (no FTD reports this model); the second reads the version.
const PLAYBOOK = `- name: Tolerate a check that is known to fail
  hosts: ftd
  steps:
    - id: unknown-model
      name: The device is a model no FTD reports
      mode: clish
      ignore_errors: true
      check:
        command: show version
        expect:
          contains: "Model : Imaginary 9999"
    - id: version
      name: The device reports its software version
      check: { command: show version, expect: { contains: "Version" } }
`;

let lab: TestLab | undefined;
beforeAll(() => assertBuilt());
afterEach(async () => {
  await lab?.stop();
  lab = undefined;
});

describe('firemend run with a step under ignore_errors', () => {
  it('says "ignored" in the line output, JUnit, SUMMARY.md and the report, runs the next step and exits 0', async () => {
    const t = (lab = await startTestLab({ devices: 1, seed: 'e2e-ignore-errors' }));
    const playbook = join(t.dir, 'ignore.yml');
    writeFileSync(playbook, PLAYBOOK);
    const report = join(t.dir, 'report.json');
    const junit = join(t.dir, 'junit.xml');
    const evidence = join(t.dir, 'evidence');
    const device = t.lab.devices[0]!.name;
    const r = await runCli(
      ['run', playbook, '-i', t.inventory, '--known-hosts', t.knownHosts, '--yes', '-v', '--output', 'line', '--report', report, '--junit', junit, '--evidence', evidence],
      { XDG_STATE_HOME: join(t.dir, 'state') },
    );
    expect(r.code, r.stderr).toBe(0);

    expect(r.stdout).toMatch(new RegExp(`${device} unknown-model: failed \\(ignored\\)`));
    expect(r.stdout).toContain(`${device} version: ok`);

    const rep = readReport(report);
    expect(reportSchemaErrors(rep)).toEqual([]);
    const host = hostOf(rep, device);
    expect(host.status).toBe('ok');
    expect(host.steps.map((s) => [s.id, s.status])).toEqual([['unknown-model', 'failed'], ['version', 'ok']]);
    expect((host.steps[0] as { ignored?: boolean }).ignored).toBe(true);

    const xml = readFileSync(junit, 'utf8');
    expect(xml).toMatch(/<skipped message="ignored: [^"]+"\/>/);
    expect(xml).not.toContain('<failure');
    expect(xml).toMatch(/<testsuites [^>]*tests="2" failures="0" errors="0" skipped="1"/);

    const md = readFileSync(join(evidence, 'SUMMARY.md'), 'utf8');
    expect(md).toContain(`## Failures ignored (ignore_errors)\n\n### ${device} — unknown-model: The device is a model no FTD reports`);
    expect(md).not.toContain('## Failures\n');
  });
});
