// Plan at noon, apply at 02:00: the built CLI against a lab, with devices changed behind the plan's back
// through the lab's in-process API. The audit logs are the judge of what was sent.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BAD_RESOLVER, type AuditEntry } from '../../src/lab/index.js';
import { planDigest } from '../../src/plan/digest.js';
import type { PlanFile, PlanHost } from '../../src/plan/model.js';
import { LAB_PASSWORD, PLAYBOOK, assertBuilt, hostOf, readReport, reportSchemaErrors, runCli, startTestLab, type TestLab } from './helpers.js';

// The command as typed, without the exit-status marker the transport appends in expert/root mode.
const typed = (e: AuditEntry): string => e.command.replace(/; echo "__FM_RC_[0-9a-f]+=\$\?"$/, '');

function plannedCommands(h: PlanHost): string[] {
  return h.plays.flatMap((p) => p.steps.filter((s) => s.status === 'pending').flatMap((s) => s.fix?.commands ?? []));
}

// Whether `sub` appears in `list` in order (not necessarily contiguous).
function isSubsequence(sub: readonly string[], list: readonly string[]): boolean {
  let i = 0;
  for (const x of list) if (i < sub.length && x === sub[i]) i += 1;
  return i === sub.length;
}

describe('firemend run --check --plan-out, show and apply against a lab', () => {
  let t: TestLab;
  let playbook: string;
  let planPath: string;
  let plan: PlanFile;
  const fault = (f: string, i = 0): string => {
    const name = t.withFault(f)[i];
    if (name === undefined) throw new Error(`no device with ${f} #${i}`);
    return name;
  };
  const marks = (): Map<string, number> => new Map(t.lab.devices.map((d) => [d.name, t.lab.device(d.name).audit.length]));
  const since = (m: Map<string, number>, name: string): AuditEntry[] => t.lab.device(name).audit.slice(m.get(name) ?? 0);
  const untouched = (m: Map<string, number>): void => {
    for (const d of t.lab.devices) expect(since(m, d.name), `${d.name} was contacted`).toEqual([]);
  };

  beforeAll(async () => {
    assertBuilt();
    t = await startTestLab({ devices: 8, faults: 'no-dns=2,connector-disabled=2,zmq-socket=1,egress-blocked=1', seed: 'plan-e2e' });
    // The shipped playbook, copied: the plan pins its bytes, and this test must not depend on edits elsewhere.
    mkdirSync(join(t.dir, 'pb', 'vars'), { recursive: true });
    playbook = join(t.dir, 'pb', 'cloud-config-failure.yml');
    copyFileSync(PLAYBOOK, playbook);
    copyFileSync('playbooks/vars/regions.yml', join(t.dir, 'pb', 'vars', 'regions.yml'));
    planPath = join(t.dir, 'plan.json');
  }, 60_000);

  afterAll(async () => {
    await t?.stop();
  });

  it('writes a plan with each pending step’s exact commands and a fingerprint per check, and sends nothing', async () => {
    const m = marks();
    const r = await runCli(['run', playbook, '-i', t.inventory, '--known-hosts', t.knownHosts, '--check', '--plan-out', planPath, '-e', 'reboot_timeout=30']);
    expect(r.code, r.stderr).toBe(2); // egress-blocked is action_required
    for (const d of t.lab.devices) expect(since(m, d.name).filter((e) => e.changes)).toEqual([]);
    const text = readFileSync(planPath, 'utf8');
    expect(text).not.toContain(LAB_PASSWORD);
    plan = JSON.parse(text) as PlanFile;
    expect(plan.extra_vars).toEqual({ reboot_timeout: '30' });
    expect(plan.playbook.vars_files).toHaveLength(1);
    const toChange = plan.hosts.filter((h) => plannedCommands(h).length > 0).map((h) => h.name).sort();
    expect(toChange).toEqual([fault('no-dns', 0), fault('no-dns', 1), fault('connector-disabled', 0), fault('connector-disabled', 1), fault('zmq-socket')].sort());
    const zmq = plan.hosts.find((h) => h.name === fault('zmq-socket'))!;
    const socket = zmq.plays[0]!.steps.find((s) => s.id === 'eventhandler-socket')!;
    expect(socket.fix).toEqual({ commands: ['pmtool disablebyid SSEConnector', 'pmtool enablebyid SSEConnector', 'reboot'], reboot: true, reboot_timeout_s: 30 });
    expect(zmq.plays[0]!.steps.every((s) => s.check === undefined || /^[0-9a-f]{64}$/.test(s.check.fingerprint ?? ''))).toBe(true);
  }, 60_000);

  it('shows the plan for a person: hosts, exact commands, reboots, estimate and totals', async () => {
    const r = await runCli(['show', planPath]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`${fault('zmq-socket')} (`);
    expect(r.stdout).toContain('$ pmtool disablebyid SSEConnector');
    expect(r.stdout).toContain('⟳ reboot, then wait up to 30s for the device to come back');
    expect(r.stdout).toContain('$ configure network dns servers ');
    // zmq-socket's reboot is certain; a connector-disabled device's socket fix (with its reboot) runs only if
    // enabling the connector does not heal the socket: possible, not certain.
    expect(r.stdout).toMatch(/Totals: 8 hosts checked; \d+ fixes \(\d+ commands\) on 5 hosts; \d+ more fixes only if still needed after an earlier fix; 1 reboot, 2 possible reboots; \d+ actions required\./);
    expect(r.stdout).toMatch(/Estimated: \S+ for the longest host/);
    expect(r.stdout).toContain(`${fault('egress-blocked')} (`);
  });

  it('refuses a non-interactive apply without --yes, contacting nothing', async () => {
    const m = marks();
    const r = await runCli(['apply', planPath, '--known-hosts', t.knownHosts]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('without --yes');
    untouched(m);
  });

  it('skips a device changed behind the plan as stale, leaves a healed one ok, and fixes the rest exactly as planned', async () => {
    const stale = fault('no-dns', 0);
    const healed = fault('connector-disabled', 0);
    // Behind the plan's back: someone points the stale device at a resolver that cannot resolve the cloud,
    // and someone else enables the healed device's connector by hand.
    t.lab.device(stale).setDnsServers([BAD_RESOLVER]);
    t.lab.device(healed).pmtool('enable', 'SSEConnector');
    const m = marks();
    const reportPath = join(t.dir, 'apply.json');
    const r = await runCli(['apply', planPath, '--known-hosts', t.knownHosts, '--yes', '--report', reportPath]);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const report = readReport(reportPath);
    expect(reportSchemaErrors(report)).toEqual([]);
    expect(report.mode).toBe('apply');

    // Only the plan's hosts with fixes were worked on.
    const fixed = [fault('no-dns', 1), fault('connector-disabled', 1), fault('zmq-socket')];
    expect(report.hosts.map((h) => h.name).sort()).toEqual([stale, healed, ...fixed].sort());
    for (const d of t.lab.devices) {
      if (![stale, healed, ...fixed].includes(d.name)) expect(since(m, d.name), `${d.name} was contacted`).toEqual([]);
    }

    // Stale: skipped with the step that moved, and no changing command reached it.
    expect(hostOf(report, stale)).toMatchObject({ status: 'skipped', reason: 'stale: dns-resolves' });
    expect(since(m, stale).filter((e) => e.changes)).toEqual([]);
    expect(since(m, stale).length).toBeGreaterThan(0); // it was re-checked

    // Healed: ok, nothing sent.
    expect(hostOf(report, healed).status).toBe('ok');
    expect(since(m, healed).filter((e) => e.changes)).toEqual([]);

    // The rest: changed, and every changing command was in that host's plan, in plan order.
    for (const name of fixed) {
      expect(hostOf(report, name).status, name).toBe('changed');
      const planned = plannedCommands(plan.hosts.find((h) => h.name === name)!);
      const sent = since(m, name)
        .filter((e) => e.changes)
        .map(typed)
        .map((c) => (c === 'YES' ? 'reboot' : c)); // a reboot is confirmed with YES
      expect(sent.length, name).toBeGreaterThan(0);
      expect(isSubsequence(sent, planned), `${name} sent ${JSON.stringify(sent)}, planned ${JSON.stringify(planned)}`).toBe(true);
    }
    expect(since(m, fault('zmq-socket')).filter((e) => e.changes).map(typed)).toEqual(['pmtool disablebyid SSEConnector', 'pmtool enablebyid SSEConnector', 'YES']);
    expect(JSON.stringify(report)).not.toContain(LAB_PASSWORD);
  }, 90_000);

  describe('refuses, contacting nothing', () => {
    const refused = async (args: string[], message: RegExp): Promise<void> => {
      const m = marks();
      const r = await runCli(['apply', ...args, '--known-hosts', t.knownHosts, '--yes']);
      expect(r.code, r.stdout).toBe(1);
      expect(r.stderr).toMatch(message);
      untouched(m);
    };

    it('a file that is not JSON', async () => {
      const p = join(t.dir, 'garbage.json');
      writeFileSync(p, 'this is not a plan\n');
      await refused([p], /garbage\.json is not a firemend plan: it is not valid JSON/);
      const show = await runCli(['show', p]);
      expect(show.code).toBe(1);
    });

    it('JSON that is not a plan', async () => {
      const p = join(t.dir, 'partial.json');
      writeFileSync(p, JSON.stringify({ version: 1, hosts: [] }));
      await refused([p], /partial\.json is not a valid firemend plan: the top level lacks/);
    });

    it('a hand-edited plan', async () => {
      const edited = JSON.parse(readFileSync(planPath, 'utf8')) as PlanFile;
      const host = edited.hosts.find((h) => plannedCommands(h).length > 0)!;
      const step = host.plays[0]!.steps.find((s) => s.fix)!;
      step.fix!.commands[0] = 'configure network dns servers 203.0.113.66';
      const p = join(t.dir, 'edited.json');
      writeFileSync(p, JSON.stringify(edited, null, 2));
      await refused([p], /edited\.json was changed after it was written/);
    });

    it('an expired plan, even when correctly sealed', async () => {
      const old = JSON.parse(readFileSync(planPath, 'utf8')) as PlanFile;
      old.created_at = new Date(Date.now() - 2 * 86_400_000).toISOString();
      old.sha256 = planDigest(old);
      const p = join(t.dir, 'old.json');
      writeFileSync(p, JSON.stringify(old));
      await refused([p], /old\.json expired: it was made 2d 00h ago .*more than --max-age 24h 00m/);
      await refused([planPath, '--max-age', 'soon'], /--max-age must be a duration like 90s, 30m, 24h or 2d/);
    });

    it('a plan whose inventory changed since', async () => {
      const before = readFileSync(t.inventory, 'utf8');
      appendFileSync(t.inventory, '# edited after the plan\n');
      try {
        await refused([planPath], /the inventory .* changed since the plan was made/);
      } finally {
        writeFileSync(t.inventory, before);
      }
    });
  });
});
