// The line handling every parser starts with (src/parsers/text.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toLines } from '../../../src/parsers/text.js';

// What toLines did with one regex per line, kept as the reference its cheaper trailing-space trim is held to.
function reference(text: string): string[] {
  // eslint-disable-next-line no-control-regex -- the same ANSI pattern as text.ts
  const lines = text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r\n?/g, '\n').split('\n').map((l) => l.replace(/[ \t\u00a0]+$/, ''));
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start] === '') start++;
  while (end > start && lines[end - 1] === '') end--;
  return lines.slice(start, end);
}

describe('toLines', () => {
  it('drops CR, ANSI colour, trailing spaces/tabs/NBSPs and surrounding blank lines', () => {
    expect(toLines('\r\n  Hostname : ftd-01 \t\u00a0\r\n\x1b[32mState\x1b[0m : Enabled\u00a0\r\n \r\n')).toEqual(['  Hostname : ftd-01', 'State : Enabled']);
  });

  it('gives what one regex per line gave, for any mix of text, spaces, tabs, NBSPs and line ends', () => {
    const piece = fc.constantFrom('a', 'Hostname : x', ' ', '  ', '\t', '\u00a0', '\n', '\r\n', '\r', '\x1b[0m', '\u3000', 'é');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        expect(toLines(text)).toEqual(reference(text));
      }),
      { numRuns: 3000 },
    );
  });
});
