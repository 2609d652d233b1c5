// Keys read from input stay data: `__proto__` in an inventory is a variable like any other, on every path that
// copies vars (the YAML readers, vault revealing, group and host merging), and never becomes a prototype.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInventory } from '../../src/inventory/load-inventory.js';
import { setOwnKey } from '../../src/own-key.js';

describe('own keys', () => {
  it('sets __proto__ as an own data property and other keys as assignments do', () => {
    const o: Record<string, unknown> = {};
    setOwnKey(o, '__proto__', { polluted: true });
    setOwnKey(o, 'constructor', 1);
    setOwnKey(o, 'a', 2);
    expect(Object.getPrototypeOf(o)).toBe(Object.prototype);
    expect((o as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.keys(o)).toEqual(['__proto__', 'constructor', 'a']);
    expect(Object.getOwnPropertyDescriptor(o, '__proto__')).toEqual({ value: { polluted: true }, enumerable: true, writable: true, configurable: true });
    expect(Object.getOwnPropertyDescriptor(o, 'a')).toEqual({ value: 2, enumerable: true, writable: true, configurable: true });
  });

  it.each([
    ['plain block YAML (the fast path)', 'all:\n  vars:\n    __proto__:\n      polluted: group\n  hosts:\n    fw1:\n      __proto__:\n        polluted: host\n      ansible_host: 127.0.0.1\n'],
    ['YAML the composer reads (an anchor)', 'all:\n  vars:\n    __proto__: &p\n      polluted: group\n  hosts:\n    fw1:\n      __proto__: {polluted: host}\n      ansible_host: 127.0.0.1\n'],
  ])('keeps an inventory variable named __proto__ as data: %s', async (_, text) => {
    const file = join(mkdtempSync(join(tmpdir(), 'firemend-own-key-')), 'inv.yml');
    writeFileSync(file, text);
    const inv = await loadInventory([file]);
    const vars = inv.hosts.find((h) => h.name === 'fw1')?.vars as Record<string, unknown>;
    expect(Object.getPrototypeOf(vars)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(vars, '__proto__')?.value).toEqual({ polluted: 'host' });
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });
});
