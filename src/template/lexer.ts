// Turns expression text into tokens. In template mode it stops at the `}}` that closes the `{{`,
// tracking open brackets so `{{ {'a': {'b': 1}} }}` closes at the right place.
import { TemplateFault } from './fault.js';

export type TokenType = 'name' | 'string' | 'number' | 'op' | 'eof';

export interface Token {
  type: TokenType;
  /** The name, the decoded string, the number's text, or the operator. */
  value: string;
  start: number;
  end: number;
}

export interface LexResult {
  tokens: Token[];
  /** Offset just past the closing `}}` (template mode) or the source length. */
  end: number;
  /** Template mode: the expression ended with `-}}` (strip whitespace after it). */
  stripAfter: boolean;
}

// Longest first, so `//` wins over `/` and `<=` over `<`.
const OPERATORS = ['==', '!=', '<=', '>=', '//', '<', '>', '+', '-', '*', '/', '%', '~', '|', '.', ',', ':', '(', ')', '[', ']', '{', '}', '='];

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0' };

/** Tokenize from `start`; in template mode stop after the closing `}}`. */
export function lex(src: string, start: number, mode: 'expression' | 'template'): LexResult {
  const tokens: Token[] = [];
  let i = start;
  // Open brackets; a `}}` ends the template expression unless it closes a dict literal that is open.
  const open: string[] = [];
  const push = (type: TokenType, value: string, s: number, e: number): void => {
    tokens.push({ type, value, start: s, end: e });
  };
  while (i < src.length) {
    const ch = src[i] as string;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      i++;
      continue;
    }
    if (mode === 'template' && open[open.length - 1] !== '{') {
      if (src.startsWith('}}', i)) {
        push('eof', '', i, i);
        return { tokens, end: i + 2, stripAfter: false };
      }
      if (src.startsWith('-}}', i)) {
        push('eof', '', i, i);
        return { tokens, end: i + 3, stripAfter: true };
      }
    }
    if (/[A-Za-z_]/.test(ch)) {
      let j = i + 1;
      while (j < src.length && /[A-Za-z0-9_]/.test(src[j] as string)) j++;
      push('name', src.slice(i, j), i, j);
      i = j;
      continue;
    }
    if (/[0-9]/.test(ch)) {
      const afterDot = tokens.length > 0 && tokens[tokens.length - 1]?.value === '.' && tokens[tokens.length - 1]?.type === 'op';
      const m = afterDot ? /^[0-9]+/.exec(src.slice(i)) : /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(src.slice(i));
      const text = (m as RegExpExecArray)[0];
      if (/[A-Za-z_]/.test(src[i + text.length] ?? '')) throw new TemplateFault(`invalid number '${src.slice(i, i + text.length + 1)}'`, i);
      push('number', text, i, i + text.length);
      i += text.length;
      continue;
    }
    if (ch === "'" || ch === '"') {
      const { value, end } = lexString(src, i);
      push('string', value, i, end);
      i = end;
      continue;
    }
    const op = OPERATORS.find((o) => src.startsWith(o, i));
    if (op === undefined) throw new TemplateFault(`unexpected character '${ch}'`, i);
    if (op === '(' || op === '[' || op === '{') open.push(op);
    if (op === ')' || op === ']' || op === '}') open.pop();
    push('op', op, i, i + op.length);
    i += op.length;
  }
  if (mode === 'template') throw new TemplateFault("unterminated '{{': missing '}}'", start - 2);
  push('eof', '', src.length, src.length);
  return { tokens, end: src.length, stripAfter: false };
}

// Python-ish string literal: the common escapes are decoded; an unknown escape keeps its backslash ('\d' stays '\d').
function lexString(src: string, start: number): { value: string; end: number } {
  const quote = src[start] as string;
  let out = '';
  let i = start + 1;
  while (i < src.length) {
    const ch = src[i] as string;
    if (ch === quote) return { value: out, end: i + 1 };
    if (ch === '\\' && i + 1 < src.length) {
      const next = src[i + 1] as string;
      const decoded = Object.hasOwn(ESCAPES, next) ? ESCAPES[next] : undefined;
      out += decoded ?? `\\${next}`;
      i += 2;
      continue;
    }
    out += ch;
    i++;
  }
  throw new TemplateFault('unterminated string literal', start);
}
