import { describe, expect, it } from 'vitest';
import { scriptFor, shellBlocks } from '../helpers/doc-blocks.js';

const md = [
  '# t',
  '<!-- doctest: skip needs a real FTD -->',
  '```sh',
  'ssh admin@ftd',
  '```',
  '```sh',
  '# a comment',
  'echo one \\',
  '  two',
  'false   # exit 1: on purpose',
  '```',
  '```yaml',
  'a: 1',
  '```',
].join('\n');

describe('README doc blocks', () => {
  it('finds shell blocks, honours skip markers with a reason, joins continued lines and reads expected exits', () => {
    const blocks = shellBlocks(md);
    expect(blocks).toHaveLength(2);
    expect(blocks[0]).toMatchObject({ line: 3, skip: 'needs a real FTD' });
    expect(blocks[1]?.commands).toEqual([
      { line: 8, text: 'echo one \\\n  two', expectedExit: 0 },
      { line: 10, text: 'false   # exit 1: on purpose', expectedExit: 1 },
    ]);
  });

  it('refuses a skip marker without a reason and an unclosed block', () => {
    expect(() => shellBlocks('<!-- doctest: skip -->\n```sh\nls\n```')).toThrow(/needs a reason/);
    expect(() => shellBlocks('```sh\nls\n')).toThrow(/README.md:1: code block never closed/);
  });

  it('writes a script that checks each exit code and names the README line that failed', async () => {
    const { spawnSync } = await import('node:child_process');
    const run = (text: string): { status: number | null; stderr: string } => spawnSync('bash', ['-c', scriptFor(shellBlocks(text), '/nonexistent.js')], { encoding: 'utf8' });
    expect(run(md).status).toBe(0);
    const bad = run('x\n```sh\ntrue\nfalse\n```\n');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('README.md:4: exit 1, expected 0');
  });
});
