// Issue 12 finding 12: every input file is a regular file of UTF-8 text without NUL; errors are located and
// never quote the content.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeInputText, firstInvalidUtf8, readInputFile } from '../../../src/yaml/input-file.js';

const dir = mkdtempSync(join(tmpdir(), 'firemend-input-'));

describe('readInputFile', () => {
  it('reads a regular file with the sha256 of its bytes', () => {
    const path = join(dir, 'ok.yml');
    writeFileSync(path, 'all: {}\n# é\n');
    expect(readInputFile(path, 'inventory')).toEqual({ ok: true, text: 'all: {}\n# é\n', sha256: createHash('sha256').update('all: {}\n# é\n').digest('hex') });
  });

  it('refuses a FIFO without blocking, a directory, and a missing file', () => {
    const fifo = join(dir, 'fifo.yml');
    execFileSync('mkfifo', [fifo]);
    expect(readInputFile(fifo, 'playbook')).toEqual({ ok: false, diagnostic: { pos: { file: fifo, line: 1, col: 1 }, message: 'playbook is a FIFO (named pipe), not a regular file' } });
    expect(readInputFile(dir, 'inventory')).toMatchObject({ ok: false, diagnostic: { message: 'inventory is a directory, not a regular file' } });
    expect(readInputFile(join(dir, 'nope.yml'), 'inventory')).toMatchObject({ ok: false, diagnostic: { message: 'cannot read inventory (ENOENT)' } });
    const ref = { file: 'site.yml', line: 4, col: 9 };
    expect(readInputFile(fifo, "vars file 'fifo.yml'", ref)).toEqual({ ok: false, diagnostic: { pos: ref, message: "vars file 'fifo.yml' is a FIFO (named pipe), not a regular file" } });
  });
});

describe('decodeInputText', () => {
  it('locates a NUL byte and an invalid UTF-8 sequence, without quoting the text', () => {
    const nul = decodeInputText(Buffer.from('all:\n  hosts:\n    fw\u0000x: {}\n'), 'inv.yml');
    expect(nul).toEqual({ ok: false, diagnostic: { pos: { file: 'inv.yml', line: 3, col: 7 }, message: 'contains a NUL byte: input files must be text' } });
    const latin1 = decodeInputText(Buffer.concat([Buffer.from('a:\n  é: '), Buffer.from([0xe9]), Buffer.from('t\n')]), 'inv.yml');
    expect(latin1).toEqual({ ok: false, diagnostic: { pos: { file: 'inv.yml', line: 2, col: 6 }, message: 'is not valid UTF-8 text (invalid byte sequence here)' } });
  });

  it('knows overlong forms, surrogates and truncated sequences are not UTF-8', () => {
    expect(firstInvalidUtf8(Buffer.from('ascii é € 😀'))).toBe(-1);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xc0, 0xaf]))).toBe(1);
    expect(firstInvalidUtf8(Buffer.from([0xed, 0xa0, 0x80]))).toBe(0);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0x62, 0xe2, 0x82]))).toBe(2);
    expect(firstInvalidUtf8(Buffer.from([0xf4, 0x90, 0x80, 0x80]))).toBe(0);
  });
});
