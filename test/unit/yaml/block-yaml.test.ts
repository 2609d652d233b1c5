// The fast path of the YAML reader (src/yaml/block-yaml.ts) against yaml's composer (composeLocatedYaml): whenever
// it reads a file, the value and every position (at, keyAt, contentAt of every path) are exactly the composer's,
// and the composer found no problem in that file; it reads the inventories firemend writes and meets in practice.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ANSIBLE_YAML } from '../../../src/inventory/ansible-yaml.js';
import { renderInventory } from '../../../src/lab/inventory.js';
import { parseBlockYaml } from '../../../src/yaml/block-yaml.js';
import { composeLocatedYaml, parseLocatedYaml, type JsonPath } from '../../../src/yaml/located-yaml.js';

// Every path of a value, and one child path below each that does not exist (nearest-ancestor lookups).
function paths(value: unknown, prefix: (string | number)[] = [], out: JsonPath[] = []): JsonPath[] {
  out.push(prefix, [...prefix, 'no-such-key']);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...prefix, i], out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out);
  return out;
}

// Whether the fast path reads `text` (ansible: in Ansible's YAML 1.1, as inventories are read; else YAML 1.2
// core, as playbooks are); when it does, its reading must be the composer's, and the composer must find no problem.
function same(text: string, ansible: boolean): boolean {
  const file = 'doc.yml';
  const options = ansible ? ANSIBLE_YAML : {};
  if (parseBlockYaml(text, file, options) === undefined) return false;
  const fast = parseLocatedYaml(text, file, options);
  const slow = composeLocatedYaml(text, file, options);
  expect(slow.diagnostics).toEqual([]);
  expect(fast.diagnostics).toEqual([]);
  expect(fast.fatal).toBe(slow.fatal);
  expect(fast.value).toStrictEqual(slow.value);
  for (const p of paths(slow.value)) {
    expect([p, fast.at(p), fast.keyAt(p), fast.contentAt(p)]).toEqual([p, slow.at(p), slow.keyAt(p), slow.contentAt(p)]);
  }
  return true;
}

function yamlFiles(d: string): string[] {
  return readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? yamlFiles(join(d, e.name)) : /\.ya?ml$/.test(e.name) ? [join(d, e.name)] : []));
}

describe('the fast YAML path', () => {
  it('reads the lab inventory (hosts with faults, HA peers and the FMC) exactly as the composer does', () => {
    const devices = Array.from({ length: 300 }, (_, i) => ({
      name: `ftd-${String(i + 1).padStart(4, '0')}`,
      port: 20000 + i,
      region: (['us', 'eu', 'apj'] as const)[i % 3] as 'us',
      faults: i % 7 === 0 ? ['dns-broken', 'slow'] : [],
      ...(i % 10 < 2 ? { haPeer: `ftd-${String(i % 2 === 0 ? i + 2 : i).padStart(4, '0')}` } : {}),
      curlFlavour: ['8.x', '7.44', '7.29-nss'][i % 3] as string,
    }));
    const text = renderInventory(devices, 'lab-pw: "quoted" #', '127.0.0.1', { port: 4443, caFile: '/tmp/ca dir/ca.pem', region: 'eu', regionNames: { 'us-east-1': 'us', 'eu-central-1': 'eu' } });
    expect(same(text, true)).toBe(true);
  });

  it('reads every YAML file of the repository it takes exactly as the composer does, and takes the plain ones', () => {
    const files = [...yamlFiles('test'), ...yamlFiles('playbooks')];
    const taken: string[] = [];
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      if (same(text, true)) taken.push(f);
      same(text, false);
    }
    expect(taken).toContain(join('test', 'fixtures', 'valid', 'inventory.yml'));
    expect(taken.length).toBeGreaterThan(10);
  });

  it('declines what it does not read (the composer then words the problem)', () => {
    for (const text of [
      'a: 1\na: 2\n', // duplicate key
      'a: &x 1\nb: *x\n', // anchors and aliases
      'a: !vault |\n  $ANSIBLE_VAULT\n', // tags, block scalars
      'a: [1, [2]]\n', // nested flow collections
      'a: {b: 1}\n', // flow maps
      'a: [x: 1]\n', // a pair in a flow list
      'a: "x\\ty"\n', // escapes
      'a: b\n  c\n', // multi-line plain scalar
      'a:\n\t- 1\n', // tabs
      'a: 1\r\nb: 2\r\n', // CR
      '- \n- 1\n', // a null list item
      'a: 1\n---\nb: 2\n', // a second document
      'plain text\n', // not a map or a list
      '  a: 1\n', // indented root
      'a: b: c\n', // a map in a compact value
      '"a\\tb": 1\n', // escapes in keys
      '? a\n: 1\n', // explicit keys
      'a: 1\n b: 2\n', // bad indentation
      '',
    ]) {
      expect(parseBlockYaml(text, 'x.yml')).toBeUndefined();
      expect(parseBlockYaml(text, 'x.yml', ANSIBLE_YAML)).toBeUndefined();
    }
  });

  // Documents yaml writes from random values (both dialects' tricky scalars among them), then each with one character
  // changed: whenever the fast path reads one, it reads it exactly as the composer, which finds nothing wrong.
  const KEY = fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,8}$/);
  const SCALAR = fc.oneof(
    fc.constantFrom('yes', 'No', 'on', 'OFF', 'true', 'null', '~', '', '0x1F', '0o17', '017', '0b101', '1_000', '1:30', '1:30.5', '.inf', '-.Inf', '.nan', '1e3', '1.5e+3', '3.', '-0', '+12', '2001-12-14', 'a #b', 'a#b', "it's", 'say "hi"', 'x: y', '- x', 'http://h:1/p', '@x', '%x', '`x', '[x]', '{x}', 'é ü', 'a  b  ', ' lead'),
    fc.string({ maxLength: 12 }),
    fc.integer(),
    fc.double({ noNaN: true }),
    fc.boolean(),
    fc.constant(null),
  );
  const VALUE = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, SCALAR, tie('list'), tie('map')),
    list: fc.array(tie('value'), { maxLength: 4 }),
    map: fc.dictionary(KEY, tie('value'), { maxKeys: 5 }),
  })).map;
  const DOC = fc.record({ value: VALUE, indent: fc.constantFrom(2, 4), indentSeq: fc.boolean(), marker: fc.boolean(), comments: fc.boolean() }).map(({ value, indent, indentSeq, marker, comments }) => {
    const body = stringify(value, { indent, indentSeq, lineWidth: 0 });
    const withComments = comments ? body.split('\n').map((l, i) => (i % 3 === 1 && !l.includes('#') && !l.includes('"') && !l.includes("'") ? `${l}   # note ${i}` : l)).join('\n') : body;
    return (marker ? '---\n# header\n' : '') + withComments;
  });

  it('reads generated documents exactly as the composer does, and takes most of them', () => {
    let taken = 0;
    let total = 0;
    fc.assert(
      fc.property(DOC, (text) => {
        total++;
        const a = same(text, true);
        const b = same(text, false);
        if (a && b) taken++;
      }),
      { numRuns: 400, seed: 17 },
    );
    expect(taken).toBeGreaterThan(total / 3);
  });

  it('reads documents with one character changed only when the composer reads them the same, without a problem', () => {
    fc.assert(
      fc.property(DOC, fc.nat(), fc.constantFrom(' ', '-', ':', '#', '"', "'", '\n', 'x', '[', '&', '  ', '- ', ': ', '\n  ', '\n- '), fc.boolean(), (text, at, ch, replace) => {
        const i = text.length === 0 ? 0 : at % text.length;
        const mutated = text.slice(0, i) + ch + text.slice(replace ? i + 1 : i);
        same(mutated, true);
        same(mutated, false);
      }),
      { numRuns: 1000, seed: 23 },
    );
  });
});
