// The inventory flags `run`, `apply`, `validate` and `inventory` share: `-i` (repeatable, merged in order) and
// the vault password sources (--vault-password-file, --vault-id, --ask-vault-pass, ANSIBLE_VAULT_PASSWORD_FILE).
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { loadInventory, type LoadOptions } from '../inventory/load-inventory.js';
import type { Inventory } from '../inventory/model.js';
import { parseVaultId, readPasswordFile } from '../vault/secrets.js';
import type { VaultSecret } from '../vault/vault.js';
import { collectRepeatable } from './extra-vars.js';

export interface InventoryFlags {
  inventory?: string[];
  vaultPasswordFile?: string[];
  vaultId?: string[];
  askVaultPass?: boolean;
}

/** Add `-i` and the vault options to a command. */
export function addInventoryOptions(cmd: Command, help = 'inventory: a file (YAML, INI, JSON, script), a directory or host1,host2, ; repeatable, merged in order'): Command {
  return cmd
    .option('-i, --inventory <source>', help, collectRepeatable, [])
    .option('--vault-password-file <file>', 'vault password file (run when executable); repeatable', collectRepeatable, [])
    .option('--vault-id <[id@]source>', "vault id and password source (a file, or 'prompt'); repeatable", collectRepeatable, [])
    .option('--ask-vault-pass', 'ask for the vault password on the terminal');
}

// Read a password from the terminal without echo.
async function promptPassword(label: string): Promise<Buffer> {
  const stdin = process.stdin;
  if (!stdin.isTTY) throw new UsageError('--ask-vault-pass needs a terminal; use --vault-password-file in scripts');
  process.stderr.write(label);
  stdin.setRawMode(true);
  stdin.resume();
  const chars: number[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const onData = (buf: Buffer): void => {
        for (const b of buf) {
          if (b === 0x0d || b === 0x0a) {
            stdin.off('data', onData);
            resolve();
            return;
          }
          if (b === 0x03) {
            stdin.off('data', onData);
            reject(new UsageError('vault password prompt interrupted'));
            return;
          }
          if (b === 0x7f) chars.pop();
          else chars.push(b);
        }
      };
      stdin.on('data', onData);
    });
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
    process.stderr.write('\n');
  }
  return Buffer.from(chars);
}

/** The vault secrets the flags and the environment name, in Ansible's order: --vault-id, --vault-password-file, --ask-vault-pass, then ANSIBLE_VAULT_PASSWORD_FILE. */
export async function vaultSecrets(flags: InventoryFlags): Promise<VaultSecret[]> {
  const out: VaultSecret[] = [];
  for (const spec of flags.vaultId ?? []) {
    const { id, source } = parseVaultId(spec);
    out.push(source === 'prompt' ? { id, password: await promptPassword(`Vault password (${id}): `) } : await readPasswordFile(source, id));
  }
  for (const f of flags.vaultPasswordFile ?? []) out.push(await readPasswordFile(f, 'default'));
  if (flags.askVaultPass) out.push({ id: 'default', password: await promptPassword('Vault password: ') });
  const envFile = process.env.ANSIBLE_VAULT_PASSWORD_FILE;
  if (out.length === 0 && envFile !== undefined && envFile !== '') out.push(await readPasswordFile(envFile, 'default'));
  return out;
}

/** Load the inventory the flags name; Ansible's warnings go to stderr. */
export async function loadInventoryFromFlags(flags: InventoryFlags, command: string, opts: Omit<LoadOptions, 'vault'> = {}): Promise<Inventory> {
  const sources = flags.inventory ?? [];
  if (sources.length === 0) throw new UsageError(`firemend ${command} needs -i INVENTORY`);
  const inv = await loadInventory(sources, { ...opts, vault: await vaultSecrets(flags), env: process.env });
  for (const w of inv.warnings ?? []) process.stderr.write(`firemend: warning: ${w}\n`);
  return inv;
}
