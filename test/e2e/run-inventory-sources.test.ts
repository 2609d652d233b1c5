// `run` over inventories made of several sources (`-i a -i b`, a directory): the default lock and the run
// journal key the rollout by every source, and the journal records the digest of every file read.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runArgs, runCli, startTestLab, type TestLab } from './helpers.js';

let t: TestLab;
let env: Record<string, string>;

beforeAll(async () => {
  assertBuilt();
  t = await startTestLab({ devices: 1 });
  env = { XDG_STATE_HOME: join(t.dir, 'state') };
}, 60_000);

afterAll(async () => {
  await t?.stop();
});

// The shipped playbook's arguments with the lab's inventory swapped for other -i sources.
function withInventories(...sources: string[]): string[] {
  const args = runArgs(t, '--check', '--output', 'line');
  const i = args.indexOf('-i');
  args.splice(i, 2, ...sources.flatMap((s) => ['-i', s]));
  return args;
}

describe('run with an inventory of several sources', () => {
  it('runs with two -i files and with an inventory directory, each journaled as its own rollout', async () => {
    const extra = join(t.dir, 'extra.yml');
    writeFileSync(extra, 'all:\n  vars:\n    firemend_note: from the second source\n');
    const dir = join(t.dir, 'inventory.d');
    mkdirSync(dir);
    copyFileSync(t.inventory, join(dir, 'lab.yml'));

    const two = await runCli(withInventories(t.inventory, extra), env);
    expect(two.code, two.stderr).toBe(0);
    const fromDir = await runCli(withInventories(dir), env);
    expect(fromDir.code, fromDir.stderr).toBe(0);

    const runs = await runCli(['runs', '--json'], env);
    expect(runs.code, runs.stderr).toBe(0);
    const list = runs.stdout.trim().split('\n').map((l) => JSON.parse(l) as { state: string; journal: string });
    expect(list.map((r) => r.state)).toEqual(['completed', 'completed']);
    // Each journal opens with its run_start record.
    const [dirRun, twoRun] = list.map((r) => JSON.parse(readFileSync(r.journal, 'utf8').split('\n')[0] ?? '') as { rollout: string; inventory: string; inventory_sha256: string });
    expect(twoRun?.inventory).toBe(`${t.inventory},${extra}`);
    expect(dirRun?.inventory).toBe(dir);
    expect(twoRun?.rollout).not.toBe(dirRun?.rollout);
    for (const r of [dirRun, twoRun]) expect(r?.inventory_sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});
