// prettyJsonChunks: the pieces of a large report concatenate to exactly JSON.stringify(value, null, 2) + '\n'.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prettyJsonChunks } from '../../../src/report/pretty-json.js';

const whole = (v: unknown): string => JSON.stringify(v, null, 2) + '\n';
const joined = (v: unknown): string => [...prettyJsonChunks(v)].join('');

describe('prettyJsonChunks', () => {
  it('yields one piece per element of the last array property, and the bytes of the one-string form', () => {
    const report = { version: 1, summary: { ok: 2 }, causes: [], hosts: [{ name: 'a', steps: [{ id: 's', output: 'x\n"y"\t\u00e9' }] }, { name: 'b', steps: [] }] };
    const pieces = [...prettyJsonChunks(report)];
    expect(pieces).toHaveLength(4);
    expect(pieces.join('')).toBe(whole(report));
  });

  it('leaves nested values with toJSON (dates) to JSON.stringify', () => {
    const v = { at: new Date(0), hosts: [{ at: new Date(1) }] };
    expect(joined(v)).toBe(whole(v));
  });

  it('matches the one-string form for any value, including sparse, undefined and nested elements', () => {
    const value = fc.oneof(
      fc.jsonValue(),
      fc.record({ head: fc.jsonValue(), tail: fc.array(fc.oneof(fc.jsonValue(), fc.constant(undefined))) }),
      fc.dictionary(fc.string(), fc.jsonValue()),
    );
    fc.assert(fc.property(value, (v) => joined(v) === whole(v)));
  });

  it('keeps a value with toJSON, a last property that is not an array, and an empty array whole', () => {
    for (const v of [{ hosts: [1], toJSON: () => ({ hosts: [2] }) }, { hosts: 'x' }, { hosts: [] }, {}, [1, [2]], 'text', null]) {
      expect([...prettyJsonChunks(v)]).toEqual([whole(v)]);
    }
  });
});
