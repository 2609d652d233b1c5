// The resolved inventory: every host with its merged vars (Ansible precedence), ready for --limit.
import type { SourcePos } from '../errors.js';

export type Platform = 'ftd' | 'fmc' | 'linux';

/** One host after vars merge. `vars` includes inventory_hostname, group_names and connection vars. */
export interface InventoryHost {
  name: string;
  /** Every group the host belongs to, directly or through a parent (always includes `all`). */
  groups: string[];
  vars: Record<string, unknown>;
  pos: SourcePos;
}

/** A group, with its direct children and direct hosts. */
export interface InventoryGroup {
  name: string;
  children: string[];
  hosts: string[];
  vars: Record<string, unknown>;
  pos: SourcePos;
}

/** A loaded inventory. Host order is file order. */
export interface Inventory {
  path: string;
  sha256: string;
  hosts: InventoryHost[];
  groups: Map<string, InventoryGroup>;
}
