// `firemend inventory -i INV [--limit P] [--list] [-e …]`: the resolved hosts with merged vars as JSON,
// secrets redacted.
import type { Command } from 'commander';
import { ansibleListJson, hostListJson } from '../../inventory/inventory-json.js';
import { createRedactor } from '../../report/redact.js';
import { collectRepeatable, parseExtraVars } from '../extra-vars.js';
import { addInventoryOptions, loadInventoryFromFlags, type InventoryFlags } from '../inventory-flags.js';
import { selectLimit } from '../limit.js';
import { runSecrets } from '../run-secrets.js';

interface InventoryOptions extends InventoryFlags {
  limit?: string;
  list?: boolean;
  extraVars?: string[];
}

/** Register the `inventory` command. */
export function registerInventory(program: Command): void {
  const cmd = program.command('inventory').description('print the resolved hosts with their merged vars as JSON (secrets redacted)');
  addInventoryOptions(cmd)
    .option('-l, --limit <pattern>', 'host pattern (a:b, a:&b, a:!b, globs, ~regex, @file)')
    .option('--list', "Ansible's --list shape: {_meta: {hostvars}, group: {hosts, children}}")
    .option('-e, --extra-vars <vars>', 'extra vars (k=v, @file.yml, or JSON); repeatable, shown merged over the inventory', collectRepeatable, [])
    .action(async (opts: InventoryOptions) => {
      const inv = await loadInventoryFromFlags(opts, 'inventory');
      const extraVars = await parseExtraVars(opts.extraVars ?? []);
      const hosts = opts.limit !== undefined ? await selectLimit(inv, opts.limit) : inv.hosts;
      // The same redaction as a run's output: secret-named keys, and any secret value wherever it appears.
      const redactor = createRedactor(runSecrets({ hosts, targets: new Map(), extraVars }));
      const json = redactor.redactDeep(opts.list ? ansibleListJson(inv, hosts, extraVars) : hostListJson(hosts, extraVars));
      process.stdout.write(JSON.stringify(json, null, 2) + '\n');
    });
}
