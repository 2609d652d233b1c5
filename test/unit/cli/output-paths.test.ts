import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkOutputPaths, outputProblem } from '../../../src/cli/output-paths.js';
import { exitCodeForError, EXIT } from '../../../src/cli/exit-codes.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'firemend-outputs-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const file = (path: string) => ({ flag: '--report', path, kind: 'file' as const });
const folder = (path: string) => ({ flag: '--evidence', path, kind: 'dir' as const });

describe('outputProblem', () => {
  it('accepts a new file in an existing folder, an existing file, a symlink (dangling too) and a character device', () => {
    writeFileSync(join(dir, 'old.json'), '');
    symlinkSync(join(dir, 'target.json'), join(dir, 'link.json'));
    for (const p of [join(dir, 'new.json'), join(dir, 'old.json'), join(dir, 'link.json'), '/dev/null']) expect(outputProblem(file(p)), p).toBeUndefined();
  });

  it('names what is wrong: a missing folder, a folder in place of the file, a file in place of a folder', () => {
    writeFileSync(join(dir, 'plain'), '');
    mkdirSync(join(dir, 'sub'));
    expect(outputProblem(file(join(dir, 'missing', 'r.json')))).toContain('does not exist');
    expect(outputProblem(file(join(dir, 'sub')))).toBe('it is a folder');
    expect(outputProblem(file(join(dir, 'plain', 'r.json')))).toContain('is not a folder');
    expect(outputProblem(folder(join(dir, 'plain')))).toBe('it exists and is not a folder');
    expect(outputProblem(folder(join(dir, 'plain', 'ev')))).toContain('is not a folder');
  });

  it('accepts an evidence folder to be made under missing parents of a writable one', () => {
    expect(outputProblem(folder(join(dir, 'a', 'b', 'c')))).toBeUndefined();
  });
});

describe('checkOutputPaths', () => {
  it('throws one usage error (exit 1) naming every bad output and saying nothing was contacted', () => {
    let err: unknown;
    try {
      checkOutputPaths([file(join(dir, 'ok.json')), file(join(dir, 'x', 'r.json')), { flag: '--junit', path: join(dir, 'y', 'j.xml'), kind: 'file' }]);
    } catch (e) {
      err = e;
    }
    expect(exitCodeForError(err)).toBe(EXIT.INPUT);
    expect((err as Error).message).toMatch(/--report .*x\/r\.json: .*; --junit .*y\/j\.xml: .*; nothing was contacted/);
  });
});
