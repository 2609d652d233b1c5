// The connection kinds firemend can use, and how a host's vars choose one (Ansible's `ansible_connection`,
// `ssh` when absent). The engine sees only this file and connection.ts; a kind is registered by importing it
// and adding it to BUILTIN_KINDS, and nothing else changes.
import { UsageError } from '../errors.js';
import type { ActionKind, ConnectionKind, ResolvedTarget } from './connection.js';
import { platformOfVars } from './platforms.js';
import { sshKind } from './ssh/kind.js';
import { httpapiKind } from './httpapi/kind.js';

/** Every kind built in, in the order `validate` names them. */
export const BUILTIN_KINDS: readonly ConnectionKind[] = [
  sshKind,
  httpapiKind,
];

/** `ansible_connection` values Ansible uses for an SSH CLI, all served by the `ssh` kind. */
const ALIASES: Readonly<Record<string, string>> = { network_cli: 'ssh', paramiko: 'ssh', smart: 'ssh', 'ansible.netcommon.network_cli': 'ssh' };

/** A host's connection, resolved once per run: the kind, and the target built from the host's vars. */
export interface ResolvedConnection {
  kind: ConnectionKind;
  target: ResolvedTarget;
}

/** The kinds a run may use; a test may add its own. */
export class ConnectionRegistry {
  constructor(readonly kinds: readonly ConnectionKind[] = BUILTIN_KINDS) {}

  /** The kind named by `ansible_connection` (aliases followed), or undefined for a name no kind has. */
  byName(name: string): ConnectionKind | undefined {
    const wanted = ALIASES[name] ?? name;
    return this.kinds.find((k) => k.name === wanted);
  }

  /** The kind a host's vars choose; a clear error naming the host when no kind fits its connection or platform. */
  kindFor(vars: Record<string, unknown>): ConnectionKind {
    const host = hostName(vars);
    const raw = vars['ansible_connection'];
    const name = raw === undefined || raw === null || raw === '' ? 'ssh' : String(raw);
    const kind = this.byName(name);
    if (!kind) {
      throw new UsageError(`host ${host}: ansible_connection '${name}' is not supported (firemend supports ${this.names().join(', ')})`);
    }
    const platform = platformOfVars(vars);
    if (!kind.platforms.includes(platform)) {
      throw new UsageError(`host ${host}: firemend_platform '${platform}' cannot be reached with ansible_connection '${name}' (it serves ${kind.platforms.join(', ')})`);
    }
    return kind;
  }

  /** The host's kind and its target (throws UsageError naming the host). */
  resolve(vars: Record<string, unknown>, env: Record<string, string | undefined>): ResolvedConnection {
    const kind = this.kindFor(vars);
    return { kind, target: kind.resolveTarget(vars, env) };
  }

  /** The action kinds a host can run, or undefined when its vars choose no kind. */
  actionsFor(vars: Record<string, unknown>): readonly ActionKind[] | undefined {
    try {
      return this.kindFor(vars).actions;
    } catch {
      return undefined;
    }
  }

  /** Every `ansible_connection` value accepted. */
  names(): string[] {
    return [...this.kinds.map((k) => k.name), ...Object.keys(ALIASES).filter((a) => this.byName(a) !== undefined)];
  }
}

function hostName(vars: Record<string, unknown>): string {
  const n = vars['inventory_hostname'] ?? vars['ansible_host'];
  return typeof n === 'string' ? n : '<unnamed>';
}
