// Reading a user's input file (playbook, inventory, vars file, `-e @file`, `--limit @file`, plan): the one
// place that opens them, so every input gets the same guards.
//
// - Only regular files: a FIFO, a socket, a device or a directory is refused without blocking. The file is
//   opened O_NONBLOCK (opening a FIFO that has no writer would otherwise wait forever) and checked with
//   fstat on the open descriptor, so a path swapped between a check and the read cannot slip through.
// - Text must be valid UTF-8 with no NUL character; the error names the line and column of the first bad
//   byte and never quotes the file (a password file given by mistake must not be echoed).
// - A size limit, so a mistaken multi-gigabyte file is refused instead of exhausting memory.
import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import type { Diagnostic, SourcePos } from '../errors.js';

/** Largest input file read, in bytes (inventories of 100k hosts are a few tens of MB). */
const MAX_INPUT_BYTES = 256 * 1024 * 1024;

/** A file's text and the sha256 of its bytes, or why it could not be used. */
export type InputFile = { ok: true; text: string; sha256: string } | { ok: false; diagnostic: Diagnostic };

/** What a path that is not a regular file is, in words (`a FIFO (named pipe)`, `a directory` …). */
export function fileKind(st: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/** Line and column (1-based, columns in characters) of byte `offset` in `bytes`, counting only what precedes it. */
function positionOf(bytes: Buffer, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = bytes.indexOf(0x0a); i >= 0 && i < offset; i = bytes.indexOf(0x0a, i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  // Columns count characters: continuation bytes (10xxxxxx) do not start one.
  let col = 1;
  for (let i = lineStart; i < offset; i += 1) if (((bytes[i] as number) & 0xc0) !== 0x80) col += 1;
  return { line, col };
}

/** Offset of the first byte that is not part of valid UTF-8, or -1. */
export function firstInvalidUtf8(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i += 1;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k += 1) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8.
    if (cp < min || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return i;
    i += need + 1;
  }
  return -1;
}

/** Check bytes as input text: the text, or a located problem that does not quote the content. */
export function decodeInputText(bytes: Buffer, file: string): InputFile {
  const at = (offset: number): SourcePos => ({ file, ...positionOf(bytes, offset) });
  const nul = bytes.indexOf(0);
  const bad = firstInvalidUtf8(bytes);
  if (nul >= 0 && (bad < 0 || nul < bad)) return { ok: false, diagnostic: { pos: at(nul), message: 'contains a NUL byte: input files must be text' } };
  if (bad >= 0) return { ok: false, diagnostic: { pos: at(bad), message: 'is not valid UTF-8 text (invalid byte sequence here)' } };
  return { ok: true, text: bytes.toString('utf8'), sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** Read an input file. `what` names it in errors ("inventory", "vars file 'x.yml'" …); `refPos` is where it was named (default: the file's start). */
export function readInputFile(path: string, what: string, refPos?: SourcePos): InputFile {
  const pos: SourcePos = refPos ?? { file: path, line: 1, col: 1 };
  const fail = (message: string): InputFile => ({ ok: false, diagnostic: { pos, message } });
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    return fail(`cannot read ${what} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return fail(`${what} is ${fileKind(st)}, not a regular file`);
    if (st.size > MAX_INPUT_BYTES) return fail(`${what} is too large (${st.size} bytes; the limit is ${MAX_INPUT_BYTES})`);
    const bytes = Buffer.alloc(st.size);
    let got = 0;
    while (got < bytes.length) {
      const n = readSync(fd, bytes, got, bytes.length - got, got);
      if (n === 0) break;
      got += n;
    }
    return decodeInputText(bytes.subarray(0, got), path);
  } catch (err) {
    return fail(`cannot read ${what} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  } finally {
    closeSync(fd);
  }
}
