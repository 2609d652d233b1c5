/* eslint-disable no-control-regex -- matching terminal control characters is what this file is for */
// Turns raw PTY bytes into the text a person would read: no ANSI escapes, no \r, no BEL, no pager prompts.
// A terminal is emulated just enough for what devices send: \r returns to column 0 and later text
// overwrites, backspace steps back, ESC[K erases to the end of the line.

// CSI (ESC [ … final), OSC (ESC ] … BEL|ST), charset selection (ESC ( B), and two-byte escapes (ESC =, ESC 7 …).
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[()#][0-9A-Za-z]|\x1b[@-Z\\-_=>78]/g;
const ERASE_LINE = /\x1b\[[012]?K/g;
const ERASE_MARK = '\u0000K';
// Control characters other than \n, \r, \t, \b (which the emulation handles) and our erase marker.
const OTHER_CONTROLS = /[\x01-\x07\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f]/g;

/** Strip ANSI escape sequences (keeps everything else). */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

// Apply \r, \b and erase-to-end-of-line to one line as a terminal would.
function renderLine(line: string): string {
  if (!/[\r\b\u0000]/.test(line)) return line;
  let cells: string[] = [];
  let col = 0;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (ch === '\r') {
      col = 0;
      // Spaces written from column 0 and followed by another \r only blank the line (pager erase idiom).
      const next = line.indexOf('\r', i + 1);
      if (next > i + 1 && /^ +$/.test(line.slice(i + 1, next))) {
        cells = [];
        i = next - 1;
      }
    } else if (ch === '\b') {
      if (col > 0) col--;
    } else if (ch === '\u0000' && line[i + 1] === 'K') {
      cells.length = col;
      i++;
    } else {
      cells[col] = ch;
      col++;
    }
  }
  return cells.map((c) => c ?? ' ').join('');
}

// What a usual capture never holds: a control byte other than \t, \n and \r, or a \r that does not end a line.
const NEEDS_RENDERING = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\r(?!\r*\n)/;

/**
 * Clean a raw PTY capture: line endings to \n, escapes and control bytes out, pager prompts removed.
 * Pager patterns must be line-local (no anchors, lookarounds or classes that can match a \n: profiles.ts), so
 * that a pattern matching no part of the text matches no line of it.
 */
export function cleanOutput(raw: string, pagerPatterns: readonly RegExp[] = []): string {
  // The usual capture (CR LF line ends, no escapes) without a pager prompt: only its line ends change. The same
  // text the passes below give, without five regex passes, a split and a join per command.
  if (!NEEDS_RENDERING.test(raw)) {
    const text = raw.includes('\r') ? raw.replace(/\r+\n/g, '\n') : raw;
    if (!pagerPatterns.some((p) => p.test(text))) return text;
  }
  return renderCapture(raw, pagerPatterns);
}

/** cleanOutput without its fast path: every capture through the terminal emulation (the reference it is held to). */
export function renderCapture(raw: string, pagerPatterns: readonly RegExp[] = []): string {
  const text = raw.replace(/\u0000/g, '').replace(ERASE_LINE, ERASE_MARK).replace(ANSI, '').replace(OTHER_CONTROLS, '').replace(/\r+\n/g, '\n');
  const out: string[] = [];
  for (const raw of text.split('\n')) {
    let line = renderLine(raw);
    let paged = false;
    for (const pager of pagerPatterns) {
      if (pager.test(line)) {
        paged = true;
        line = line.replace(new RegExp(pager.source, 'g'), '');
      }
    }
    // A pager prompt's own line goes; text that followed it after the erase is real output.
    if (paged && line.trim() === '') continue;
    out.push(paged ? line.trimEnd() : line);
  }
  return out.join('\n');
}

/**
 * The last line of a raw tail, cleaned; what the device shows at the cursor. Only the raw text after the
 * last \n is cleaned (cleaning never removes or adds a \n, except an unterminated OSC title sequence that
 * swallows one; then the tail is cleaned whole): this runs on every received chunk, so it must cost the line, not the tail.
 */
export function lastScreenLine(rawTail: string): string {
  const nl = rawTail.lastIndexOf('\n');
  if (!oscSpans(rawTail, nl)) {
    const line = nl === -1 ? rawTail : rawTail.slice(nl + 1);
    return cleanOutput(line);
  }
  const cleaned = cleanOutput(rawTail);
  const cut = cleaned.lastIndexOf('\n');
  return cut === -1 ? cleaned : cleaned.slice(cut + 1);
}

// Whether an OSC sequence (ESC ] … up to BEL or ESC) begun before position `nl` may run past it. Errs on
// the side of "may" (then the whole tail is cleaned): an ESC [ K is rewritten before OSCs are matched, so
// only a BEL, or an ESC that cannot start an erase-line, surely ends the OSC.
function oscSpans(text: string, nl: number): boolean {
  if (nl === -1) return false;
  const osc = text.lastIndexOf('\x1b]', nl);
  if (osc === -1) return false;
  for (let i = osc + 2; i <= nl; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x07) return false;
    if (c === 0x1b) {
      const next = text.charCodeAt(i + 1);
      if (next !== 0x5b && next !== 0x00) return false;
    }
  }
  return true;
}
