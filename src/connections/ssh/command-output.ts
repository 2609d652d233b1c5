// From one command's raw capture to its result text: clean it, drop the echoed command line, the prompt
// at the end and the exit-status marker line; find the device-error line.
import { cleanOutput } from './clean-output.js';

/** The exit-status marker for a nonce: `__FM_RC_<nonce>`; the device prints `<marker>=<digits>`. */
export function exitMarker(nonce: string): string {
  return `__FM_RC_${nonce}`;
}

/** The line actually sent for a command in a shell mode: the command, then an echo of `$?` with the marker. */
export function withExitMarker(command: string, marker: string): string {
  return `${command}; echo "${marker}=$?"`;
}

/**
 * Find the exit status the marker reports. The echoed command line holds `<marker>=$?"`, never
 * `<marker>=<digits>` followed by a line end, so only the real marker output matches.
 */
export function findExitStatus(raw: string, marker: string | RegExp): number | undefined {
  const re = typeof marker === 'string' ? exitStatusPattern(marker) : marker;
  const m = re.exec(raw);
  return m ? Number(m[1]) : undefined;
}

/** The compiled pattern of a marker's output line (compile once per command, scan per chunk). */
function exitStatusPattern(marker: string): RegExp {
  return new RegExp(`${marker}=(\\d+)\\r?\\n`);
}

/**
 * findExitStatus for a growing buffer: looks only at text from `from` on (minus the marker's length, so a
 * marker split across two chunks is still seen), with indexOf instead of a regex. Same matches.
 */
export function scanExitStatus(buffer: string, marker: string, from: number): number | undefined {
  const needle = `${marker}=`;
  let at = buffer.indexOf(needle, Math.max(0, from - needle.length - 24));
  while (at !== -1) {
    let i = at + needle.length;
    const digitsStart = i;
    while (i < buffer.length && buffer.charCodeAt(i) >= 0x30 && buffer.charCodeAt(i) <= 0x39) i++;
    if (i > digitsStart) {
      const end = buffer.charCodeAt(i) === 0x0d ? i + 1 : i;
      if (buffer.charCodeAt(end) === 0x0a) return Number(buffer.slice(digitsStart, i));
    }
    at = buffer.indexOf(needle, at + 1);
  }
  return undefined;
}

// The echo is the first line(s): a long command may come back wrapped over several lines.
function stripEcho(lines: string[], sent: string): string[] {
  const want = sent.replace(/\s+/g, '');
  if (want.length === 0) return lines[0]?.trim() === '' ? lines.slice(1) : lines;
  let acc = '';
  for (let i = 0; i < Math.min(lines.length, 64); i++) {
    acc += (lines[i] ?? '').replace(/\s+/g, '');
    if (acc === want) return lines.slice(i + 1);
    if (!want.startsWith(acc)) break;
  }
  return lines;
}

// Where `<marker>=<digits>` ends the line (what /<marker>=\d+$/ matches), or -1. Only the last `<marker>=`
// can be followed by digits up to the end. No RegExp: compiling one per command showed in the profile.
function markerStatusAt(line: string, needle: string): number {
  const at = line.lastIndexOf(needle);
  if (at === -1 || at + needle.length === line.length) return -1;
  for (let i = at + needle.length; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return -1;
  }
  return at;
}

/** Turn a raw capture (echo … output … prompt) into clean output text. */
export function extractOutput(args: {
  raw: string;
  sent: string;
  marker?: string;
  pagerPatterns: readonly RegExp[];
}): string {
  let lines = cleanOutput(args.raw, args.pagerPatterns).split('\n');
  // The last line is where the cursor sits: the prompt (or the prompt with a dirty line buffer).
  lines.pop();
  lines = stripEcho(lines, args.sent);
  if (args.marker) {
    const needle = `${args.marker}=`;
    const idx = lines.findIndex((l) => markerStatusAt(l, needle) !== -1);
    if (idx !== -1) {
      const line = lines[idx] ?? '';
      const rest = line.slice(0, markerStatusAt(line, needle));
      if (rest === '') lines.splice(idx, 1);
      else lines[idx] = rest;
    }
  }
  while (lines.length > 0 && (lines[lines.length - 1] ?? '').trim() === '') lines.pop();
  return lines.join('\n');
}

/** The first output line matching one of the profile's error patterns, trimmed. */
export function findDeviceError(output: string, patterns: readonly RegExp[]): string | undefined {
  for (const line of output.split('\n')) {
    if (patterns.some((p) => p.test(line))) return line.trim();
  }
  return undefined;
}
