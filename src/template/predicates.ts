// The tests of `value is name(args)` / `value is not name(args)`.
import { deepEqual, isDict, typeName, Undefined } from './values.js';

/** A test: its parameter names (all required) and its body. */
export interface PredicateDef {
  params: readonly string[];
  /** Only `defined`/`undefined` may look at an undefined value; every other test errors on one. */
  acceptsUndefined?: boolean;
  /** `fail` throws at the test's position. */
  apply(value: unknown, args: unknown[], fail: (message: string) => never): boolean;
}

const isNumber = (v: unknown): v is number => typeof v === 'number';

function integerArg(v: unknown, what: string, fail: (message: string) => never): number {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  return fail(`${what} expects an integer, got ${typeName(v)}`);
}

function regex(pattern: unknown, fail: (message: string) => never): RegExp {
  if (typeof pattern !== 'string') return fail(`expects a regular expression string, got ${typeName(pattern)}`);
  try {
    return new RegExp(pattern);
  } catch (err) {
    return fail(`invalid regular expression: ${(err as Error).message}`);
  }
}

function text(value: unknown, what: string, fail: (message: string) => never): string {
  if (typeof value === 'string') return value;
  return fail(`${what} applies to strings, got ${typeName(value)}`);
}

// Ansible's `version` test on the leading dotted numbers of each side ("7.4.1 (build 172)" is 7.4.1); missing parts
// count as 0, so 7.2 == 7.2.0. A side without a leading number is an error, never a guess.
const VERSION_OPS: Readonly<Record<string, (c: number) => boolean>> = {
  '<': (c) => c < 0, lt: (c) => c < 0, '<=': (c) => c <= 0, le: (c) => c <= 0, '>': (c) => c > 0, gt: (c) => c > 0,
  '>=': (c) => c >= 0, ge: (c) => c >= 0, '==': (c) => c === 0, '=': (c) => c === 0, eq: (c) => c === 0, '!=': (c) => c !== 0, ne: (c) => c !== 0,
};

function versionParts(v: unknown, fail: (message: string) => never): number[] {
  const m = typeof v === 'string' || typeof v === 'number' ? /^\s*v?(\d+(?:\.\d+)*)/.exec(String(v)) : null;
  if (m === null) return fail(`version: ${JSON.stringify(v)} does not start with a version number`);
  return (m[1] as string).split('.').map(Number);
}

function versionTest(v: unknown, [other, op]: unknown[], fail: (message: string) => never): boolean {
  const judge = VERSION_OPS[String(op)];
  if (judge === undefined) return fail(`version: unknown operator ${JSON.stringify(op)} (one of ${Object.keys(VERSION_OPS).join(' ')})`);
  const a = versionParts(v, fail);
  const b = versionParts(other, fail);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return judge(d);
  }
  return judge(0);
}

/** Every test by name. A Map, so no name can resolve to an Object.prototype member. */
export const PREDICATES: ReadonlyMap<string, PredicateDef> = new Map<string, PredicateDef>([
  ['defined', { params: [], acceptsUndefined: true, apply: (v) => !(v instanceof Undefined) }],
  ['undefined', { params: [], acceptsUndefined: true, apply: (v) => v instanceof Undefined }],
  ['none', { params: [], apply: (v) => v === null || v === undefined }],
  ['true', { params: [], apply: (v) => v === true }],
  ['false', { params: [], apply: (v) => v === false }],
  ['boolean', { params: [], apply: (v) => typeof v === 'boolean' }],
  ['string', { params: [], apply: (v) => typeof v === 'string' }],
  ['number', { params: [], apply: isNumber }],
  ['integer', { params: [], apply: (v) => isNumber(v) && Number.isInteger(v) }],
  ['float', { params: [], apply: (v) => isNumber(v) && !Number.isInteger(v) }],
  ['mapping', { params: [], apply: isDict }],
  ['sequence', { params: [], apply: (v) => typeof v === 'string' || Array.isArray(v) }],
  ['iterable', { params: [], apply: (v) => typeof v === 'string' || Array.isArray(v) || isDict(v) }],
  ['even', { params: [], apply: (v, _a, fail) => integerArg(v, 'even', fail) % 2 === 0 }],
  ['odd', { params: [], apply: (v, _a, fail) => Math.abs(integerArg(v, 'odd', fail) % 2) === 1 }],
  [
    'divisibleby',
    {
      params: ['num'],
      apply: (v, [n], fail) => {
        const d = integerArg(n, 'divisibleby', fail);
        if (d === 0) return fail('divisibleby(0)');
        return integerArg(v, 'divisibleby', fail) % d === 0;
      },
    },
  ],
  ['eq', { params: ['other'], apply: (v, [o]) => deepEqual(v, o) }],
  ['ne', { params: ['other'], apply: (v, [o]) => !deepEqual(v, o) }],
  // Ansible's regex tests: `match` anchors at the start, `search` anywhere.
  ['match', { params: ['pattern'], apply: (v, [p], fail) => regex(p, fail).exec(text(v, 'match', fail))?.index === 0 }],
  ['version', { params: ['version', 'operator'], apply: versionTest }],
  ['search', { params: ['pattern'], apply: (v, [p], fail) => regex(p, fail).test(text(v, 'search', fail)) }],
]);
