// `api:` checks and fixes in the loader: the schema's shape, the model, and validate's rules (a check is command
// XOR api, only GET is read-only, actions must fit the play's hosts' connection kind, connection vars are known).
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { parseInventory } from '../../../src/inventory/load-inventory.js';
import type { Inventory } from '../../../src/inventory/model.js';
import { parsePlaybook } from '../../../src/playbook/load-playbook.js';
import { BUILTIN_KINDS, ConnectionRegistry } from '../../../src/connections/registry.js';
import { API_ACTION_KEYS, API_KEYS } from '../../../src/playbook/raw-playbook.js';
import { FakeApiKind } from '../../helpers/fake-api-kind.js';
import { readFileSync } from 'node:fs';

const registry = new ConnectionRegistry([...BUILTIN_KINDS, new FakeApiKind()]);
const inventory: Inventory = parseInventory(
  `all:
  children:
    ftd: { hosts: { fw1: { ansible_host: 10.0.0.1 } } }
    fmc: { hosts: { fmc1: { ansible_host: 10.0.0.9, ansible_connection: httpapi, firemend_platform: fmc } } }
`,
  'inv.yml',
);

async function problems(text: string, withInventory = true): Promise<string[]> {
  try {
    await parsePlaybook(text, 'p.yml', { registry, ...(withInventory ? { inventory } : {}) });
  } catch (err) {
    if (err instanceof InputError) return err.diagnostics.map((d) => `${d.pos.line}:${d.pos.col}: ${d.message}`);
    throw err;
  }
  return [];
}

const GET = 'api: { path: "/api/fmc_config/v1/domain/{{ fmc_domain_uuid }}/devices/devicerecords", query: { expanded: true, limit: 1000 } }';

describe('api steps', () => {
  it('loads a GET check and a PUT fix into the model, method defaulting to GET, body leaves as located templates', async () => {
    const pb = await parsePlaybook(
      `- hosts: fmc
  steps:
    - id: s
      register: ev
      check:
        ${GET}
        expect: { that: "facts.status == 200" }
      fix:
        - api:
            method: PUT
            path: "/api/x/{{ ev.facts.items[0].id }}"
            body: { type: CloudEventsConfig, flags: ["{{ fmc_domain_uuid }}", 3, true, null] }
          timeout: 20
`,
      'p.yml',
      { registry, inventory },
    );
    const step = pb.plays[0]!.steps[0]!;
    expect(step.check?.command).toBeUndefined();
    expect(step.check?.api?.method).toBe('GET');
    expect(step.check?.api?.query.map(([k, t]) => [k, t.src])).toEqual([
      ['expanded', 'true'],
      ['limit', '1000'],
    ]);
    const fix = step.fix[0]!;
    expect(fix.kind).toBe('api');
    if (fix.kind !== 'api') throw new Error('not api');
    expect(fix.timeoutMs).toBe(20_000);
    expect(fix.api.body).toEqual({
      kind: 'map',
      entries: [
        ['type', { kind: 'template', tmpl: { src: 'CloudEventsConfig', pos: { file: 'p.yml', line: 12, col: 27 } } }],
        [
          'flags',
          {
            kind: 'list',
            items: [
              { kind: 'template', tmpl: { src: '{{ fmc_domain_uuid }}', pos: { file: 'p.yml', line: 12, col: 55 } } },
              { kind: 'scalar', value: 3 },
              { kind: 'scalar', value: true },
              { kind: 'scalar', value: null },
            ],
          },
        ],
      ],
    });
  });

  it("knows the connection vars of the hosts' kind, and the step's own register in its fix", async () => {
    expect(await problems(`- hosts: fmc\n  steps:\n    - id: s\n      register: ev\n      check:\n        ${GET}\n      fix:\n        - api: { method: PUT, path: "/api/x/{{ ev.facts.items[0].id }}" }\n`)).toEqual([]);
    // On ssh hosts nothing supplies fmc_domain_uuid.
    expect(await problems(`- hosts: ftd\n  steps:\n    - id: s\n      remedy: "{{ fmc_domain_uuid }}"\n`)).toEqual([
      "4:19: undefined variable 'fmc_domain_uuid': no play var, vars_file, -e, earlier register or inventory var of hosts 'ftd' defines it",
    ]);
  });

  it('refuses a check that is not a GET unless it says why, as for commands', async () => {
    expect(await problems(`- hosts: fmc\n  steps:\n    - id: s\n      check:\n        api: { method: POST, path: /api/x }\n`)).toEqual([
      '5:24: check is not read-only: method POST may change the device (only GET is read-only); --check would refuse to send it. A check that must change the device says why with not_read_only: "…"',
    ]);
    expect(await problems(`- hosts: fmc\n  steps:\n    - id: s\n      check:\n        api: { method: POST, path: /api/x }\n        not_read_only: the probe creates a task\n`)).toEqual([]);
  });

  it('refuses a check with both command and api, neither, a path outside /api/ and an unknown method', async () => {
    expect(await problems(`- hosts: fmc\n  steps:\n    - id: s\n      check:\n        command: show version\n        api: { path: /api/x }\n`, false)).toEqual([
      "6:9: step 's': a check has either 'command' or 'api', not both",
    ]);
    expect(await problems(`- hosts: fmc\n  steps:\n    - id: s\n      check: { parse: show_version }\n`, false)).toEqual(["4:14: 'check' is missing required key 'command'"]);
    const bad = await problems(`- hosts: fmc\n  steps:\n    - id: s\n      check:\n        api: { method: PATCH, path: /fmc/x }\n`, false);
    expect(bad.join('\n')).toMatch(/^5:24: 'method' must be one of GET, POST, PUT, DELETE/);
    expect(bad).toHaveLength(2);
    expect(bad.join('\n')).toMatch(/5:37: 'path' must start with \/api\//);
  });

  it('refuses, with -i, actions the play hosts connection kind cannot run', async () => {
    expect(await problems(`- hosts: ftd\n  steps:\n    - id: s\n      check:\n        api: { path: /api/x }\n`)).toEqual([
      "5:9: step 's': host 'fw1' (ansible_connection ssh) cannot run 'api' actions; it runs command, reboot",
    ]);
    expect(await problems(`- hosts: fmc\n  steps:\n    - id: s\n      check: { command: show version }\n      fix:\n        - reboot: {}\n`)).toEqual([
      "4:16: step 's': host 'fmc1' (ansible_connection httpapi) cannot run 'command' actions; it runs api",
      "6:11: step 's': host 'fmc1' (ansible_connection httpapi) cannot run 'reboot' actions; it runs api",
    ]);
  });

  it('refuses, with -i, a host whose connection no kind serves, at the play hosts', async () => {
    const inv = parseInventory('all:\n  hosts:\n    odd: { ansible_connection: winrm }\n', 'inv2.yml');
    await expect(parsePlaybook('- hosts: all\n  steps:\n    - id: s\n      remedy: call someone\n', 'p.yml', { registry, inventory: inv })).rejects.toThrow(/p.yml:1:10: host odd: ansible_connection 'winrm' is not supported/);
  });

  it('keeps the api keys of the TypeScript raw types and the schema in step', () => {
    const schema = JSON.parse(readFileSync('schemas/playbook.schema.json', 'utf8')) as { $defs: Record<string, { properties: Record<string, unknown> }> };
    expect(Object.keys(schema.$defs['api']!.properties).sort()).toEqual([...API_KEYS].sort());
    expect(Object.keys(schema.$defs['apiAction']!.properties).sort()).toEqual([...API_ACTION_KEYS].sort());
  });
});
