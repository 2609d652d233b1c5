import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { loadInventory, parseInventory } from '../../../src/inventory/load-inventory.js';
import type { Inventory } from '../../../src/inventory/model.js';
import { loadPlaybook, parsePlaybook } from '../../../src/playbook/load-playbook.js';
import { resolveHostVars } from '../../../src/playbook/host-vars.js';
import { CHECK_KEYS, COMMAND_ACTION_KEYS, EXPECT_KEYS, PLAY_KEYS, STEP_KEYS } from '../../../src/playbook/raw-playbook.js';
import { renderTemplate, renderValue, evaluateBool } from '../../../src/template/index.js';

const PLAYBOOK = 'test/fixtures/valid/playbook.yml';
let inventory: Inventory;
beforeAll(async () => {
  inventory = await loadInventory('test/fixtures/valid/inventory.yml');
});

async function problems(text: string, opts: { inventory?: Inventory; extraVars?: Record<string, unknown> } = {}): Promise<string[]> {
  try {
    await parsePlaybook(text, 'p.yml', opts);
  } catch (err) {
    if (err instanceof InputError) return err.diagnostics.map((d) => `${d.pos.line}:${d.pos.col}: ${d.message}`);
    throw err;
  }
  return [];
}

describe('loadPlaybook on a valid playbook', () => {
  it('normalizes every key into the model with defaults and units', async () => {
    const pb = await loadPlaybook(PLAYBOOK, { inventory });
    expect(pb.sha256).toMatch(/^[0-9a-f]{64}$/);
    const [play] = pb.plays;
    if (!play) throw new Error('no play');
    expect(play.hosts).toBe('ftd');
    expect(play.serial).toEqual([1, '50%']);
    expect(play.maxFailPercentage).toBe(10);
    expect(play.steps.map((s) => s.id)).toEqual(['dns-configured', 'dns-resolves', 'connector-enabled']);
    const [dns, resolves, connector] = play.steps;
    expect(dns?.check?.timeoutMs).toBe(30_000);
    expect(dns?.check?.parse).toBe('show_network');
    expect(dns?.fix[0]).toMatchObject({ kind: 'command', answers: [{ answer: 'y' }] });
    expect(resolves?.loopVar).toBe('cloud_host');
    expect(resolves?.delayS).toBe(1.5);
    expect(resolves?.dependsOn).toEqual(['dns-configured']);
    expect(resolves?.check?.expect.matches?.[0]?.re.test('Name: x\nAddress: 1.2.3.4\n')).toBe(true);
    expect(connector?.name).toBe('connector-enabled');
    expect(dns?.mode).toBe('clish');
    expect(connector?.mode).toBe('root');
    expect(connector?.fix[0]).toMatchObject({ kind: 'command', mode: 'root', timeoutMs: 60_000 });
    expect(connector?.fix[1]).toMatchObject({ kind: 'reboot', timeoutS: { src: '{{ reboot_timeout }}' } });
    expect(play.varsFiles?.[0]?.path).toBe('test/fixtures/valid/vars/regions.yml');
  });

  it('places each template at the line and column where its text starts', async () => {
    const pb = await loadPlaybook(PLAYBOOK);
    const lines = readFileSync(PLAYBOOK, 'utf8').split('\n');
    const step = pb.plays[0]?.steps[0];
    for (const t of [step?.check?.command, step?.fix[0]?.kind === 'command' ? step.fix[0].command : undefined, step?.check?.expect.that?.[0]]) {
      if (!t) throw new Error('missing template');
      expect(lines[t.pos.line - 1]?.slice(t.pos.col - 1).startsWith(t.src)).toBe(true);
    }
  });

  it('produces templates the template engine renders with the host vars', async () => {
    const pb = await loadPlaybook(PLAYBOOK, { inventory });
    const play = pb.plays[0];
    const host = inventory.hosts.find((h) => h.name === 'ftd-eu-01');
    if (!play || !host) throw new Error('fixture changed');
    const vars = resolveHostVars(host, play, {});
    const fix = play.steps[0]?.fix[0];
    if (fix?.kind !== 'command') throw new Error('expected a command');
    expect(renderTemplate(fix.command, vars)).toBe('configure network dns servers 9.9.9.9');
    const loop = play.steps[1]?.loop;
    if (!loop || Array.isArray(loop)) throw new Error('expected a loop template');
    expect(renderValue(loop, vars)).toEqual(['api.eu.sse.cisco.com']);
    const when = play.steps[2]?.when;
    if (!when) throw new Error('expected when');
    expect(evaluateBool(when, vars)).toBe(true);
  });

  it('lets vars_files override play vars', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'firemend-pb-'));
    await mkdir(join(dir, 'vars'));
    await writeFile(join(dir, 'vars', 'a.yml'), 'region: eu\n');
    await writeFile(join(dir, 'p.yml'), '- hosts: all\n  vars: { region: us, keep: 1 }\n  vars_files: [vars/a.yml]\n  steps:\n    - id: a\n      check: { command: "show {{ region }}" }\n');
    const pb = await loadPlaybook(join(dir, 'p.yml'));
    expect(pb.plays[0]?.vars).toEqual({ region: 'eu', keep: 1 });
  });

  it('reports errors inside a vars file at their own position', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'firemend-pb-'));
    await writeFile(join(dir, 'v.yml'), 'a: 1\nb: [1,\n');
    await writeFile(join(dir, 'p.yml'), '- hosts: all\n  vars_files: [v.yml]\n  steps:\n    - id: a\n      check: { command: show x }\n');
    await expect(loadPlaybook(join(dir, 'p.yml'))).rejects.toThrow(new RegExp(`${join(dir, 'v.yml')}:\\d+:\\d+: YAML syntax error`));
  });
});

describe('vars precedence', () => {
  it('puts play vars below inventory group and host vars, and extra vars above all', () => {
    const inv = parseInventory('all:\n  vars: { a: group, b: group }\n  hosts:\n    h: { b: host }\n', 'i.yml');
    const host = inv.hosts[0];
    if (!host) throw new Error('no host');
    const vars = resolveHostVars(host, { vars: { a: 'play', b: 'play', c: 'play', d: 'play' } }, { d: 'extra' });
    expect(vars).toMatchObject({ a: 'group', b: 'host', c: 'play', d: 'extra', inventory_hostname: 'h' });
  });
});

describe('undefined variables', () => {
  const pb = (tmpl: string, extra = '') => `- hosts: ftd\n${extra}  steps:\n    - id: a\n      check: { command: "${tmpl}" }\n`;

  it('accepts names the inventory defines for some targeted host', async () => {
    expect(await problems(pb('show {{ ha_peer }} {{ ansible_port }}'), { inventory })).toEqual([]);
  });
  it('reports a name nothing defines only when an inventory is given', async () => {
    expect(await problems(pb('show {{ nowhere }}'))).toEqual([]);
    expect(await problems(pb('show {{ nowhere }}'), { inventory })).toEqual([
      "4:34: undefined variable 'nowhere': no play var, vars_file, -e, earlier register or inventory var of hosts 'ftd' defines it",
    ]);
  });
  it('accepts names given with -e and play vars', async () => {
    expect(await problems(pb('show {{ target }} {{ count }}', '  vars: { count: 3 }\n'), { inventory, extraVars: { target: 'x' } })).toEqual([]);
  });
  it('tolerates names guarded by default() or is defined', async () => {
    expect(await problems(pb("show {{ target | default('x') }} {{ 'a' if other is defined else 'b' }}"), { inventory })).toEqual([]);
  });
  it('only considers the hosts the play targets', async () => {
    // ha_peer is set on the ftd_eu hosts only.
    expect(await problems(pb('show {{ ha_peer }}').replace('hosts: ftd', 'hosts: ftd_us'), { inventory })).toHaveLength(1);
  });
  it('knows registered results of earlier steps, also from earlier plays', async () => {
    const text = '- hosts: ftd\n  steps:\n    - id: a\n      register: first\n      check: { command: show x }\n- hosts: ftd\n  steps:\n    - id: b\n      check: { command: "{{ first.output }}" }\n';
    expect(await problems(text, { inventory })).toEqual([]);
  });
  it('allows facts, output and exit_status inside expect.that only', async () => {
    const text = '- hosts: ftd\n  steps:\n    - id: a\n      check:\n        command: show x\n        expect: { that: ["facts.a == 1", "exit_status == 0", "\'x\' in output"] }\n';
    expect(await problems(text, { inventory })).toEqual([]);
  });
});

describe('the schema and the TypeScript types', () => {
  it('name the same keys', () => {
    const schema = JSON.parse(readFileSync('schemas/playbook.schema.json', 'utf8')) as { $defs: Record<string, { properties: Record<string, unknown> }> };
    const keys = (def: string) => Object.keys(schema.$defs[def]?.properties ?? {}).sort();
    expect(keys('play')).toEqual([...PLAY_KEYS].sort());
    expect(keys('step')).toEqual([...STEP_KEYS].sort());
    expect(keys('check')).toEqual([...CHECK_KEYS].sort());
    expect(keys('expect')).toEqual([...EXPECT_KEYS].sort());
    expect(keys('commandAction')).toEqual([...COMMAND_ACTION_KEYS].sort());
  });

  it('documents every property with a description', () => {
    for (const file of ['schemas/playbook.schema.json', 'schemas/inventory.schema.json']) {
      const missing: string[] = [];
      const walk = (node: unknown, path: string): void => {
        if (!node || typeof node !== 'object') return;
        const n = node as Record<string, unknown>;
        if (n.properties && typeof n.properties === 'object') {
          for (const [k, v] of Object.entries(n.properties as Record<string, Record<string, unknown>>)) {
            const ref = typeof v.$ref === 'string' ? (v.$ref.split('/').pop() ?? '') : '';
            const target = ref ? (JSON.parse(readFileSync(file, 'utf8')) as { $defs: Record<string, { description?: string }> }).$defs[ref] : undefined;
            if (typeof v.description !== 'string' && typeof target?.description !== 'string') missing.push(`${path}.${k}`);
          }
        }
        for (const [k, v] of Object.entries(n)) if (k !== 'if') walk(v, `${path}.${k}`);
      };
      walk(JSON.parse(readFileSync(file, 'utf8')), file);
      expect(missing).toEqual([]);
    }
  });
});

describe('read-only checks', () => {
  const pb = (command: string, mode = 'expert') => `- hosts: ftd\n  steps:\n    - id: a\n      mode: ${mode}\n      check: { command: "${command}" }\n`;

  it('judges a check with the -e values it will be rendered with', async () => {
    expect(await problems(pb('echo {{ label }}'))).toEqual([]);
    expect(await problems(pb('echo {{ label }}'), { inventory, extraVars: { label: 'x; pmtool disablebyid SSEConnector' } })).toEqual([
      '5:25: check is not read-only: pmtool disablebyid changes the device: only \'pmtool status\' is read-only; --check would refuse to send it. A check that must change the device says why with not_read_only: "…"',
    ]);
  });
  it('leaves a check only a register decides to the moment it is sent', async () => {
    const text = '- hosts: ftd\n  steps:\n    - id: a\n      mode: root\n      register: r\n      check: { command: pmtool status }\n    - id: b\n      mode: root\n      check: { command: "{{ r.output }}" }\n';
    expect(await problems(text, { inventory })).toEqual([]);
  });
  it('accepts a check declared not_read_only, with its reason', async () => {
    const text = '- hosts: ftd\n  steps:\n    - id: a\n      mode: root\n      check: { command: pmtool restartbyid SSEConnector, not_read_only: "restart to read the start-up log" }\n';
    expect(await problems(text, { inventory })).toEqual([]);
    expect(await problems(text.replace('"restart to read the start-up log"', '" "'), { inventory })).toEqual([
      '5:73: \'not_read_only\' must say why the check is not read-only (a non-empty text) (got " ")',
    ]);
  });
});
