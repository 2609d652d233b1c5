// A minimal terminal for tests: applies the cursor-up / erase-line / column-0 escapes a live display
// writes, so a test can assert on the screen as a person would see it, not on the raw byte stream.
export function screen(raw: string): string[] {
  const lines: string[] = [''];
  let row = 0;
  let col = 0;
  // eslint-disable-next-line no-control-regex
  const re = /\u001b\[(\??)([0-9;]*)([A-Za-z])|\n|[^\u001b\n]+/g;
  for (const m of raw.matchAll(re)) {
    const tok = m[0];
    if (tok === '\n') {
      row += 1;
      col = 0;
      if (lines.length <= row) lines.push('');
    } else if (m[3] !== undefined) {
      const n = Number(m[2] || '1');
      if (m[1] === '?') continue;
      if (m[3] === 'A') row = Math.max(0, row - n);
      else if (m[3] === 'G') col = 0;
      else if (m[3] === 'K') lines[row] = '';
    } else {
      const line = lines[row] ?? '';
      lines[row] = line.slice(0, col) + tok + line.slice(col + tok.length);
      col += tok.length;
    }
  }
  while (lines.length > 0 && lines.at(-1) === '') lines.pop();
  return lines;
}
