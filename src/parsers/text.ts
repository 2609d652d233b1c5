// Shared line handling for the parsers: every device output goes through here first, so CRLF,
// trailing spaces (FTD pads some lines) and surrounding blank lines never reach a parser's patterns.
import { ParseError } from '../errors.js';

/** Split device output into lines: CRLF/CR → LF, trailing whitespace removed, leading and trailing blank lines dropped. */
export function toLines(text: string): string[] {
  // eslint-disable-next-line no-control-regex -- ANSI colour/erase sequences some shells add
  const clean = text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r\n?/g, '\n');
  const lines = clean.split('\n').map(trimEnd);
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start] === '') start++;
  while (end > start && lines[end - 1] === '') end--;
  return lines.slice(start, end);
}

// Trailing spaces, tabs and NBSPs off (a line that does not end in one is returned as is, without a regex run).
function trimEnd(line: string): string {
  const last = line.charCodeAt(line.length - 1);
  return last === 0x20 || last === 0x09 || last === 0xa0 ? line.replace(/[ \t\u00a0]+$/, '') : line;
}

/** Throw the parser's ParseError, quoting the offending line (shortened) so the operator can see what was not understood. */
export function unrecognised(parser: string, what: string, line?: string, lineNo?: number): never {
  const quoted = line === undefined ? '' : `: ${JSON.stringify(line.length > 120 ? `${line.slice(0, 117)}...` : line)}`;
  const where = lineNo === undefined ? '' : ` (line ${lineNo})`;
  throw new ParseError(parser, `${what}${where}${quoted}`);
}

/** A label such as "MAC Address" or "PID File" as a snake_case fact key ("mac_address", "pid_file"). */
export function snakeKey(label: string): string {
  return label
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** A decimal integer, or null when the text is not one. */
export function toInt(text: string | undefined): number | null {
  if (text === undefined || !/^\d+$/.test(text.trim())) return null;
  return Number.parseInt(text.trim(), 10);
}

/** The first line of an error a shell or tool printed instead of the expected output, if there is one. */
export function shellError(lines: readonly string[]): string | undefined {
  const patterns = [
    /command not found/i,
    /No such file or directory/i,
    /Permission denied/i,
    /^Syntax error:/,
    /^-?bash: /,
    /^sh: /,
  ];
  return lines.find((l) => patterns.some((p) => p.test(l)));
}
