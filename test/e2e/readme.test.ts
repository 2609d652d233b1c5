// The README runs: every shell block of README.md is executed, in order, in a temporary directory, with the built
// CLI as `firemend` and the lab on loopback, so that a walkthrough can never again fail as printed. A block that
// cannot run here says why, in a `<!-- doctest: skip REASON -->` line above it.
import { spawn } from 'node:child_process';
import { readFileSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scriptFor, shellBlocks } from '../helpers/doc-blocks.js';
import { CLI, assertBuilt, tempDir } from './helpers.js';

describe('README.md', () => {
  const blocks = shellBlocks(readFileSync('README.md', 'utf8'));

  it('has command blocks, each either run or skipped with a reason', () => {
    expect(blocks.filter((b) => b.skip === undefined).length).toBeGreaterThan(0);
    for (const b of blocks) expect(b.skip === undefined || b.skip.length > 5, `README.md:${b.line}`).toBe(true);
  });

  it('runs every command block as printed', async () => {
    assertBuilt();
    const dir = tempDir('readme');
    for (const d of ['playbooks', 'schemas']) symlinkSync(resolve(d), join(dir, d));
    const script = scriptFor(blocks, resolve(CLI));
    const child = spawn('bash', ['-c', script], { cwd: dir, env: { ...process.env, XDG_STATE_HOME: join(dir, 'state'), NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const code = await new Promise<number | null>((r) => child.on('close', r));
    expect(code, out.slice(-6000)).toBe(0);
    expect(out).toContain('doctest: every command ran as printed');
  }, 600_000);
});
