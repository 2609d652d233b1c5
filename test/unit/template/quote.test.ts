import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shellQuote } from '../../../src/template/index.js';
import { ev } from './helpers.js';

// What a real POSIX sh makes of `printf %s <quoted>`: the word it parsed, byte for byte.
function throughSh(quoted: string): string {
  const result = spawnSync('sh', ['-c', `printf %s ${quoted}`], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`sh failed (${String(result.status)}): ${result.stderr}`);
  return result.stdout;
}

const NASTY = [
  "it's",
  "''",
  '"double" and \'single\'',
  '$(touch /tmp/firemend-quote-pwned)',
  '`id`',
  '$HOME ${PATH} $1 $$',
  'line one\nline two\n',
  'tab\there',
  'back\\slash\\',
  '; rm -rf / #',
  '* ? [a-z] ~ ~root',
  'a && b || c | d > e < f',
  '-n',
  '%s %d %%',
  'ünïcödé ✓ 😀',
  '{a,b} !history',
];

describe('quote against a real sh', () => {
  it.each(NASTY)('round-trips %j', (s) => {
    expect(throughSh(shellQuote(s))).toBe(s);
  });

  it('gives the empty string as a word of its own', () => {
    expect(shellQuote('')).toBe("''");
    const result = spawnSync('sh', ['-c', `set -- ${shellQuote('')} x; printf '%s|' "$#" "$1"`], { encoding: 'utf8' });
    expect(result.stdout).toBe('2||');
  });

  it('writes a single quote as close, double-quoted quote, reopen', () => {
    expect(shellQuote("'")).toBe(`''"'"''`);
  });

  it('is what the quote filter produces in a template', () => {
    const s = 'a $(b) `c` \'d\'';
    expect(throughSh(ev('s | quote', { s }) as string)).toBe(s);
  });

  it('round-trips random strings through sh', () => {
    // NUL cannot travel in a shell word at all; lone surrogates are not valid text to send.
    const text = fc.string({ unit: 'binary', maxLength: 40 }).filter((s) => !s.includes('\0') && !/[\uD800-\uDFFF]/u.test(s));
    fc.assert(
      fc.property(text, (s) => {
        expect(throughSh(shellQuote(s))).toBe(s);
      }),
      { numRuns: 100 },
    );
  });

  it('keeps random strings as one word, with shell syntax made likely', () => {
    const shellish = fc.string({ unit: fc.constantFrom("'", '"', '$', '`', '\\', ' ', '\n', '(', ')', ';', '&', '|', '*', '~', '#', 'a', '=', '-') });
    fc.assert(
      fc.property(shellish, (s) => {
        const result = spawnSync('sh', ['-c', `set -- ${shellQuote(s)}; printf '%s' "$#"`], { encoding: 'utf8' });
        expect(result.stdout).toBe('1');
        expect(throughSh(shellQuote(s))).toBe(s);
      }),
      { numRuns: 100 },
    );
  });
});
