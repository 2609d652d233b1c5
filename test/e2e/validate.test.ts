import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli } from './helpers.js';

// Runs the built CLI (`npm run build` first; `npm test` does it).
const run = (...args: string[]) => runCli(args);

beforeAll(assertBuilt);

describe('firemend validate', () => {
  it('prints ok with play and step counts and exits 0 for a valid playbook', async () => {
    const r = await run('validate', 'test/fixtures/valid/playbook.yml', '-i', 'test/fixtures/valid/inventory.yml');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('ok test/fixtures/valid/inventory.yml (5 hosts, 5 groups)\nok test/fixtures/valid/playbook.yml (1 play, 3 steps)\n');
    expect(r.stderr).toBe('');
  });

  it('reports every problem of every file as file:line:col: message and exits 1', async () => {
    const r = await run('validate', 'test/fixtures/invalid/pb-wrong-types.yml', 'test/fixtures/invalid/pb-duplicate-ids.yml', 'test/fixtures/valid/playbook.yml');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('ok test/fixtures/valid/playbook.yml (1 play, 3 steps)\n');
    expect(r.stderr.split('\n')).toEqual([
      `test/fixtures/invalid/pb-wrong-types.yml:4:16: 'retries' must be an integer (got "3")`,
      "test/fixtures/invalid/pb-wrong-types.yml:5:14: 'delay' must be >= 0 (got -1)",
      "test/fixtures/invalid/pb-wrong-types.yml:7:18: 'command' must be a string (got a list)",
      "test/fixtures/invalid/pb-wrong-types.yml:8:18: 'timeout' must be > 0 (got 0)",
      "test/fixtures/invalid/pb-duplicate-ids.yml:5:11: step id 'dns' is used twice (first at test/fixtures/invalid/pb-duplicate-ids.yml:3:11)",
      '5 problems found',
      '',
    ]);
  });

  it('checks variables against the inventory only when one is given', async () => {
    const without = await run('validate', 'test/fixtures/invalid/pb-undefined-variable.yml');
    expect(without.code).toBe(0);
    const withInv = await run('validate', 'test/fixtures/invalid/pb-undefined-variable.yml', '-i', 'test/fixtures/valid/inventory.yml');
    expect(withInv.code).toBe(1);
    expect(withInv.stderr).toContain("pb-undefined-variable.yml:7:54: undefined variable 'dns_server'");
    const withExtra = await run('validate', 'test/fixtures/invalid/pb-undefined-variable.yml', '-i', 'test/fixtures/valid/inventory.yml', '-e', '{"dns_server": ["1.1.1.1"]}');
    expect(withExtra.code).toBe(0);
  });

  it('reports a broken inventory and still validates the playbook', async () => {
    const r = await run('validate', 'test/fixtures/valid/playbook.yml', '-i', 'test/fixtures/invalid/inv-cycle.yml');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('ok test/fixtures/valid/playbook.yml (1 play, 3 steps)\n');
    expect(r.stderr).toContain("test/fixtures/invalid/inv-cycle.yml:4:7: Adding group 'ftd_eu' as child to 'ftd' creates a recursive dependency loop.");
  });

  it('exits 1 with a message for a missing file', async () => {
    const r = await run('validate', 'test/fixtures/valid/missing.yml');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('test/fixtures/valid/missing.yml:1:1: cannot read playbook (ENOENT)');
  });
});
