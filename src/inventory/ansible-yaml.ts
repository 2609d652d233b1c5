// YAML as Ansible reads it (PyYAML, YAML 1.1): yes/no/on/off booleans, 0-prefixed octals, 0b/0x, sexagesimal
// numbers, floats only with a dot, `<<` merge keys, and the `!vault` and `!unsafe` tags. Timestamps stay text.
import type { ScalarTag, Tags } from 'yaml';
import { parseLocatedYaml, type LocatedYaml, type LocatedYamlOptions } from '../yaml/located-yaml.js';

/** An `!vault |` value: ciphertext in Ansible's vault envelope, decrypted later with the vault secrets. */
export class VaultText {
  constructor(readonly envelope: string) {}
}

const SCALAR_TAGS = new Set(['tag:yaml.org,2002:bool', 'tag:yaml.org,2002:int', 'tag:yaml.org,2002:float', 'tag:yaml.org,2002:timestamp', 'tag:yaml.org,2002:null']);

const num = (s: string): string => s.replace(/_/g, '');

function sexagesimal(s: string): number {
  const sign = s.startsWith('-') ? -1 : 1;
  const parts = s.replace(/^[-+]/, '').split(':');
  let n = 0;
  for (const p of parts) n = n * 60 + Number(num(p));
  return sign * n;
}

function signed(s: string, base: number, prefixLen: number): number {
  const sign = s.startsWith('-') ? -1 : 1;
  const body = num(s.replace(/^[-+]/, '')).slice(prefixLen);
  return sign * Number.parseInt(body === '' ? '0' : body, base);
}

// PyYAML's implicit resolvers (yaml/resolver.py), tried in this order.
const PY_TAGS: ScalarTag[] = [
  { tag: 'tag:yaml.org,2002:null', default: true, test: /^(?:~|null|Null|NULL)?$/, resolve: () => null },
  { tag: 'tag:yaml.org,2002:bool', default: true, test: /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/, resolve: () => true },
  { tag: 'tag:yaml.org,2002:bool', default: true, test: /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/, resolve: () => false },
  { tag: 'tag:yaml.org,2002:int', default: true, test: /^[-+]?0b[0-1_]+$/, resolve: (s) => signed(s, 2, 2) },
  { tag: 'tag:yaml.org,2002:int', default: true, test: /^[-+]?0x[0-9a-fA-F_]+$/, resolve: (s) => signed(s, 16, 2) },
  { tag: 'tag:yaml.org,2002:int', default: true, test: /^[-+]?0[0-7_]+$/, resolve: (s) => signed(s, 8, 1) },
  { tag: 'tag:yaml.org,2002:int', default: true, test: /^[-+]?(?:0|[1-9][0-9_]*)$/, resolve: (s) => Number(num(s)) },
  { tag: 'tag:yaml.org,2002:int', default: true, test: /^[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+$/, resolve: sexagesimal },
  {
    tag: 'tag:yaml.org,2002:float',
    default: true,
    test: /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?)$/,
    resolve: (s) => Number(num(s)),
  },
  { tag: 'tag:yaml.org,2002:float', default: true, test: /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/, resolve: sexagesimal },
  { tag: 'tag:yaml.org,2002:float', default: true, test: /^[-+]?\.(?:inf|Inf|INF)$/, resolve: (s) => (s.startsWith('-') ? -Infinity : Infinity) },
  { tag: 'tag:yaml.org,2002:float', default: true, test: /^\.(?:nan|NaN|NAN)$/, resolve: () => NaN },
  { tag: '!vault', resolve: (s) => new VaultText(s) },
  { tag: '!unsafe', resolve: (s) => s },
];

const customTags = (tags: Tags): Tags => [
  ...PY_TAGS,
  ...tags.filter((t) => typeof t === 'string' || !SCALAR_TAGS.has(t.tag)),
];

/** Ansible's YAML dialect, as options of the located YAML reader. */
export const ANSIBLE_YAML: LocatedYamlOptions = { version: '1.1', merge: true, customTags };

/** Parse YAML text as Ansible does, with positions. */
export function parseAnsibleYaml(text: string, file: string): LocatedYaml {
  return parseLocatedYaml(text, file, ANSIBLE_YAML);
}
