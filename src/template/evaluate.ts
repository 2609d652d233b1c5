// Evaluates expression trees against variables. Pure data in, data out: no eval, no calls into the values,
// and only own properties of plain data are ever read.
//
// Secrets (variables and keys named as secrets.ts says) are tracked: their value may be written into the
// output as it is, joined with other text (`~`, `+`), repeated, compared, or passed through the filters
// in SECRET_SAFE_FILTERS, whose results contain it verbatim (`quote` is redacted in its quoted form too).
// Any other filter (`upper`, `replace`, `list`, `length` …), or indexing into a secret string, is an error:
// its result is a new string the redactor cannot know, so it would reach the output in clear.
//
// Sizes are bounded: no string an expression builds may exceed MAX_RENDERED_CHARS.
import type { Expr } from '../playbook/model.js';
import type { BinaryOp, CompareOp, Node } from './ast.js';
import { cachedExpression } from './cache.js';
import { locateFaults, TemplateFault } from './fault.js';
import { FILTERS } from './filters.js';
import { PREDICATES } from './predicates.js';
import { isSecretName } from '../secrets.js';
import { compareValues, deepEqual, FORBIDDEN_NAMES, isDict, ownProperty, toText, truthy, typeName, Undefined } from './values.js';

/** The longest string a template may render, or an expression build (one MiB of text: far above any command). */
export const MAX_RENDERED_CHARS = 1024 * 1024;

/** Filters whose result holds a secret operand verbatim (or is the secret itself), so redaction still works. */
const SECRET_SAFE_FILTERS: ReadonlySet<string> = new Set(['default', 'd', 'string', 'quote']);

/** A text of `length` characters would be longer than MAX_RENDERED_CHARS: an error at `at`. */
export function checkLength(length: number, at: number): void {
  if (length > MAX_RENDERED_CHARS) throw new TemplateFault(`the result is too large (${length} characters; the limit is ${MAX_RENDERED_CHARS})`, at);
}

function checkSize<T>(value: T, at: number): T {
  if (typeof value === 'string') checkLength(value.length, at);
  return value;
}

/** Variables visible to an expression. */
export type Vars = Record<string, unknown>;

/** Evaluate an expression (no braces) to a value. */
export function evaluate(e: Expr, vars: Vars): unknown {
  return locateFaults(e.src, e.pos, () => evaluateDefined(cachedExpression(e.src), e.src, vars));
}

/** Evaluate an expression for `when:` / `that:` using Jinja truthiness. */
export function evaluateBool(e: Expr, vars: Vars): boolean {
  return locateFaults(e.src, e.pos, () => truthy(evaluateDefined(cachedExpression(e.src), e.src, vars)));
}

/** Evaluate a parsed node whose result must be defined; throws TemplateFault (offsets into `src`). */
export function evaluateDefined(node: Node, src: string, vars: Vars): unknown {
  return new Evaluator(src, vars).defined(node);
}

/** As evaluateDefined, also saying which secret (if any) the value was computed from. */
export function evaluateTracked(node: Node, src: string, vars: Vars): { value: unknown; secret?: string } {
  const ev = new Evaluator(src, vars);
  const value = ev.defined(node);
  return ev.secret === undefined ? { value } : { value, secret: ev.secret };
}

class Evaluator {
  /** How many times a secret was read so far; a difference across a sub-expression means it used one. */
  private secretReads = 0;
  /** The name of the last secret read. */
  secret: string | undefined;

  constructor(
    private readonly src: string,
    private readonly vars: Vars,
  ) {}

  // Reading a value under a secret name taints what is computed from it.
  private read(name: string, value: unknown): unknown {
    if (isSecretName(name) && !(value instanceof Undefined)) {
      this.secretReads += 1;
      this.secret = name;
    }
    return value;
  }

  private text(node: Node): string {
    return this.src.slice(node.start, node.end);
  }

  defined(node: Node): unknown {
    const v = this.compute(node);
    if (v instanceof Undefined) throw v.fault();
    return v;
  }

  private compute(node: Node): unknown {
    switch (node.kind) {
      case 'literal':
        return node.value;
      case 'name': {
        const found = ownProperty(this.vars, node.name);
        return found.found ? this.read(node.name, found.value) : new Undefined(node.name, node.start);
      }
      case 'attr':
        return this.attr(node.object, node.name, node.nameStart, this.text(node));
      case 'index':
        return this.index(node.object, node.index, this.text(node));
      case 'list':
        return node.items.map((item) => this.defined(item));
      case 'dict':
        return this.dict(node.entries);
      case 'unary':
        return this.unary(node.op, node.operand, node.start);
      case 'binary':
        return this.binary(node.op, node.left, node.right, node.opStart);
      case 'compare':
        return this.compare(node.first, node.rest);
      case 'filter':
        return this.filter(node);
      case 'test':
        return this.test(node);
      case 'cond':
        return truthy(this.defined(node.test)) ? this.compute(node.then) : this.compute(node.otherwise);
    }
  }

  // Reading through an undefined value stays undefined (the first missing link is what gets reported),
  // so `facts.a.b | default('-')` and `x.y is defined` work without guarding every level.
  private attr(objectNode: Node, name: string, at: number, whole: string): unknown {
    const obj = this.compute(objectNode);
    if (obj instanceof Undefined) return obj;
    const of = this.text(objectNode);
    if (isDict(obj)) {
      const found = ownProperty(obj, name);
      return found.found ? this.read(name, found.value) : new Undefined(whole, at, `'${of}' has no key '${name}'`);
    }
    return new Undefined(whole, at, notADict(of, obj));
  }

  private index(objectNode: Node, indexNode: Node, whole: string): unknown {
    const before = this.secretReads;
    const obj = this.compute(objectNode);
    const key = this.defined(indexNode);
    if (obj instanceof Undefined) return obj;
    const of = this.text(objectNode);
    const at = indexNode.start;
    if (typeof obj === 'string' && this.secretReads > before) throw this.secretFault('cannot be indexed (a part of it could not be redacted)', at);
    if (Array.isArray(obj) || typeof obj === 'string') {
      if (typeof key !== 'number' || !Number.isInteger(key)) {
        throw new TemplateFault(`${typeName(obj)} indices must be integers, got ${typeName(key)}`, at);
      }
      const items: readonly unknown[] = typeof obj === 'string' ? [...obj] : obj;
      const i = key < 0 ? items.length + key : key;
      if (i < 0 || i >= items.length) return new Undefined(whole, at, `index ${key} is out of range for '${of}' (length ${items.length})`);
      return items[i];
    }
    if (isDict(obj)) {
      if (typeof key !== 'string' && typeof key !== 'number') throw new TemplateFault(`dict keys are strings, got ${typeName(key)}`, at);
      const k = String(key);
      if (FORBIDDEN_NAMES.has(k)) throw new TemplateFault(`'${k}' is not an allowed key`, at);
      const found = ownProperty(obj, k);
      return found.found ? this.read(k, found.value) : new Undefined(whole, at, `'${of}' has no key '${k}'`);
    }
    return new Undefined(whole, at, notADict(of, obj));
  }

  private dict(entries: { key: Node; value: Node }[]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const { key, value } of entries) {
      const k = this.defined(key);
      if (typeof k !== 'string' && typeof k !== 'number') throw new TemplateFault(`dict keys are strings, got ${typeName(k)}`, key.start);
      const name = String(k);
      if (FORBIDDEN_NAMES.has(name)) throw new TemplateFault(`'${name}' is not an allowed key`, key.start);
      out[name] = this.defined(value);
    }
    return out;
  }

  private unary(op: 'not' | '-' | '+', operandNode: Node, at: number): unknown {
    const v = this.defined(operandNode);
    if (op === 'not') return !truthy(v);
    if (typeof v !== 'number') throw new TemplateFault(`bad operand type for unary ${op}: ${typeName(v)}`, at);
    return op === '-' ? -v : v;
  }

  private binary(op: BinaryOp, leftNode: Node, rightNode: Node, at: number): unknown {
    const left = this.defined(leftNode);
    // and/or short-circuit and yield an operand, as in Python: `x is defined and x > 1` is safe.
    if (op === 'and') return truthy(left) ? this.defined(rightNode) : left;
    if (op === 'or') return truthy(left) ? left : this.defined(rightNode);
    const right = this.defined(rightNode);
    if (op === '~') return checkSize(toText(left) + toText(right), at);
    const bad = (): never => {
      throw new TemplateFault(`unsupported operand types for ${op}: ${typeName(left)} and ${typeName(right)}`, at);
    };
    if (op === '+') {
      if (typeof left === 'number' && typeof right === 'number') return left + right;
      if (typeof left === 'string' && typeof right === 'string') return checkSize(left + right, at);
      if (Array.isArray(left) && Array.isArray(right)) return [...left, ...right];
      return bad();
    }
    if (op === '*' && typeof left === 'string' && typeof right === 'number' && Number.isInteger(right)) {
      // Checked before repeating: `'a' * 300000000` must not allocate 300 MB first.
      checkLength(left.length * Math.max(0, right), at);
      return left.repeat(Math.max(0, right));
    }
    if (typeof left !== 'number' || typeof right !== 'number') return bad();
    switch (op) {
      case '-':
        return left - right;
      case '*':
        return left * right;
      case '/':
      case '//':
      case '%': {
        if (right === 0) throw new TemplateFault('division by zero', at);
        if (op === '/') return left / right;
        if (op === '//') return Math.floor(left / right);
        const r = left % right;
        // Python's modulo takes the divisor's sign.
        return r !== 0 && r < 0 !== right < 0 ? r + right : r;
      }
    }
  }

  // Chained like Python: `a < b < c` is `a < b and b < c`, each operand evaluated once.
  private compare(firstNode: Node, rest: { op: CompareOp; right: Node; opStart: number }[]): boolean {
    let left = this.defined(firstNode);
    for (const { op, right: rightNode, opStart } of rest) {
      const right = this.defined(rightNode);
      if (!compareOnce(op, left, right, opStart)) return false;
      left = right;
    }
    return true;
  }

  private filter(node: Extract<Node, { kind: 'filter' }>): unknown {
    const def = FILTERS.get(node.name);
    if (def === undefined) throw new TemplateFault(`unknown filter '${node.name}'`, node.nameStart);
    const before = this.secretReads;
    const value = this.compute(node.operand);
    if (value instanceof Undefined && def.acceptsUndefined !== true) throw value.fault();
    const args: unknown[] = node.args.map((a) => this.defined(a));
    for (const kw of node.kwargs) args[def.params.indexOf(kw.name)] = this.defined(kw.value);
    if (this.secretReads > before && !SECRET_SAFE_FILTERS.has(node.name)) {
      throw this.secretFault(`cannot pass through filter '${node.name}' (its result could not be redacted); use it as it is, joined with text (~), or with ${[...SECRET_SAFE_FILTERS].join(', ')}`, node.nameStart);
    }
    const result = def.apply(value, args, {
      fail: (message) => {
        throw new TemplateFault(message, node.nameStart);
      },
      undefinedResult: (reason) => new Undefined(this.text(node), node.nameStart, reason),
    });
    return checkSize(result, node.nameStart);
  }

  private secretFault(what: string, at: number): TemplateFault {
    return new TemplateFault(`'${this.secret ?? 'a secret'}' is a secret: it ${what}`, at);
  }

  private test(node: Extract<Node, { kind: 'test' }>): boolean {
    const def = PREDICATES.get(node.name);
    if (def === undefined) throw new TemplateFault(`unknown test '${node.name}'`, node.nameStart);
    const value = this.compute(node.operand);
    if (value instanceof Undefined && def.acceptsUndefined !== true) throw value.fault();
    const args = node.args.map((a) => this.defined(a));
    const result = def.apply(value, args, (message) => {
      throw new TemplateFault(`${node.name}: ${message}`, node.nameStart);
    });
    return node.negated ? !result : result;
  }
}

function notADict(of: string, obj: unknown): string {
  return obj === null || obj === undefined ? `'${of}' is none` : `'${of}' is a ${typeName(obj)}, not a dict`;
}

function compareOnce(op: CompareOp, left: unknown, right: unknown, at: number): boolean {
  switch (op) {
    case '==':
      return deepEqual(left, right);
    case '!=':
      return !deepEqual(left, right);
    case 'in':
      return contains(right, left, at);
    case 'not in':
      return !contains(right, left, at);
    default: {
      const c = compareValues(left, right);
      if (c === undefined) throw new TemplateFault(`cannot compare ${typeName(left)} ${op} ${typeName(right)}`, at);
      if (op === '<') return c < 0;
      if (op === '<=') return c <= 0;
      if (op === '>') return c > 0;
      return c >= 0;
    }
  }
}

function contains(container: unknown, item: unknown, at: number): boolean {
  if (Array.isArray(container)) return container.some((x) => deepEqual(x, item));
  if (typeof container === 'string') {
    if (typeof item !== 'string') throw new TemplateFault(`'in <string>' needs a string on the left, got ${typeName(item)}`, at);
    return container.includes(item);
  }
  if (isDict(container)) return typeof item === 'string' && ownProperty(container, item).found;
  throw new TemplateFault(`'in' needs a list, string or dict on the right, got ${typeName(container)}`, at);
}
