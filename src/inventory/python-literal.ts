// Python's ast.literal_eval for the values of INI inventories, as Ansible applies it: numbers, strings,
// True/False/None, lists, tuples and dicts. Text that is not such a literal stays the text it was.

import { setOwnKey } from '../own-key.js';

class NotLiteral extends Error {}

const NUMBER = /^(?:0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|(?:[0-9](?:_?[0-9])*)?\.?(?:[0-9](?:_?[0-9])*)?(?:[eE][-+]?[0-9](?:_?[0-9])*)?)/;

class Reader {
  i = 0;
  constructor(readonly s: string) {}

  ws(): void {
    while (this.i < this.s.length && /[ \t\r\n]/.test(this.s[this.i] as string)) this.i++;
  }

  value(): unknown {
    this.ws();
    const c = this.s[this.i];
    if (c === undefined) throw new NotLiteral();
    if (c === '[') return this.seq(']');
    if (c === '(') return this.seq(')');
    if (c === '{') return this.dict();
    if (c === '"' || c === "'") return this.strings();
    if (/[urUR]/.test(c) && /["']/.test(this.s[this.i + 1] ?? '')) return this.strings();
    if (c === '-' || c === '+') {
      this.i++;
      const v = this.value();
      if (typeof v !== 'number') throw new NotLiteral();
      return c === '-' ? -v : v;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.s.slice(this.i));
    if (word) {
      this.i += word[0].length;
      if (word[0] === 'True') return true;
      if (word[0] === 'False') return false;
      if (word[0] === 'None') return null;
      throw new NotLiteral();
    }
    return this.number();
  }

  number(): number {
    const m = NUMBER.exec(this.s.slice(this.i));
    const t = m?.[0] ?? '';
    if (t === '' || t === '.') throw new NotLiteral();
    this.i += t.length;
    if (/[A-Za-z0-9_]/.test(this.s[this.i] ?? '')) throw new NotLiteral();
    const clean = t.replace(/_/g, '');
    if (/^0[xX]/.test(clean)) return Number.parseInt(clean.slice(2), 16);
    if (/^0[oO]/.test(clean)) return Number.parseInt(clean.slice(2), 8);
    if (/^0[bB]/.test(clean)) return Number.parseInt(clean.slice(2), 2);
    // Python 3 refuses 017 (a leading zero on a non-zero integer).
    if (/^0[0-9]+$/.test(clean) && /[1-9]/.test(clean)) throw new NotLiteral();
    return Number(clean);
  }

  strings(): string {
    let out = '';
    let any = false;
    for (;;) {
      this.ws();
      let raw = false;
      if (/[urUR]/.test(this.s[this.i] ?? '') && /["']/.test(this.s[this.i + 1] ?? '')) {
        raw = /[rR]/.test(this.s[this.i] as string);
        this.i++;
      }
      const q = this.s[this.i];
      if (q !== '"' && q !== "'") break;
      out += this.one(q, raw);
      any = true;
    }
    if (!any) throw new NotLiteral();
    return out;
  }

  one(q: string, raw: boolean): string {
    const triple = this.s.startsWith(q.repeat(3), this.i);
    const close = triple ? q.repeat(3) : q;
    this.i += close.length;
    let out = '';
    for (;;) {
      if (this.i >= this.s.length) throw new NotLiteral();
      if (this.s.startsWith(close, this.i)) {
        this.i += close.length;
        return out;
      }
      const c = this.s[this.i] as string;
      if (c === '\n' && !triple) throw new NotLiteral();
      if (c === '\\' && !raw) {
        const n = this.s[this.i + 1] ?? '';
        const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v', '0': '\0', '\n': '' };
        if (n in simple) {
          out += simple[n];
          this.i += 2;
          continue;
        }
        const hex = n === 'x' ? 2 : n === 'u' ? 4 : n === 'U' ? 8 : 0;
        if (hex > 0) {
          const h = this.s.slice(this.i + 2, this.i + 2 + hex);
          if (!new RegExp(`^[0-9a-fA-F]{${hex}}$`).test(h)) throw new NotLiteral();
          out += String.fromCodePoint(Number.parseInt(h, 16));
          this.i += 2 + hex;
          continue;
        }
        out += '\\';
        this.i++;
        continue;
      }
      out += c;
      this.i++;
    }
  }

  seq(end: string): unknown {
    this.i++;
    const out: unknown[] = [];
    let comma = false;
    for (;;) {
      this.ws();
      if (this.s[this.i] === end) {
        this.i++;
        // (x) without a comma is x, not a tuple.
        return end === ')' && out.length === 1 && !comma ? out[0] : out;
      }
      out.push(this.value());
      this.ws();
      if (this.s[this.i] === ',') {
        this.i++;
        comma = true;
      }
      else if (this.s[this.i] !== end) throw new NotLiteral();
    }
  }

  dict(): Record<string, unknown> {
    this.i++;
    const out: Record<string, unknown> = {};
    for (;;) {
      this.ws();
      if (this.s[this.i] === '}') {
        this.i++;
        return out;
      }
      const k = this.value();
      if (typeof k === 'object' && k !== null) throw new NotLiteral();
      this.ws();
      if (this.s[this.i] !== ':') throw new NotLiteral();
      this.i++;
      const v = this.value();
      setOwnKey(out, String(k === true ? 'True' : k === false ? 'False' : k === null ? 'None' : k), v);
      this.ws();
      if (this.s[this.i] === ',') this.i++;
      else if (this.s[this.i] !== '}') throw new NotLiteral();
    }
  }
}

/** Ansible's INI value rule: the Python literal the text spells, else the text itself. */
export function pythonLiteral(text: string): unknown {
  const r = new Reader(text.replace(/^[ \t]+/, ''));
  try {
    const v = r.value();
    r.ws();
    if (r.i !== r.s.length) return text;
    return v;
  } catch (err) {
    if (err instanceof NotLiteral) return text;
    throw err;
  }
}
