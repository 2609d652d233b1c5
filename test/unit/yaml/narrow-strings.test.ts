import { serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { hasWideChars, narrowString, narrowValues } from '../../../src/yaml/narrow-strings.js';
import { composeLocatedYaml, parseLocatedYaml } from '../../../src/yaml/located-yaml.js';
import { loadVarsFile } from '../../../src/yaml/vars-file.js';
import { parseInventory } from '../../../src/inventory/load-inventory.js';

// How V8 stores a string, read from its structured-clone form: '"' (0x22) one byte per character, 'c' (0x63) two.
const ONE_BYTE = 0x22;
const TWO_BYTE = 0x63;
const storage = (s: string): number => serialize(s)[2] as number;

// A two-byte copy of ASCII text: sliced out of a text holding a wide character, as a decoded file's values are.
const wideSlice = (s: string): string => `日${s}`.slice(1);

describe('narrowString', () => {
  it('stores ASCII and Latin-1 text sliced from a wide text one byte per character, unchanged', () => {
    for (const text of ['ftd-0001', 'curl -v -m 10 https://api-sse.cisco.com', 'café déjà', '']) {
      const wide = wideSlice(text);
      if (text !== '') expect(storage(wide)).toBe(TWO_BYTE);
      const narrow = narrowString(wide);
      expect(narrow).toBe(text);
      expect(storage(narrow)).toBe(ONE_BYTE);
    }
  });

  it('leaves text with a character past U+00FF as it is', () => {
    const text = wideSlice('接続 – ok');
    expect(hasWideChars(text)).toBe(true);
    expect(narrowString(text)).toBe(text);
    expect(storage(narrowString(text))).toBe(TWO_BYTE);
  });
});

describe('narrowValues', () => {
  it('narrows every string value in place, keeps keys, own __proto__ keys, shared values and non-strings', () => {
    const shared = { k: wideSlice('shared-value') };
    const input = JSON.parse('{"__proto__": {"x": "y"}}') as Record<string, unknown>;
    input.hosts = { 'ftd-0001': { port: 22, up: true, none: null, list: [wideSlice('a-long-item'), 3] } };
    input.a = shared;
    input.b = shared;
    input.wide = wideSlice('日本');
    const before = structuredClone(input);
    const out = narrowValues(input);
    expect(out).toBe(input);
    expect(out).toEqual(before);
    expect(Object.keys(out)).toEqual(Object.keys(before));
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(out, '__proto__')).toBe(true);
    expect(out.a).toBe(out.b);
    expect(storage((out.hosts as Record<string, { list: string[] }>)['ftd-0001']?.list[0] as string)).toBe(ONE_BYTE);
    expect(storage(shared.k)).toBe(ONE_BYTE);
    expect(storage(out.wide as string)).toBe(TWO_BYTE);
  });
});

describe('files with a wide character', () => {
  const yaml = '# 接続を確認する (a comment in Japanese)\nsse_hosts:\n  - api-sse.cisco.com\n  - est.sco.cisco.com\nregion: us\n';

  it('give one-byte values from both YAML paths (fast path and composer), where the composer alone gives two-byte ones', () => {
    const composed = composeLocatedYaml(yaml, 'v.yml').value as { sse_hosts: string[] };
    expect(storage(composed.sse_hosts[0] as string)).toBe(TWO_BYTE);
    const flow = parseLocatedYaml(`${yaml}flow: [a-long-flow-item]\n`, 'v.yml').value as { sse_hosts: string[]; flow: string[] };
    const block = parseLocatedYaml(yaml, 'v.yml').value as { sse_hosts: string[]; region: string };
    for (const s of [...block.sse_hosts, block.region, ...flow.sse_hosts, ...flow.flow]) expect(storage(s)).toBe(ONE_BYTE);
    // Keys too: unique names, so no other test interned a two-byte copy of them first.
    const keyed = parseLocatedYaml('# 東京\nkey_only_in_narrow_test_a: 1\n', 'k.yml').value as object;
    const keyedFlow = parseLocatedYaml('# 東京\n{key_only_in_narrow_test_b: 1}\n', 'k.yml').value as object;
    for (const k of [...Object.keys(keyed), ...Object.keys(keyedFlow)]) expect(storage(k)).toBe(ONE_BYTE);
    expect(block).toEqual(composed);
  });

  it('the shipped vars/regions.yml (Japanese in a comment) loads one-byte values', () => {
    const { vars, diagnostics } = loadVarsFile('playbooks/vars/regions.yml');
    expect(diagnostics).toEqual([]);
    const strings = collect(vars);
    expect(strings.length).toBeGreaterThan(20);
    for (const s of strings) expect(storage(s)).toBe(ONE_BYTE);
  });

  it('an INI inventory keeps host names and values one-byte', () => {
    const inv = parseInventory('; 東京のファイアウォール\n[ftd]\nftd-tokyo-01 ansible_host=192.0.2.10 sse_region=apj\n', 'hosts.ini');
    const h = inv.hosts[0];
    expect(h?.name).toBe('ftd-tokyo-01');
    expect(storage(h?.name as string)).toBe(ONE_BYTE);
    expect(storage(h?.vars.sse_region as string)).toBe(ONE_BYTE);
  });
});

function collect(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) collect(v, out);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) collect(v, collect(k, out));
  return out;
}
