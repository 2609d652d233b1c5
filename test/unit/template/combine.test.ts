import { describe, expect, it } from 'vitest';
import { renderValue } from '../../../src/template/index.js';
import { at, ev, templateError } from './helpers.js';

// Ansible's combine (lib/ansible/plugins/filter/core.py → utils/vars.py merge_hash): later dicts win, `recursive`
// merges nested dicts, `list_merge` decides what two lists under one key become.
describe('combine', () => {
  it('lets the later dict win, key by key, and leaves the inputs unchanged', () => {
    const a = { a: 1, b: 2 };
    expect(ev("a | combine({'b': 3})", { a })).toEqual({ a: 1, b: 3 });
    expect(a).toEqual({ a: 1, b: 2 });
    expect(ev('a | combine(b, c, d)', { a: { x: 1 }, b: { x: 2, y: 1 }, c: { y: 2 }, d: { z: 3 } })).toEqual({ x: 2, y: 2, z: 3 });
  });

  it('replaces a nested dict unless recursive=true, which merges it', () => {
    const vars = { a: { a: { foo: 1, bar: 2 }, b: 2 }, b: { a: { bar: 3, baz: 4 } } };
    expect(ev('a | combine(b)', vars)).toEqual({ a: { bar: 3, baz: 4 }, b: 2 });
    expect(ev('a | combine(b, recursive=true)', vars)).toEqual({ a: { foo: 1, bar: 3, baz: 4 }, b: 2 });
  });

  it('merges two lists under one key as list_merge says (replace by default)', () => {
    const vars = { a: { l: [1, 2, 3] }, b: { l: [3, 4] } };
    expect(ev('a | combine(b)', vars)).toEqual({ l: [3, 4] });
    expect(ev("a | combine(b, list_merge='keep')", vars)).toEqual({ l: [1, 2, 3] });
    expect(ev("a | combine(b, list_merge='append')", vars)).toEqual({ l: [1, 2, 3, 3, 4] });
    expect(ev("a | combine(b, list_merge='prepend')", vars)).toEqual({ l: [3, 4, 1, 2, 3] });
    expect(ev("a | combine(b, list_merge='append_rp')", vars)).toEqual({ l: [1, 2, 3, 4] });
    expect(ev("a | combine(b, list_merge='prepend_rp')", vars)).toEqual({ l: [3, 4, 1, 2] });
  });

  it('combines a list of dicts in order', () => {
    expect(ev('[a, b] | combine', { a: { x: 1 }, b: { x: 2 } })).toEqual({ x: 2 });
  });

  it('keeps its map type in a lone {{ }} (an api body), as the FMC cloud-events fix needs', () => {
    const item = { id: 'c0ffee', type: 'CloudEventsConfig', sendIntrusionEvents: false, sendFileEvents: true };
    const body = renderValue(at('{{ ev.facts.items[0] | combine(fmc_cloud_events) }}'), { ev: { facts: { items: [item] } }, fmc_cloud_events: { sendIntrusionEvents: true } });
    expect(body).toEqual({ ...item, sendIntrusionEvents: true });
  });

  it('keeps a key named __proto__ a plain key', () => {
    const y = JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    const out = ev('a | combine(y)', { a: {}, y }) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
  });

  it('refuses anything but dicts, a non-boolean recursive and an unknown list_merge, naming the filter', () => {
    expect(templateError(() => ev('a | combine(b)', { a: { x: 1 }, b: [1] })).message).toContain('combine expects dicts, got list');
    expect(templateError(() => ev("a | combine(a, recursive='yes')", { a: {} })).message).toContain('combine(recursive=…) must be true or false');
    expect(templateError(() => ev("a | combine(a, list_merge='merge')", { a: {} })).message).toContain("combine(list_merge='merge') is not one of");
  });
});
