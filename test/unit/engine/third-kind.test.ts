// A third kind of connection needs no engine change: this test defines one (a "local" kind whose hosts are
// in-memory shells), registers it through the registry, validates a playbook against an inventory that uses it,
// and runs the play on it through the real engine: check, fix, verify, register, read-only guard in --check.
import { describe, expect, it } from 'vitest';
import { FiremendError } from '../../../src/errors.js';
import type { Action, ActionPurpose, ActionResult, Connection, ConnectionKind, ConnectionOptions, ResolvedTarget } from '../../../src/connections/connection.js';
import { BUILTIN_KINDS, ConnectionRegistry } from '../../../src/connections/registry.js';
import { parseInventory } from '../../../src/inventory/load-inventory.js';
import { matchHosts } from '../../../src/inventory/host-patterns.js';
import { parsePlaybook } from '../../../src/playbook/load-playbook.js';
import { runPlaybook } from '../../../src/engine/run-playbook.js';
import type { RunMode, RunResult } from '../../../src/engine/results.js';

/** One in-memory host: a file system of one file, `cat` reads it, `write` changes it. */
class LocalKind implements ConnectionKind {
  readonly name = 'local';
  readonly platforms = ['linux'] as const;
  readonly actions = ['command'] as const;
  readonly files = new Map<string, string>();
  readonly sent: [string, string, ActionPurpose][] = [];

  resolveTarget(vars: Record<string, unknown>): ResolvedTarget {
    const name = String(vars['inventory_hostname']);
    return { name, address: `local:${name}`, secrets: [] };
  }

  async open(target: ResolvedTarget, options: ConnectionOptions): Promise<Connection> {
    return {
      run: async (action: Action, purpose: ActionPurpose): Promise<ActionResult> => {
        if (action.kind !== 'command') throw new FiremendError('E_INPUT', `local cannot send ${action.kind}`);
        const write = /^write (\S+)$/.exec(action.command);
        if (options.readOnly && (purpose !== 'check' || write)) throw new FiremendError('E_READ_ONLY', `refused '${action.command}' in check mode`);
        this.sent.push([target.name, action.command, purpose]);
        if (write) {
          this.files.set(target.name, write[1] as string);
          return { output: '', exitStatus: 0, durationMs: 1 };
        }
        return { output: `${this.files.get(target.name) ?? ''}\n`, exitStatus: 0, durationMs: 1 };
      },
      close: async () => undefined,
    };
  }
}

const INVENTORY = 'all:\n  hosts:\n    box1: { ansible_connection: local, firemend_platform: linux }\n    box2: { ansible_connection: local, firemend_platform: linux }\n';
const PLAYBOOK = `
- hosts: all
  vars: { wanted: blue }
  steps:
    - id: colour
      mode: shell
      register: seen
      check:
        command: cat /etc/colour
        expect: { contains: "{{ wanted }}" }
      fix:
        - command: "write {{ wanted }}"
    - id: still-blue
      mode: shell
      check:
        command: cat /etc/colour
        expect: { that: "seen.passed or seen.status == 'changed'" }
`;

async function runOn(kind: LocalKind, mode: RunMode): Promise<RunResult> {
  const registry = new ConnectionRegistry([...BUILTIN_KINDS, kind]);
  const inventory = parseInventory(INVENTORY, 'inv.yml');
  const playbook = await parsePlaybook(PLAYBOOK, 'p.yml', { inventory, registry });
  return runPlaybook({
    playbook,
    inventory: 'inv.yml',
    hostsByPlay: [matchHosts(inventory, 'all')],
    extraVars: {},
    mode,
    connectionFor: (h) => registry.resolve(h.vars, {}),
    connectionOptions: () => ({ connectTimeoutMs: 1000, commandTimeoutMs: 1000, readOnly: false }),
    emit: () => undefined,
    sleep: async () => undefined,
  });
}

describe('a third connection kind, registered in a test', () => {
  it('runs a play through the real engine: check, fix, verify, and the next step reads the register', async () => {
    const kind = new LocalKind();
    kind.files.set('box1', 'red');
    kind.files.set('box2', 'blue');
    const result = await runOn(kind, 'apply');
    expect(result.hosts.map((h) => [h.name, h.address, h.status])).toEqual([
      ['box1', 'local:box1', 'changed'],
      ['box2', 'local:box2', 'ok'],
    ]);
    expect(result.hosts[0]!.steps.map((s) => s.status)).toEqual(['changed', 'ok']);
    expect(kind.files.get('box1')).toBe('blue');
    expect(kind.sent.filter(([h]) => h === 'box1').map(([, c, p]) => `${p}: ${c}`)).toEqual(['check: cat /etc/colour', 'fix: write blue', 'check: cat /etc/colour', 'check: cat /etc/colour']);
  });

  it('opens it read-only in --check, where the engine sends no fix and reports it pending', async () => {
    const kind = new LocalKind();
    kind.files.set('box1', 'red');
    const result = await runOn(kind, 'check');
    expect(result.hosts[0]!.steps[0]).toMatchObject({ status: 'pending', fix: { commands: ['write blue'], sent: false } });
    expect(kind.sent.every(([, , p]) => p === 'check')).toBe(true);
    expect(kind.files.get('box1')).toBe('red');
  });

  it('is refused by validate for an action it cannot run', async () => {
    const registry = new ConnectionRegistry([...BUILTIN_KINDS, new LocalKind()]);
    const inventory = parseInventory(INVENTORY, 'inv.yml');
    await expect(parsePlaybook('- hosts: all\n  steps:\n    - id: r\n      mode: shell\n      check: { command: "true" }\n      fix: [{ reboot: {} }]\n', 'p.yml', { inventory, registry })).rejects.toThrow(
      "p.yml:6:15: step 'r': host 'box1' (ansible_connection local) cannot run 'reboot' actions; it runs command",
    );
  });
});
