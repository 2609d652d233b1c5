// Test helpers: read a real output sample, and derive the whitespace variants every parser must shrug off.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'outputs');

/** The text of one sample under test/fixtures/outputs/. */
export function sample(path: string): string {
  return readFileSync(join(ROOT, path), 'utf8');
}

/** Every sample file name in one fixture folder. */
export function samplesIn(folder: string): string[] {
  return readdirSync(join(ROOT, folder)).sort();
}

/** The same output as it may arrive over SSH: CRLF line ends, padded lines, blank lines around it. */
export function variants(text: string): Record<string, string> {
  return {
    crlf: text.replace(/\r?\n/g, '\r\n'),
    trailing_spaces: text.replace(/\r?\n/g, '   \n'),
    surrounding_blank_lines: `\n\n${text}\n\n\n`,
    all_at_once: `\r\n${text.replace(/\r?\n/g, ' \t\r\n')}\r\n\r\n`,
  };
}
