// Recursive-descent parser for the expression language, with Jinja's precedence (loosest first):
// `a if c else b` < or < and < not < comparisons/in < + - < ~ < * / // % < unary - + < filters/tests < . [] access.
// Filter and test names and argument counts are checked here, so a playbook's typos fail at load time.
import type { BinaryOp, CompareOp, KeywordArg, Node, Segment } from './ast.js';
import { TemplateFault } from './fault.js';
import { FILTERS } from './filters.js';
import { lex, type Token } from './lexer.js';
import { PREDICATES } from './predicates.js';
import { FORBIDDEN_NAMES } from './values.js';

const RESERVED = new Set(['and', 'or', 'not', 'in', 'is', 'if', 'else', 'true', 'false', 'True', 'False', 'none', 'None']);
const LITERALS = new Map<string, boolean | null>([
  ['true', true],
  ['True', true],
  ['false', false],
  ['False', false],
  ['none', null],
  ['None', null],
]);
const COMPARE_OPS = new Set(['==', '!=', '<', '<=', '>', '>=']);
// Deep enough for any real playbook; stops `((((…` from exhausting the stack.
const MAX_DEPTH = 100;

/** Parse a bare expression (`when:`, `that:`); the whole source must be one expression. */
export function parseExpression(src: string): Node {
  const trimmed = src.trim();
  if (trimmed.startsWith('{{') && trimmed.endsWith('}}')) {
    throw new TemplateFault(`expressions take no '{{ }}': write '${trimmed.slice(2, -2).trim()}' instead`, src.indexOf('{{'));
  }
  const { tokens } = lex(src, 0, 'expression');
  const parser = new Parser(tokens);
  if (parser.peek().type === 'eof') throw new TemplateFault('empty expression', 0);
  const node = parser.parseExpression();
  parser.expectEnd();
  return node;
}

/** Parse a template into text and `{{ }}` segments. `{% %}` blocks are rejected; `{#` is plain text (see below). */
export function parseTemplate(src: string): Segment[] {
  const segments: Segment[] = [];
  let text = '';
  let i = 0;
  let stripNext = false;
  while (i < src.length) {
    const open = findOpening(src, i);
    const chunk = src.slice(i, open === -1 ? src.length : open);
    text += stripNext ? chunk.trimStart() : chunk;
    stripNext = false;
    if (open === -1) break;
    if (src[open + 1] === '%') {
      throw new TemplateFault("'{% %}' blocks are not supported: use a step's `when:` and `loop:` instead (write {{ '{%' }} for a literal '{%')", open);
    }
    let exprStart = open + 2;
    if (src[exprStart] === '-') {
      text = text.trimEnd();
      exprStart++;
    }
    if (text !== '') segments.push({ kind: 'text', text });
    text = '';
    const { tokens, end, stripAfter } = lex(src, exprStart, 'template');
    const parser = new Parser(tokens);
    if (parser.peek().type === 'eof') throw new TemplateFault("empty expression in '{{ }}'", open);
    const node = parser.parseExpression();
    parser.expectEnd("'}}'");
    segments.push({ kind: 'expr', node });
    stripNext = stripAfter;
    i = end;
  }
  if (text !== '') segments.push({ kind: 'text', text });
  return segments;
}

// The next `{{`, or `{%` that opens a block. A `{%` with no `%}` after it (printf '{%s}') is plain text, and
// `{#` is never a comment: shell commands say `${#var}` far more often than playbooks need template comments.
function findOpening(src: string, from: number): number {
  let i = src.indexOf('{', from);
  while (i !== -1) {
    const next = src[i + 1];
    if (next === '{') return i;
    if (next === '%' && src.indexOf('%}', i + 2) !== -1) return i;
    i = src.indexOf('{', i + 1);
  }
  return -1;
}

class Parser {
  private i = 0;
  private depth = 0;
  constructor(private readonly tokens: Token[]) {}

  peek(ahead = 0): Token {
    return this.tokens[Math.min(this.i + ahead, this.tokens.length - 1)] as Token;
  }

  private next(): Token {
    const t = this.peek();
    if (this.i < this.tokens.length - 1) this.i++;
    return t;
  }

  private isOp(value: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.type === 'op' && t.value === value;
  }

  private isWord(value: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.type === 'name' && t.value === value;
  }

  private expectOp(value: string): Token {
    if (!this.isOp(value)) this.unexpected(`'${value}'`);
    return this.next();
  }

  private unexpected(wanted: string): never {
    const t = this.peek();
    const got = t.type === 'eof' ? 'end of expression' : t.type === 'string' ? 'a string' : `'${t.value}'`;
    throw new TemplateFault(`syntax error: expected ${wanted}, got ${got}`, t.start);
  }

  expectEnd(closer = 'end of expression'): void {
    if (this.peek().type !== 'eof') this.unexpected(`an operator or ${closer}`);
  }

  private enter(at: number): void {
    if (++this.depth > MAX_DEPTH) throw new TemplateFault('expression nested too deeply', at);
  }

  parseExpression(): Node {
    this.enter(this.peek().start);
    try {
      return this.parseCond();
    } finally {
      this.depth--;
    }
  }

  private parseCond(): Node {
    const then = this.parseOr();
    if (!this.isWord('if')) return then;
    this.next();
    const test = this.parseOr();
    if (!this.isWord('else')) this.unexpected("'else' (a conditional expression needs both branches)");
    this.next();
    const otherwise = this.parseExpression();
    return { kind: 'cond', test, then, otherwise, start: then.start, end: otherwise.end };
  }

  private parseOr(): Node {
    let left = this.parseAnd();
    while (this.isWord('or')) {
      const op = this.next();
      const right = this.parseAnd();
      left = { kind: 'binary', op: 'or', left, right, opStart: op.start, start: left.start, end: right.end };
    }
    return left;
  }

  private parseAnd(): Node {
    let left = this.parseNot();
    while (this.isWord('and')) {
      const op = this.next();
      const right = this.parseNot();
      left = { kind: 'binary', op: 'and', left, right, opStart: op.start, start: left.start, end: right.end };
    }
    return left;
  }

  private parseNot(): Node {
    if (this.isWord('not') && !this.isWord('in', 1)) {
      const op = this.next();
      this.enter(op.start);
      try {
        const operand = this.parseNot();
        return { kind: 'unary', op: 'not', operand, start: op.start, end: operand.end };
      } finally {
        this.depth--;
      }
    }
    return this.parseCompare();
  }

  private parseCompare(): Node {
    const first = this.parseMath1();
    const rest: { op: CompareOp; right: Node; opStart: number }[] = [];
    for (;;) {
      const t = this.peek();
      let op: CompareOp;
      if (t.type === 'op' && COMPARE_OPS.has(t.value)) {
        op = t.value as CompareOp;
        this.next();
      } else if (this.isWord('in')) {
        op = 'in';
        this.next();
      } else if (this.isWord('not') && this.isWord('in', 1)) {
        op = 'not in';
        this.next();
        this.next();
      } else {
        break;
      }
      rest.push({ op, right: this.parseMath1(), opStart: t.start });
    }
    if (rest.length === 0) return first;
    return { kind: 'compare', first, rest, start: first.start, end: (rest[rest.length - 1] as { right: Node }).right.end };
  }

  private parseBinaryLevel(ops: readonly string[], operand: () => Node): Node {
    let left = operand();
    for (;;) {
      const t = this.peek();
      if (t.type !== 'op' || !ops.includes(t.value)) return left;
      this.next();
      const right = operand();
      left = { kind: 'binary', op: t.value as BinaryOp, left, right, opStart: t.start, start: left.start, end: right.end };
    }
  }

  private parseMath1(): Node {
    return this.parseBinaryLevel(['+', '-'], () => this.parseConcat());
  }

  private parseConcat(): Node {
    return this.parseBinaryLevel(['~'], () => this.parseMath2());
  }

  private parseMath2(): Node {
    return this.parseBinaryLevel(['*', '/', '//', '%'], () => this.parseUnary(true));
  }

  private parseUnary(withFilters: boolean): Node {
    let node: Node;
    if (this.isOp('-') || this.isOp('+')) {
      const op = this.next();
      this.enter(op.start);
      try {
        const operand = this.parseUnary(false);
        node = { kind: 'unary', op: op.value as '-' | '+', operand, start: op.start, end: operand.end };
      } finally {
        this.depth--;
      }
    } else {
      node = this.parsePostfix(this.parsePrimary());
    }
    return withFilters ? this.parseFiltersAndTests(node) : node;
  }

  private parsePrimary(): Node {
    const t = this.peek();
    switch (t.type) {
      case 'name': {
        this.next();
        if (LITERALS.has(t.value)) return { kind: 'literal', value: LITERALS.get(t.value) ?? null, start: t.start, end: t.end };
        if (RESERVED.has(t.value)) {
          throw new TemplateFault(`syntax error: expected a value, got '${t.value}'`, t.start);
        }
        checkName(t.value, t.start);
        if (this.isOp('(')) throw new TemplateFault(`'${t.value}(…)': function calls are not supported (filters are written 'value | ${t.value}(…)')`, t.start);
        return { kind: 'name', name: t.value, start: t.start, end: t.end };
      }
      case 'string': {
        this.next();
        let value = t.value;
        let end = t.end;
        // Adjacent string literals concatenate, as in Python/Jinja.
        while (this.peek().type === 'string') {
          const more = this.next();
          value += more.value;
          end = more.end;
        }
        return { kind: 'literal', value, start: t.start, end };
      }
      case 'number':
        this.next();
        return { kind: 'literal', value: Number(t.value), start: t.start, end: t.end };
      case 'op':
        if (t.value === '(') return this.parseParenOrTuple();
        if (t.value === '[') return this.parseList();
        if (t.value === '{') return this.parseDict();
        break;
      case 'eof':
        break;
    }
    return this.unexpected('a value');
  }

  // `(x)` groups; `(x,)`, `(x, y)` and `()` are tuples, which behave as lists (`x in ('a', 'b')`).
  private parseParenOrTuple(): Node {
    const open = this.next();
    if (this.isOp(')')) {
      const close = this.next();
      return { kind: 'list', items: [], start: open.start, end: close.end };
    }
    const first = this.parseExpression();
    if (this.isOp(')')) {
      this.next();
      return first;
    }
    const items = [first];
    while (this.isOp(',')) {
      this.next();
      if (this.isOp(')')) break;
      items.push(this.parseExpression());
    }
    const close = this.expectOp(')');
    return { kind: 'list', items, start: open.start, end: close.end };
  }

  private parseList(): Node {
    const open = this.next();
    const items: Node[] = [];
    while (!this.isOp(']')) {
      items.push(this.parseExpression());
      if (!this.isOp(',')) break;
      this.next();
    }
    const close = this.expectOp(']');
    return { kind: 'list', items, start: open.start, end: close.end };
  }

  private parseDict(): Node {
    const open = this.next();
    const entries: { key: Node; value: Node }[] = [];
    while (!this.isOp('}')) {
      const key = this.parseExpression();
      this.expectOp(':');
      const value = this.parseExpression();
      entries.push({ key, value });
      if (!this.isOp(',')) break;
      this.next();
    }
    const close = this.expectOp('}');
    return { kind: 'dict', entries, start: open.start, end: close.end };
  }

  private parsePostfix(node: Node): Node {
    for (;;) {
      if (this.isOp('.')) {
        this.next();
        const t = this.peek();
        if (t.type === 'number') {
          // `xs.0` is Jinja for `xs[0]`.
          this.next();
          const index: Node = { kind: 'literal', value: Number(t.value), start: t.start, end: t.end };
          node = { kind: 'index', object: node, index, start: node.start, end: t.end };
          continue;
        }
        if (t.type !== 'name') this.unexpected('an attribute name');
        this.next();
        checkName(t.value, t.start);
        if (this.isOp('(')) throw new TemplateFault(`'.${t.value}(…)': method calls are not supported; use a filter`, t.start);
        node = { kind: 'attr', object: node, name: t.value, nameStart: t.start, start: node.start, end: t.end };
      } else if (this.isOp('[')) {
        this.next();
        const index = this.parseExpression();
        const close = this.expectOp(']');
        node = { kind: 'index', object: node, index, start: node.start, end: close.end };
      } else if (this.isOp('(')) {
        throw new TemplateFault('calls are not supported; use a filter', this.peek().start);
      } else {
        return node;
      }
    }
  }

  private parseFiltersAndTests(node: Node): Node {
    for (;;) {
      if (this.isOp('|')) {
        this.next();
        const name = this.peek();
        if (name.type !== 'name') this.unexpected('a filter name');
        this.next();
        const filter = FILTERS.get(name.value);
        if (filter === undefined) throw new TemplateFault(`unknown filter '${name.value}' (known: ${[...FILTERS.keys()].join(', ')})`, name.start);
        const { args, kwargs, end } = this.parseArgs(name);
        checkArity(`filter '${name.value}'`, filter.params, filter.required, args, kwargs, name.start);
        node = { kind: 'filter', operand: node, name: name.value, nameStart: name.start, args, kwargs, start: node.start, end };
      } else if (this.isWord('is')) {
        this.next();
        let negated = false;
        if (this.isWord('not')) {
          this.next();
          negated = true;
        }
        const name = this.peek();
        if (name.type !== 'name') this.unexpected('a test name');
        this.next();
        const test = PREDICATES.get(name.value);
        if (test === undefined) throw new TemplateFault(`unknown test '${name.value}' (known: ${[...PREDICATES.keys()].join(', ')})`, name.start);
        const { args, kwargs, end } = this.parseArgs(name);
        if (kwargs.length > 0) throw new TemplateFault(`test '${name.value}' takes no keyword arguments`, (kwargs[0] as KeywordArg).start);
        checkArity(`test '${name.value}'`, test.params, test.params.length, args, [], name.start);
        node = { kind: 'test', operand: node, name: name.value, nameStart: name.start, negated, args, start: node.start, end };
      } else {
        return node;
      }
    }
  }

  private parseArgs(nameToken: Token): { args: Node[]; kwargs: KeywordArg[]; end: number } {
    const args: Node[] = [];
    const kwargs: KeywordArg[] = [];
    if (!this.isOp('(')) return { args, kwargs, end: nameToken.end };
    this.next();
    while (!this.isOp(')')) {
      const t = this.peek();
      if (t.type === 'name' && this.isOp('=', 1)) {
        this.next();
        this.next();
        if (kwargs.some((k) => k.name === t.value)) throw new TemplateFault(`argument '${t.value}' given twice`, t.start);
        kwargs.push({ name: t.value, value: this.parseExpression(), start: t.start });
      } else {
        if (kwargs.length > 0) throw new TemplateFault('positional argument after a keyword argument', t.start);
        args.push(this.parseExpression());
      }
      if (!this.isOp(',')) break;
      this.next();
    }
    const close = this.expectOp(')');
    return { args, kwargs, end: close.end };
  }
}

function checkName(name: string, at: number): void {
  if (FORBIDDEN_NAMES.has(name)) throw new TemplateFault(`'${name}' is not an allowed name`, at);
}

function checkArity(what: string, params: readonly string[], required: number, args: Node[], kwargs: KeywordArg[], at: number): void {
  if (args.length > params.length) {
    throw new TemplateFault(`${what} takes at most ${params.length} argument${params.length === 1 ? '' : 's'}, got ${args.length}`, at);
  }
  for (const k of kwargs) {
    const idx = params.indexOf(k.name);
    if (idx === -1) throw new TemplateFault(`${what} has no argument '${k.name}' (it takes: ${params.join(', ') || 'none'})`, k.start);
    if (idx < args.length) throw new TemplateFault(`${what}: argument '${k.name}' given twice`, k.start);
  }
  for (let p = args.length; p < required; p++) {
    if (!kwargs.some((k) => k.name === params[p])) throw new TemplateFault(`${what} needs argument '${params[p] as string}'`, at);
  }
}
