// The run journal against a lab: firemend is SIGKILLed right after the lab's audit shows a reboot sent; the journal
// still says which device got which command, `firemend runs` calls the run crashed, and the next run of the same
// playbook and inventory warns about it, names the device that was mid-fix, and still proceeds.
import { watch } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/lab/index.js';
import { LAB_PASSWORD, assertBuilt, runArgs, runCli, spawnCli, startTestLab, tempDir, type TestLab } from './helpers.js';

let t: TestLab;
let env: Record<string, string>;

beforeAll(async () => {
  assertBuilt();
  t = await startTestLab({ devices: 3, faults: 'zmq-socket=@ftd-002', seed: 'journal' });
  env = { XDG_STATE_HOME: tempDir('journal-state') };
}, 60_000);
afterAll(async () => {
  await t?.stop();
});

// Resolves when the device's audit file holds an entry the predicate accepts (the lab appends synchronously).
function auditShows(name: string, pred: (e: AuditEntry) => boolean): Promise<void> {
  return new Promise((resolve) => {
    const seen = (): boolean => (t.audit().get(name) ?? []).some(pred);
    const watcher = watch(t.auditDir, () => {
      if (seen()) {
        watcher.close();
        resolve();
      }
    });
    if (seen()) {
      watcher.close();
      resolve();
    }
  });
}

describe('the run journal', () => {
  it('survives a SIGKILL right after a reboot was sent: runs lists the run as crashed, runs show names the device and the reboot', async () => {
    const cli = spawnCli(runArgs(t, '--yes', '--output', 'json'), env);
    await auditShows('ftd-002', (e) => e.changes && e.command.trim() === 'YES');
    cli.child.kill('SIGKILL');
    const killed = await cli.done;
    expect(killed.signal).toBe('SIGKILL');

    const list = await runCli(['runs', '--json'], env);
    expect(list.code, list.stderr).toBe(0);
    const runs = list.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(runs[0]).toMatchObject({ state: 'crashed', mode: 'apply', hosts: 3, exit_code: null });
    const text = await runCli(['runs'], env);
    expect(text.stdout).toMatch(/crashed/);

    const show = await runCli(['runs', 'show', 'last'], env);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toMatch(/crashed/);
    expect(show.stdout).toMatch(/^ftd-002 {2}mid-fix: reboot sent at \S+ \(step eventhandler-socket\)/m);
    expect(show.stdout).toMatch(/\? eventhandler-socket {2}reboot {2}\[sent \S+, no outcome: may be half done\]/);
    expect(show.stdout).toMatch(/✔ eventhandler-socket {2}pmtool disablebyid SSEConnector/);
    const json = JSON.parse((await runCli(['runs', 'show', String(runs[0]?.['id']), '--json'], env)).stdout) as { devices: { name: string; half_done: { command: string }[] }[] };
    expect(json.devices.find((d) => d.name === 'ftd-002')?.half_done.map((a) => a.command)).toEqual(['reboot']);
    expect(json.devices.filter((d) => d.half_done.length > 0).map((d) => d.name)).toEqual(['ftd-002']);
    expect(show.stdout + JSON.stringify(json)).not.toContain(LAB_PASSWORD);
  }, 90_000);

  it('warns on the next run of the same rollout, naming the device that was mid-fix, and still runs', async () => {
    const r = await runCli(runArgs(t, '--yes'), env);
    expect(r.stderr).toMatch(/the last run of this playbook and inventory \(\S+, started \S+\) crashed; devices that were mid-fix: ftd-002 \(reboot sent, no outcome\)/);
    expect(r.code, r.stderr).toBe(0);
    const runs = (await runCli(['runs', '--json'], env)).stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(runs.map((x) => x['state'])).toEqual(['completed', 'crashed']);
    expect(runs[0]?.['exit_code']).toBe(0);
    // A completed run is no crash: the run after it says nothing.
    const again = await runCli(runArgs(t, '--yes', '--check'), env);
    expect(again.stderr).not.toMatch(/crashed/);
  }, 90_000);
});
