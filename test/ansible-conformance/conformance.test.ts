// Every case under cases/ against ansible-core's recorded answers (record.py): the `ansible-inventory --list`
// structure and host vars, the hosts of each pattern in Ansible's order, the rendered/decrypted vars of
// `debug`, and the host/group clash warning. Deliberate differences are listed in DIFFERENCES below and in the
// README's "Differences from Ansible".
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { matchHosts, PatternError } from '../../src/inventory/host-patterns.js';
import { ansibleListJson } from '../../src/inventory/inventory-json.js';
import { loadInventory } from '../../src/inventory/load-inventory.js';
import { REDACTED } from '../../src/secrets.js';
import { renderInventoryVars } from '../../src/inventory/render-vars.js';
import { parseVaultId, readPasswordFile } from '../../src/vault/secrets.js';

const ROOT = join(import.meta.dirname, 'cases');

interface Spec {
  inventories: string[];
  patterns: string[];
  vault?: string[];
  debug?: string[];
}
interface Expected {
  list: Record<string, unknown> & { _meta: { hostvars: Record<string, Record<string, unknown>> } };
  patterns: Record<string, { hosts: string[] | null; error?: string }>;
  debug: Record<string, Record<string, unknown>>;
  warnings: string[];
}

// Ansible shows a vaulted value as {__ansible_vault: …}; firemend shows every decrypted value as <redacted>.
function vaultAsRedacted(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(vaultAsRedacted);
  if (v !== null && typeof v === 'object') {
    if ('__ansible_vault' in v) return REDACTED;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, vaultAsRedacted(x)]));
  }
  return v;
}

async function load(dir: string, spec: Spec) {
  const vault = await Promise.all((spec.vault ?? []).map((v) => parseVaultId(v)).map(({ id, source }) => readPasswordFile(join(dir, source), id)));
  const sources = spec.inventories.map((i) => (i.includes(',') ? i : join(dir, i)));
  return loadInventory(sources, { vault });
}

// Host vars Ansible adds that firemend does not show under _meta: inventory_file/inventory_dir are stripped by
// ansible-inventory too; paths differ because firemend names sources as given.
const cases = readdirSync(ROOT).sort();

// Not equal to Ansible (each runs with it.fails, so it turns red the day it conforms and must move out of this
// list). Vault cases differ on purpose in --list: firemend shows every decrypted value as <redacted>, also the
// values of a whole vault-encrypted file, which ansible-inventory prints in clear. patterns-2/patterns-5: the
// order of `all` below the first level of groups follows Python object addresses in ansible-core
// (Group._walk_relationship iterates identity-hashed sets), which firemend does not imitate: it keeps definition
// order.
const NOT_YET: ReadonlySet<string> = new Set([
  'patterns-2: all:!maintenance',
  'patterns-5: all[-1]',
  'patterns-5: all[3:5]',
  'vault-file: list',
  'vault-group-vars-id: list',
  'vault-values: list',
]);
const check = (key: string): typeof it.fails => (NOT_YET.has(key) ? it.fails : it);

describe('ansible-core conformance', () => {
  it('has at least 60 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
  });
  for (const name of cases) {
    const dir = join(ROOT, name);
    const spec = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as Spec;
    const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected;
    describe(name, () => {
      check(`${name}: list`)('resolves groups and host vars as ansible-inventory --list', async () => {
        const inv = await load(dir, spec);
        const ours = ansibleListJson(inv, inv.hosts);
        expect(JSON.parse(JSON.stringify(ours))).toEqual(vaultAsRedacted(expected.list));
      });
      for (const [pattern, answer] of Object.entries(expected.patterns)) {
        check(`${name}: ${pattern}`)(`selects ${pattern} as ansible --list-hosts`, async () => {
          const inv = await load(dir, spec);
          if (answer.hosts === null) {
            expect(() => matchHosts(inv, pattern)).toThrow(PatternError);
            return;
          }
          // Deliberate difference: a term naming no host or group is an error here, a warning in Ansible.
          if (answer.hosts.length === 0) {
            let got: string[] | Error;
            try {
              got = matchHosts(inv, pattern).map((h) => h.name);
            } catch (err) {
              got = err as Error;
            }
            if (got instanceof Error) expect(got.message).toMatch(/matches no host or group/);
            else expect(got).toEqual([]);
            return;
          }
          expect(matchHosts(inv, pattern).map((h) => h.name)).toEqual(answer.hosts);
        });
      }
      if (Object.keys(expected.debug).length > 0) {
        it('renders and decrypts vars as debug shows them', async () => {
          const inv = await load(dir, spec);
          for (const [v, byHost] of Object.entries(expected.debug)) {
            for (const h of inv.hosts) {
              const want = byHost[h.name];
              const got = renderInventoryVars(h).vars[v];
              expect(got ?? 'VARIABLE IS NOT DEFINED!', `${h.name} ${v}`).toEqual(want);
            }
          }
        });
      }
      check(`${name}: warnings`)('warns about host/group name clashes as Ansible', async () => {
        const inv = await load(dir, spec);
        expect([...new Set(inv.warnings)].sort()).toEqual(expected.warnings);
      });
    });
  }
});
