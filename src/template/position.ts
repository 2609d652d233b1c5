// Maps an offset inside a template/expression source back to file:line:col, so errors point into the playbook.
import type { SourcePos } from '../errors.js';

/** The file position of `offset` in `src`, given that `src` starts at `base`. Columns count code points, as editors do. */
export function positionAt(src: string, base: SourcePos, offset: number): SourcePos {
  const clamped = Math.max(0, Math.min(offset, src.length));
  const before = src.slice(0, clamped);
  const lastNl = before.lastIndexOf('\n');
  if (lastNl < 0) {
    return { file: base.file, line: base.line, col: base.col + codePoints(before) };
  }
  let newlines = 0;
  for (const ch of before) if (ch === '\n') newlines++;
  return { file: base.file, line: base.line + newlines, col: 1 + codePoints(before.slice(lastNl + 1)) };
}

function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}
