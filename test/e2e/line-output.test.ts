// What a log or a CI job gets when stdout is not a terminal: the built CLI, `--output auto` on a pipe, one
// timestamped line per host event and a last line summing the run up; and `--output json`, where stdout
// carries JSON lines and nothing else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { LAB_PASSWORD, assertBuilt, jsonEvents, readReport, runArgs, runCli, startTestLab, type TestLab } from './helpers.js';

const STAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z) (.*)$/;

describe('firemend run on a pipe', () => {
  let t: TestLab;
  const byFault = new Map<string, string>();

  beforeAll(async () => {
    assertBuilt();
    t = await startTestLab({ devices: 4, faults: 'no-dns=1,egress-blocked=1,unreachable=1', seed: 'e2e-line' });
    for (const d of t.lab.devices) byFault.set(d.faults[0] ?? 'healthy', d.name);
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('writes one timestamped line per host event and ends with a one-line summary carrying the exit code', async () => {
    const report = join(t.dir, 'line.json');
    const r = await runCli(runArgs(t, '--check', '--report', report), { XDG_STATE_HOME: join(t.dir, 'state') });
    expect(r.code, r.stderr).toBe(2);
    const lines = r.stdout.trimEnd().split('\n');

    // Every line starts with the ISO time of its event, a real time within the run.
    const started = Date.parse((readReport(report) as unknown as { started_at: string }).started_at);
    for (const l of lines) {
      const m = STAMP.exec(l);
      expect(m, `line without a timestamp: ${l}`).not.toBeNull();
      expect(Date.parse((m as RegExpExecArray)[1] as string)).toBeGreaterThanOrEqual(started);
    }
    const bodies = lines.map((l) => (STAMP.exec(l) as RegExpExecArray)[2] as string);

    expect(bodies[0]).toMatch(/^CHECK \(dry-run\): nothing will be changed on any device: playbooks\/cloud-config-failure\.yml on 4 host\(s\) from /);
    // Exactly one outcome line per host that is not ok, with the outcome the fault implies; an ok host and its
    // passing steps are only in the recap (quiet log), a failing host's passing steps neither.
    const names = t.lab.devices.map((d) => d.name).filter((n) => n !== byFault.get('healthy'));
    for (const name of names) expect(bodies.filter((b) => b.startsWith(`${name}: `)), name).toHaveLength(1);
    expect(bodies.filter((b) => new RegExp(`^${byFault.get('healthy')}( \\S+)?: `).test(b))).toEqual([]);
    expect(bodies.filter((b) => / [a-z-]+(\[\d+\])?: ok$/.test(b))).toEqual([]);
    expect(bodies).toContainEqual(expect.stringMatching(new RegExp(`^${byFault.get('no-dns')}: PENDING in \\d+\\.\\ds$`)));
    expect(bodies).toContainEqual(expect.stringMatching(new RegExp(`^${byFault.get('egress-blocked')}: ACTION_REQUIRED in `)));
    expect(bodies).toContainEqual(expect.stringMatching(new RegExp(`^${byFault.get('unreachable')}: UNREACHABLE in .*\\[E_`)));
    // Each step of a reachable host is a line of its own, naming host and step.
    expect(bodies).toContain(`${byFault.get('no-dns')} dns-configured: pending (would send: configure network dns servers 192.0.2.53,192.0.2.54) - not true: facts.dns_servers | length > 0`);
    expect(bodies).toContainEqual(expect.stringMatching(new RegExp(`^${byFault.get('egress-blocked')} cloud-reachable\\[\\d\\]: remedy: `)));
    // The root causes, largest first, each with its devices, before the recap; the same as the report's.
    const causesAt = bodies.indexOf('Root causes (3, largest first):');
    expect(causesAt, bodies.join('\n')).toBeGreaterThan(0);
    expect(bodies.indexOf('RECAP (check)')).toBe(causesAt + 7);
    const rc = readReport(report).causes;
    expect(rc.map((c) => c.step ?? c.code).sort()).toEqual(['E_CONNECT_REFUSED', 'cloud-reachable', 'dns-configured'].sort());
    for (const c of rc) expect(bodies).toContain(`     1 device: ${c.hosts.join(', ')}`);
    const egress = rc.find((c) => c.step === 'cloud-reachable');
    expect(egress?.hosts).toEqual([byFault.get('egress-blocked')]);
    expect(egress?.items?.length).toBe(5);

    // The last line sums the run up, and agrees with the report and the process.
    const rep = readReport(report);
    const last = bodies[bodies.length - 1] as string;
    const s = rep.summary;
    expect(last).toMatch(
      new RegExp(
        `^DONE check: 4 host\\(s\\) ok=${s['ok']} changed=0 pending=${s['pending']} action_required=${s['action_required']} failed=0 unreachable=${s['unreachable']} skipped=0 in \\d+\\.\\ds; exit code 2$`,
      ),
    );
    expect(s).toMatchObject({ ok: 1, pending: 1, action_required: 1, unreachable: 1 });
    expect(bodies.filter((b) => b.startsWith('DONE '))).toHaveLength(1);
    expect(r.stdout + r.stderr).not.toContain(LAB_PASSWORD);
  });

  it('prints only JSON lines on stdout with --output json, the run_finished event last', async () => {
    const r = await runCli(runArgs(t, '--check', '--output', 'json'), { XDG_STATE_HOME: join(t.dir, 'state') });
    expect(r.code, r.stderr).toBe(2);
    const events = jsonEvents(r.stdout); // throws on any line that is not JSON
    expect(events.length).toBeGreaterThan(4);
    expect(events[0]).toMatchObject({ type: 'run_started', mode: 'check' });
    expect(events[events.length - 1]).toMatchObject({ type: 'run_finished', exitCode: 2 });
    expect(events.filter((e) => e['type'] === 'host_finished')).toHaveLength(4);
    expect(r.stdout).not.toContain(LAB_PASSWORD);
  });
});

describe('the cron log of a healthy fleet', () => {
  let t: TestLab;
  beforeAll(async () => {
    assertBuilt();
    t = await startTestLab({ devices: 40, seed: 'e2e-healthy' });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('is the first line, the batch lines, the causes (none), the recap and DONE; -v adds every step and host', async () => {
    const env = { XDG_STATE_HOME: join(t.dir, 'state') };
    const r = await runCli(runArgs(t, '--check', '-f', '10', '--output', 'line'), env);
    expect(r.code, r.stderr).toBe(0);
    const bodies = r.stdout.trimEnd().split('\n').map((l) => (STAMP.exec(l) as RegExpExecArray)[2] as string);
    const recapAt = bodies.indexOf('RECAP (check)');
    expect(bodies[0]).toMatch(/^CHECK \(dry-run\): nothing will be changed on any device: /);
    const batches = bodies.slice(1, recapAt - 1);
    expect(batches.length).toBeGreaterThan(0);
    for (const b of batches) expect(b).toMatch(/^play '.*' batch \d+\/\d+: /);
    expect(bodies[recapAt - 1]).toBe('Root causes: none (nothing to fix or look at)');
    // The recap: header, 40 hosts in natural name order, the total, hosts by status; then DONE, last.
    const rows = bodies.slice(recapAt + 2, recapAt + 42).map((b) => b.split(/\s+/)[0] as string);
    expect(rows).toEqual(t.lab.devices.map((d) => d.name).sort());
    expect(bodies.slice(recapAt + 42)).toHaveLength(3);
    expect(bodies[bodies.length - 1]).toMatch(/^DONE check: 40 host\(s\) ok=40 .* exit code 0$/);

    const loud = await runCli(runArgs(t, '--check', '-f', '10', '--output', 'line', '-v'), env);
    expect(loud.code, loud.stderr).toBe(0);
    expect(loud.stdout.split('\n').filter((l) => / ftd-\d+: OK in /.test(l))).toHaveLength(40);
    expect(loud.stdout.split('\n').filter((l) => / dns-configured: ok$/.test(l))).toHaveLength(40);
  }, 120_000);
});
