// The resolved inventory: every host with its merged vars (Ansible precedence), ready for --limit.
import type { SourcePos } from '../errors.js';
import type { InventoryData } from './inventory-data.js';

export type { Platform } from '../connections/platforms.js';

/** One host after vars merge. `vars` includes inventory_hostname, group_names and connection vars. */
export interface InventoryHost {
  name: string;
  /** Every group the host belongs to, directly or through a parent (always includes `all`). */
  groups: string[];
  vars: Record<string, unknown>;
  /** The vars as `ansible-inventory --list` shows them: no magic names, no firemend defaults. */
  inventoryVars?: Record<string, unknown>;
  pos: SourcePos;
  /** Values decrypted from vault that this host's vars hold: secrets in every output. */
  secrets?: string[];
}

/** A group, with its direct children and direct hosts. */
export interface InventoryGroup {
  name: string;
  children: string[];
  hosts: string[];
  vars: Record<string, unknown>;
  pos: SourcePos;
}

/** A loaded inventory. Host order is Ansible's order for `all`. */
export interface Inventory {
  /** The sources as given, joined by ','. */
  path: string;
  /** Digest of every inventory file read. */
  sha256: string;
  hosts: InventoryHost[];
  /** Every group with its direct children and hosts. */
  groups: Map<string, InventoryGroup>;
  /** Groups and hosts as Ansible's InventoryData holds them (patterns and --list work on it). */
  data?: InventoryData;
  sources?: string[];
  /** Ansible's warnings (a name that is both a host and a group, skipped keys). */
  warnings?: string[];
  /** Every value decrypted from vault. */
  secrets?: string[];
}
