// A bash-syntax reader for the read-only classifier: words (quotes, escapes, `$(…)`, backticks), pipes,
// lists (`;`, `&&`, `||`, `&`), subshells, `{ …; }` groups, assignments and redirections. It does not run
// anything; it finds what bash would run. What it cannot read with certainty (parameter, arithmetic and
// brace expansion, history expansion, here-documents, process substitution) is refused with a reason.
import { PLACEHOLDER_QUOTED, PLACEHOLDER_RAW } from './verdict.js';

/** One shell word after quote removal. */
export interface Word {
  /** The text bash would pass, template stand-ins kept as their characters. */
  value: string;
  /** Part of it is only known when it runs (command substitution, a template value). */
  dynamic: boolean;
  /** It holds an unquoted template value: rendered, it may add shell syntax. */
  raw: boolean;
  /** Some part was quoted or escaped (so `{`, `!`, `NAME=` lose their special meaning). */
  quoted: boolean;
  /** Starts with an unquoted glob character: after expansion it may be any file name. */
  globStart: boolean;
  /** Part of it is the output of a command substitution (never known before it runs). */
  substituted: boolean;
}

export interface Redirect {
  /** The operator without its fd: `>`, `>>`, `>|`, `&>`, `&>>`, `<`, `<<<`, `>&`, `<&`. */
  op: string;
  target: Word;
}

export interface SimpleCommand {
  kind: 'simple';
  assignments: Word[];
  words: Word[];
  redirects: Redirect[];
}

export interface GroupCommand {
  kind: 'subshell' | 'group';
  list: ShellList;
  redirects: Redirect[];
}

export type ShellCommand = SimpleCommand | GroupCommand;

export interface ShellList {
  /** Pipelines, each with the operator that ended it (`;`, `&&`, `||`, `&`, or '' at the end). */
  items: { commands: ShellCommand[]; negated: boolean; then: string }[];
}

export type ShellParse = { ok: true; list: ShellList; substitutions: ShellList[] } | { ok: false; reason: string };

type Token = { kind: 'word'; word: Word; digitsOnly: boolean } | { kind: 'op'; op: string };

class Refusal extends Error {}

const META = ' \t|&;()<>';
const PARAM_START = /[A-Za-z_0-9{?!#@*$-]/;
const NOT_HISTORY = new Set([' ', '\t', '=', '(', undefined]);

// Scan from `open` (just after `$(`) to its matching `)`, aware of quotes and nesting; returns the index of `)`.
function matchParen(s: string, open: number): number {
  let depth = 1;
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') i++;
    else if (c === "'") {
      const end = s.indexOf("'", i + 1);
      if (end === -1) break;
      i = end;
    } else if (c === '"') {
      for (i++; i < s.length && s[i] !== '"'; i++) if (s[i] === '\\') i++;
    } else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  throw new Refusal('unterminated $( … ) command substitution');
}

// A template stand-in makes the word dynamic; a raw one may also carry shell syntax.
function markPlaceholder(c: string, w: Word): void {
  if (c === PLACEHOLDER_QUOTED) w.dynamic = true;
  if (c === PLACEHOLDER_RAW) {
    w.dynamic = true;
    w.raw = true;
  }
}

class Tokenizer {
  private i = 0;
  readonly substitutions: string[] = [];
  constructor(private readonly s: string) {}

  tokens(): Token[] {
    const out: Token[] = [];
    if (this.s.startsWith('^')) throw new Refusal("a line starting with '^' is bash history substitution (it re-runs an earlier command)");
    while (this.i < this.s.length) {
      const c = this.s[this.i] as string;
      if (c === ' ' || c === '\t') {
        this.i++;
        continue;
      }
      if (META.includes(c)) {
        out.push({ kind: 'op', op: this.operator() });
        continue;
      }
      const start = this.i;
      const word = this.word();
      const text = this.s.slice(start, this.i);
      out.push({ kind: 'word', word, digitsOnly: /^[0-9]+$/.test(text) && (this.s[this.i] === '<' || this.s[this.i] === '>') });
    }
    return out;
  }

  private operator(): string {
    const s = this.s;
    const at = (t: string): boolean => s.startsWith(t, this.i);
    if (at('<(') || at('>(')) throw new Refusal('process substitution <( … ) / >( … ) is not allowed in a check');
    if (at('<<<')) return this.take('<<<');
    if (at('<<')) throw new Refusal('here-documents (<<) are not allowed in a check');
    if (at(';;')) throw new Refusal("';;' outside a case statement");
    for (const op of ['&>>', '&>', '&&', '||', '|&', '>>', '>|', '>&', '<&', '<>', '|', '&', ';', '(', ')', '<', '>']) if (at(op)) return this.take(op);
    throw new Refusal(`unexpected '${s[this.i] ?? ''}'`);
  }

  private take(op: string): string {
    this.i += op.length;
    return op;
  }

  // One word up to the next unquoted metacharacter.
  private word(): Word {
    const s = this.s;
    const w: Word = { value: '', dynamic: false, raw: false, quoted: false, globStart: false, substituted: false };
    let braceOpen = false;
    let braceList = false;
    const first = this.i;
    // Whether `#` starts a comment depends on the device's shell options (interactive_comments), and a
    // comment would also swallow the exit-status marker the session appends: refused rather than guessed.
    if (s[this.i] === '#') throw new Refusal("a '#' comment is not allowed in a check (whether it is one depends on the device's shell options)");
    while (this.i < s.length && !META.includes(s[this.i] as string)) {
      const c = s[this.i] as string;
      if (c === "'") {
        const end = s.indexOf("'", this.i + 1);
        if (end === -1) throw new Refusal('unterminated single quote');
        w.value += s.slice(this.i + 1, end);
        w.quoted = true;
        this.i = end + 1;
      } else if (c === '"') {
        this.doubleQuoted(w);
      } else if (c === '\\') {
        if (this.i + 1 >= s.length) throw new Refusal('a trailing backslash continues the line');
        w.value += s[this.i + 1];
        w.quoted = true;
        this.i += 2;
      } else if (!this.expansion(c, w)) {
        if (c === '!' && !NOT_HISTORY.has(s[this.i + 1])) throw new Refusal(`'!' outside single quotes is bash history expansion (it can re-run an earlier command)`);
        if ((c === '*' || c === '?' || c === '[') && this.i === first) w.globStart = true;
        markPlaceholder(c, w);
        if (c === '{') braceOpen = true;
        if (braceOpen && (c === ',' || s.startsWith('..', this.i))) braceList = true;
        if (c === '}' && braceOpen && braceList) throw new Refusal('brace expansion ({a,b} / {1..9}) is not allowed in a check');
        w.value += c;
        this.i++;
      }
    }
    return w;
  }

  private doubleQuoted(w: Word): void {
    const s = this.s;
    w.quoted = true;
    this.i++;
    while (this.i < s.length && s[this.i] !== '"') {
      const c = s[this.i] as string;
      if (c === '\\' && '$`"\\'.includes(s[this.i + 1] ?? '')) {
        w.value += s[this.i + 1];
        this.i += 2;
      } else if (!this.expansion(c, w)) {
        if (c === '!' && !NOT_HISTORY.has(s[this.i + 1]) && s[this.i + 1] !== '"') throw new Refusal(`'!' inside double quotes is bash history expansion (it can re-run an earlier command)`);
        // A raw value inside double quotes can close the quotes itself: marked raw as outside.
        markPlaceholder(c, w);
        w.value += c;
        this.i++;
      }
    }
    if (this.i >= s.length) throw new Refusal('unterminated double quote');
    this.i++;
  }

  // `$…` or a backtick substitution at the cursor: consumed, and true.
  private expansion(c: string, w: Word): boolean {
    if (c === '$') this.dollar(w);
    else if (c === '`') this.backtick(w);
    else return false;
    return true;
  }

  private dollar(w: Word): void {
    const s = this.s;
    const next = s[this.i + 1];
    if (next === '(') {
      if (s[this.i + 2] === '(') throw new Refusal('arithmetic expansion $(( … )) is not allowed in a check (it can assign variables)');
      const close = matchParen(s, this.i + 2);
      this.substitutions.push(s.slice(this.i + 2, close));
      w.dynamic = true;
      w.substituted = true;
      this.i = close + 1;
      return;
    }
    if (next === "'" || next === '"') throw new Refusal(`$${next}…${next} quoting is not allowed in a check`);
    if (next !== undefined && PARAM_START.test(next)) throw new Refusal(`parameter expansion ($${next === '{' ? '{…}' : next}…) is not allowed in a check: its value is only known on the device`);
    w.value += '$';
    this.i++;
  }

  private backtick(w: Word): void {
    const s = this.s;
    let inner = '';
    let i = this.i + 1;
    for (; i < s.length && s[i] !== '`'; i++) {
      if (s[i] === '\\' && '`$\\'.includes(s[i + 1] ?? '')) i++;
      inner += s[i];
    }
    if (i >= s.length) throw new Refusal('unterminated ` … ` command substitution');
    this.substitutions.push(inner);
    w.dynamic = true;
    w.substituted = true;
    this.i = i + 1;
  }
}

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*\+?=/;
const REDIRECT_OPS = new Set(['>', '>>', '>|', '&>', '&>>', '<', '<<<', '>&', '<&', '<>']);
const LIST_OPS = new Set([';', '&&', '||', '&']);

class Parser {
  private k = 0;
  constructor(private readonly t: Token[]) {}

  parse(): ShellList {
    const list = this.list(undefined);
    if (this.k < this.t.length) throw new Refusal(`unexpected '${this.describe(this.t[this.k] as Token)}'`);
    return list;
  }

  private describe(tok: Token): string {
    return tok.kind === 'op' ? tok.op : tok.word.value;
  }

  private peekOp(): string | undefined {
    const tok = this.t[this.k];
    return tok?.kind === 'op' ? tok.op : undefined;
  }

  private atWord(text: string): boolean {
    const tok = this.t[this.k];
    return tok?.kind === 'word' && !tok.word.quoted && tok.word.value === text;
  }

  private list(end: ')' | '}' | undefined): ShellList {
    const items: ShellList['items'] = [];
    for (;;) {
      if (this.k >= this.t.length || (end === ')' && this.peekOp() === ')') || (end === '}' && this.atWord('}'))) break;
      let negated = false;
      if (this.atWord('!')) {
        negated = true;
        this.k++;
      }
      const commands = [this.command()];
      while (this.peekOp() === '|' || this.peekOp() === '|&') {
        this.k++;
        commands.push(this.command());
      }
      const op = this.peekOp();
      if (op !== undefined && LIST_OPS.has(op)) {
        this.k++;
        items.push({ commands, negated, then: op });
      } else {
        items.push({ commands, negated, then: '' });
        break;
      }
    }
    if (items.length === 0 && end !== undefined) throw new Refusal(`empty ${end === ')' ? '( )' : '{ }'}`);
    return { items };
  }

  private command(): ShellCommand {
    if (this.peekOp() === '(') {
      this.k++;
      const list = this.list(')');
      if (this.peekOp() !== ')') throw new Refusal("missing ')'");
      this.k++;
      return { kind: 'subshell', list, redirects: this.redirects() };
    }
    if (this.atWord('{')) {
      this.k++;
      const list = this.list('}');
      if (!this.atWord('}')) throw new Refusal("missing '}'");
      this.k++;
      return { kind: 'group', list, redirects: this.redirects() };
    }
    const cmd: SimpleCommand = { kind: 'simple', assignments: [], words: [], redirects: [] };
    for (;;) {
      const tok = this.t[this.k];
      if (tok === undefined) break;
      if (tok.kind === 'word') {
        if (tok.digitsOnly) {
          this.k++; // the fd of the redirection that follows
          continue;
        }
        if (cmd.words.length === 0 && ASSIGNMENT.test(tok.word.value) && !tok.word.value.slice(0, tok.word.value.indexOf('=')).includes('\\')) cmd.assignments.push(tok.word);
        else cmd.words.push(tok.word);
        this.k++;
        continue;
      }
      if (REDIRECT_OPS.has(tok.op)) {
        cmd.redirects.push(this.redirect(tok.op));
        continue;
      }
      break;
    }
    if (cmd.words.length === 0 && cmd.assignments.length === 0 && cmd.redirects.length === 0) {
      const tok = this.t[this.k];
      throw new Refusal(`syntax error near '${tok ? this.describe(tok) : 'end of line'}'`);
    }
    return cmd;
  }

  private redirect(op: string): Redirect {
    this.k++;
    const target = this.t[this.k];
    if (target?.kind !== 'word') throw new Refusal(`'${op}' without a target`);
    this.k++;
    return { op, target: target.word };
  }

  private redirects(): Redirect[] {
    const out: Redirect[] = [];
    for (;;) {
      const tok = this.t[this.k];
      if (tok?.kind === 'word' && tok.digitsOnly) {
        this.k++; // the fd of the redirection that follows
        continue;
      }
      const op = this.peekOp();
      if (op === undefined || !REDIRECT_OPS.has(op)) return out;
      out.push(this.redirect(op));
    }
  }
}

/** Read a shell line, and every command substitution in it, without running anything. */
export function parseShell(line: string): ShellParse {
  try {
    const tokenizer = new Tokenizer(line);
    const list = new Parser(tokenizer.tokens()).parse();
    const substitutions: ShellList[] = [];
    for (const inner of tokenizer.substitutions) {
      const sub = parseShell(inner);
      if (!sub.ok) return { ok: false, reason: `in a command substitution: ${sub.reason}` };
      substitutions.push(sub.list, ...sub.substitutions);
    }
    return { ok: true, list, substitutions };
  } catch (err) {
    if (err instanceof Refusal) return { ok: false, reason: err.message };
    throw err;
  }
}
