// `JSON.stringify(value, null, 2) + '\n'` in pieces, for files too large to hold as one string: a report of 10,000
// hosts is ~190 MB of pretty JSON, and one string of it (then its flattened copy, then the Buffer written) was
// most of a 10,000-device run's peak memory. The bytes are exactly those of the one-string form.

const NESTED_OPEN = '[\n  [\n    '.length;
const NESTED_CLOSE = '\n  ]\n]'.length;

/**
 * The pretty JSON of `value` plus a final newline, as a sequence of strings whose concatenation is
 * `JSON.stringify(value, null, 2) + '\n'`. An object whose last property is a non-empty array yields that array's
 * elements one at a time; anything else is one piece.
 */
export function* prettyJsonChunks(value: unknown): Generator<string> {
  const whole = (): string => JSON.stringify(value, null, 2) + '\n';
  if (value === null || typeof value !== 'object' || Array.isArray(value) || 'toJSON' in value) return yield whole();
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  const lastKey = keys[keys.length - 1];
  const items = lastKey === undefined ? undefined : record[lastKey];
  if (lastKey === undefined || !Array.isArray(items) || items.length === 0) return yield whole();
  // The same object with that array emptied prints as `…"key": []\n}`; the elements go between the brackets.
  const head = JSON.stringify({ ...record, [lastKey]: [] }, null, 2);
  if (!head.endsWith('[]\n}')) return yield whole();
  yield head.slice(0, -'[]\n}'.length) + '[\n    ';
  for (let i = 0; i < items.length; i++) {
    // An element two levels down is indented by 4: JSON.stringify indents it so inside `[[element]]`, whose
    // brackets are cut off (`[\n  [\n    ` and `\n  ]\n]`); far cheaper than re-indenting its text.
    const text = JSON.stringify([[items[i]]], null, 2);
    yield (i > 0 ? ',\n    ' : '') + text.slice(NESTED_OPEN, -NESTED_CLOSE);
  }
  yield '\n  ]\n}\n';
}
