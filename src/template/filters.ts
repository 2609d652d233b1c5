// The filters (`value | name(args)`). Each declares its parameters so the parser can check calls at load time.
import { isIP } from 'node:net';
import { shellQuote } from './shell-quote.js';
import { compareValues, deepEqual, isDict, ownProperty, toText, truthy, typeName, Undefined } from './values.js';
import { setOwnKey } from '../own-key.js';

/** What a filter may do besides computing: fail (at the filter's position) or yield an undefined value. */
export interface FilterContext {
  fail(message: string): never;
  undefinedResult(reason: string): Undefined;
}

/** A filter: its parameter names (positional order), how many are required, and its body. */
export interface FilterDef {
  params: readonly string[];
  required: number;
  /** Only `default` may receive an undefined value; every other filter errors on one. */
  acceptsUndefined?: boolean;
  /** `args` is aligned with `params`; an argument not given is JavaScript undefined. */
  apply(value: unknown, args: unknown[], ctx: FilterContext): unknown;
}

function list(value: unknown, ctx: FilterContext, what: string): unknown[] {
  if (Array.isArray(value)) return value;
  return ctx.fail(`${what} expects a list, got ${typeName(value)}`);
}

function str(value: unknown, ctx: FilterContext, what: string): string {
  if (typeof value === 'string') return value;
  return ctx.fail(`${what} expects a string, got ${typeName(value)}`);
}

function sequence(value: unknown, ctx: FilterContext, what: string): unknown[] {
  if (typeof value === 'string') return [...value];
  return list(value, ctx, what);
}

const INT_DIGITS: Record<number, RegExp> = { 2: /^[+-]?(0b)?[01]+$/i, 8: /^[+-]?(0o)?[0-7]+$/i, 10: /^[+-]?[0-9]+$/, 16: /^[+-]?(0x)?[0-9a-f]+$/i };
const FLOAT = /^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/;

// Jinja's int(): parse in `base`, else via float, else the default.
function toInt(value: unknown, fallback: number, base: number): number {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : fallback;
  if (typeof value !== 'string') return fallback;
  const s = value.trim();
  const digits = INT_DIGITS[base];
  if (digits?.test(s)) {
    const negative = s.startsWith('-');
    const body = s.replace(/^[+-]/, '').replace(/^0[box]/i, '');
    const n = parseInt(body, base);
    return negative ? -n : n;
  }
  if (FLOAT.test(s)) {
    const f = Number(s);
    if (Number.isFinite(f)) return Math.trunc(f);
  }
  return fallback;
}

function toFloat(value: unknown, fallback: number): number {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && FLOAT.test(value.trim())) return Number(value.trim());
  return fallback;
}

function sortKey(item: unknown, attribute: unknown, caseSensitive: boolean, ctx: FilterContext): unknown {
  let key = item;
  if (attribute !== undefined && attribute !== null) {
    const name = toText(attribute);
    if (!isDict(item)) return ctx.fail(`sort(attribute='${name}') expects a list of dicts, found ${typeName(item)}`);
    const prop = ownProperty(item, name);
    if (!prop.found) return ctx.fail(`sort(attribute='${name}'): an item has no key '${name}'`);
    key = prop.value;
  }
  return !caseSensitive && typeof key === 'string' ? key.toLowerCase() : key;
}

const defaultFilter: FilterDef = {
  params: ['default_value', 'boolean'],
  required: 0,
  acceptsUndefined: true,
  // Jinja: used when the value is undefined; with boolean=true also when it is falsy. `none` is defined.
  apply: (value, [fallback, boolean]) => {
    if (value instanceof Undefined) return fallback ?? '';
    if (boolean !== undefined && truthy(boolean) && !truthy(value)) return fallback ?? '';
    return value;
  },
};

const lengthFilter: FilterDef = {
  params: [],
  required: 0,
  apply: (value, _args, ctx) => {
    if (typeof value === 'string') return [...value].length;
    if (Array.isArray(value)) return value.length;
    if (isDict(value)) return Object.keys(value).length;
    return ctx.fail(`length expects a string, list or dict, got ${typeName(value)}`);
  },
};

/** Every filter by name. A Map, so no name can resolve to an Object.prototype member. */
export const FILTERS: ReadonlyMap<string, FilterDef> = new Map<string, FilterDef>([
  [
    'join',
    {
      params: ['d'],
      required: 0,
      apply: (value, [sep], ctx) => list(value, ctx, 'join').map(toText).join(sep === undefined ? '' : toText(sep)),
    },
  ],
  ['default', defaultFilter],
  ['d', defaultFilter],
  ['length', lengthFilter],
  ['count', lengthFilter],
  ['lower', { params: [], required: 0, apply: (value) => toText(value).toLowerCase() }],
  ['upper', { params: [], required: 0, apply: (value) => toText(value).toUpperCase() }],
  [
    'quote',
    {
      params: [],
      required: 0,
      // A list quotes each item and joins them with spaces: one shell word per item.
      apply: (value) => (Array.isArray(value) ? value.map((v) => shellQuote(toText(v))).join(' ') : shellQuote(toText(value))),
    },
  ],
  [
    'ip',
    {
      params: [],
      required: 0,
      // Validation before a value reaches a device command: an IP address (or a list of them) passes through
      // unchanged; anything else fails the template, so `1.1.1.1\nreboot` can never be sent.
      apply: (value, _args, ctx) => {
        for (const v of Array.isArray(value) ? value : [value]) {
          if (typeof v !== 'string' || isIP(v) === 0) ctx.fail(`ip: ${JSON.stringify(toText(v))} is not an IP address`);
        }
        return value;
      },
    },
  ],
  ['string', { params: [], required: 0, apply: (value) => toText(value) }],
  [
    'int',
    {
      params: ['default', 'base'],
      required: 0,
      apply: (value, [fallback, base], ctx) => {
        const b = base === undefined ? 10 : base;
        if (typeof b !== 'number' || !Number.isInteger(b) || b < 2 || b > 36) return ctx.fail(`int: base must be an integer from 2 to 36`);
        if (INT_DIGITS[b] === undefined) INT_DIGITS[b] = new RegExp(`^[+-]?[${'0123456789abcdefghijklmnopqrstuvwxyz'.slice(0, b)}]+$`, 'i');
        const f = fallback === undefined ? 0 : fallback;
        if (typeof f !== 'number') return ctx.fail(`int: default must be a number, got ${typeName(f)}`);
        return toInt(value, f, b);
      },
    },
  ],
  [
    'float',
    {
      params: ['default'],
      required: 0,
      apply: (value, [fallback], ctx) => {
        const f = fallback === undefined ? 0 : fallback;
        if (typeof f !== 'number') return ctx.fail(`float: default must be a number, got ${typeName(f)}`);
        return toFloat(value, f);
      },
    },
  ],
  [
    'bool',
    {
      params: [],
      required: 0,
      // Ansible's bool: yes/on/true/1 (any case) are true, every other string is false.
      apply: (value) => {
        if (typeof value === 'boolean') return value;
        if (typeof value === 'number') return value === 1;
        if (typeof value === 'string') return ['yes', 'on', 'true', '1', 'y', 't'].includes(value.trim().toLowerCase());
        return false;
      },
    },
  ],
  [
    'first',
    {
      params: [],
      required: 0,
      apply: (value, _args, ctx) => {
        const items = sequence(value, ctx, 'first');
        return items.length > 0 ? items[0] : ctx.undefinedResult('the sequence is empty');
      },
    },
  ],
  [
    'last',
    {
      params: [],
      required: 0,
      apply: (value, _args, ctx) => {
        const items = sequence(value, ctx, 'last');
        return items.length > 0 ? items[items.length - 1] : ctx.undefinedResult('the sequence is empty');
      },
    },
  ],
  [
    'unique',
    {
      params: [],
      required: 0,
      apply: (value, _args, ctx) => {
        const out: unknown[] = [];
        for (const item of list(value, ctx, 'unique')) if (!out.some((seen) => deepEqual(seen, item))) out.push(item);
        return out;
      },
    },
  ],
  [
    'sort',
    {
      params: ['reverse', 'case_sensitive', 'attribute'],
      required: 0,
      // Jinja's sort: strings compare case-insensitively unless case_sensitive=true; stable.
      apply: (value, [reverse, caseSensitive, attribute], ctx) => {
        const cs = caseSensitive !== undefined && truthy(caseSensitive);
        const keyed = list(value, ctx, 'sort').map((item) => ({ item, key: sortKey(item, attribute, cs, ctx) }));
        keyed.sort((a, b) => {
          const c = compareValues(a.key, b.key);
          if (c === undefined) return ctx.fail(`sort: cannot order ${typeName(a.key)} and ${typeName(b.key)}`);
          return c;
        });
        const sorted = keyed.map((k) => k.item);
        return reverse !== undefined && truthy(reverse) ? sorted.reverse() : sorted;
      },
    },
  ],
  ['trim', { params: [], required: 0, apply: (value) => toText(value).trim() }],
  [
    'replace',
    {
      params: ['old', 'new', 'count'],
      required: 2,
      apply: (value, [old, replacement, count], ctx) => {
        const s = toText(value);
        const from = str(old, ctx, 'replace(old)');
        const to = str(replacement, ctx, 'replace(new)');
        if (count === undefined || count === null) return from === '' ? s : s.replaceAll(from, to);
        if (typeof count !== 'number' || !Number.isInteger(count)) return ctx.fail(`replace: count must be an integer`);
        let out = s;
        let at = 0;
        for (let n = 0; n < count && from !== ''; n++) {
          const idx = out.indexOf(from, at);
          if (idx === -1) break;
          out = out.slice(0, idx) + to + out.slice(idx + from.length);
          at = idx + to.length;
        }
        return out;
      },
    },
  ],
  [
    'split',
    {
      params: ['sep'],
      required: 0,
      // Python's str.split: without a separator, splits on runs of whitespace and drops empty ends.
      apply: (value, [sep], ctx) => {
        const s = str(value, ctx, 'split');
        if (sep === undefined || sep === null) return s.split(/\s+/).filter((part) => part !== '');
        const by = str(sep, ctx, 'split(sep)');
        if (by === '') return ctx.fail('split: empty separator');
        return s.split(by);
      },
    },
  ],
  [
    'abs',
    {
      params: [],
      required: 0,
      apply: (value, _args, ctx) => (typeof value === 'number' ? Math.abs(value) : ctx.fail(`abs expects a number, got ${typeName(value)}`)),
    },
  ],
  ['min', { params: [], required: 0, apply: (value, _args, ctx) => extreme(list(value, ctx, 'min'), -1, ctx) }],
  ['max', { params: [], required: 0, apply: (value, _args, ctx) => extreme(list(value, ctx, 'max'), 1, ctx) }],
  [
    'list',
    {
      params: [],
      required: 0,
      apply: (value, _args, ctx) => {
        if (isDict(value)) return Object.keys(value);
        return [...sequence(value, ctx, 'list')];
      },
    },
  ],
  [
    'dict2items',
    {
      params: [],
      required: 0,
      apply: (value, _args, ctx) => {
        if (!isDict(value)) return ctx.fail(`dict2items expects a dict, got ${typeName(value)}`);
        return Object.entries(value).map(([key, v]) => ({ key, value: v }));
      },
    },
  ],
  ['to_json', { params: [], required: 0, apply: (value) => JSON.stringify(value) ?? 'null' }],
  [
    'combine',
    {
      // Ansible's combine: `a | combine(b, c, recursive=true, list_merge='append')`; later dicts win. A list of
      // dicts as the value is combined in order (`[a, b] | combine`). Up to four dicts as arguments.
      params: ['dict1', 'dict2', 'dict3', 'dict4', 'recursive', 'list_merge'],
      required: 0,
      apply: (value, args, ctx) => {
        const [d1, d2, d3, d4, recursive, listMerge] = args;
        const terms = [...(Array.isArray(value) ? value : [value]), ...[d1, d2, d3, d4].filter((d) => d !== undefined)];
        if (recursive !== undefined && typeof recursive !== 'boolean') return ctx.fail(`combine(recursive=…) must be true or false, got ${typeName(recursive)}`);
        const mode = listMerge === undefined ? 'replace' : toText(listMerge);
        if (!LIST_MERGE.has(mode)) return ctx.fail(`combine(list_merge='${mode}') is not one of ${[...LIST_MERGE].join(', ')}`);
        let out: Record<string, unknown> = {};
        for (const t of terms) {
          if (!isDict(t)) return ctx.fail(`combine expects dicts, got ${typeName(t)}`);
          out = mergeDicts(out, t, recursive === true, mode);
        }
        return out;
      },
    },
  ],
]);

const LIST_MERGE = new Set(['replace', 'keep', 'append', 'prepend', 'append_rp', 'prepend_rp']);

// Ansible's merge_hash: keys of `y` win; two dicts merge when recursive; two lists follow `listMerge`. New objects only.
function mergeDicts(x: Record<string, unknown>, y: Record<string, unknown>, recursive: boolean, listMerge: string): Record<string, unknown> {
  const out: Record<string, unknown> = { ...x };
  // setOwnKey: a key named `__proto__` from a device's JSON stays a plain key, never the prototype.
  const set = (key: string, value: unknown): void => setOwnKey(out, key, value);
  for (const [key, yv] of Object.entries(y)) {
    const xv = ownProperty(x, key);
    if (!xv.found) set(key, yv);
    else if (isDict(xv.value) && isDict(yv)) set(key, recursive ? mergeDicts(xv.value, yv, recursive, listMerge) : yv);
    else if (Array.isArray(xv.value) && Array.isArray(yv)) set(key, mergeLists(xv.value, yv, listMerge));
    else set(key, yv);
  }
  return out;
}

function mergeLists(x: unknown[], y: unknown[], listMerge: string): unknown[] {
  const notInY = (): unknown[] => x.filter((v) => !y.some((w) => deepEqual(v, w)));
  switch (listMerge) {
    case 'keep':
      return x;
    case 'append':
      return [...x, ...y];
    case 'prepend':
      return [...y, ...x];
    case 'append_rp':
      return [...notInY(), ...y];
    case 'prepend_rp':
      return [...y, ...notInY()];
    default:
      return y;
  }
}

function extreme(items: unknown[], sign: 1 | -1, ctx: FilterContext): unknown {
  if (items.length === 0) return ctx.undefinedResult('the list is empty');
  let best = items[0];
  for (const item of items.slice(1)) {
    const c = compareValues(item, best);
    if (c === undefined) return ctx.fail(`cannot order ${typeName(item)} and ${typeName(best)}`);
    if (c * sign > 0) best = item;
  }
  return best;
}
