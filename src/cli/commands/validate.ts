// `firemend validate PLAYBOOK… [-i INVENTORY] [-e …]`: every schema and semantic problem of every file,
// each as `file:line:col: message`; nothing is contacted.
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { formatPos, InputError } from '../../errors.js';
import type { Diagnostic } from '../../errors.js';
import type { Inventory } from '../../inventory/model.js';
import { loadPlaybook } from '../../playbook/load-playbook.js';
import { EXIT } from '../exit-codes.js';
import { collectRepeatable, parseExtraVars } from '../extra-vars.js';
import { addInventoryOptions, loadInventoryFromFlags, type InventoryFlags } from '../inventory-flags.js';

interface ValidateOptions extends InventoryFlags {
  extraVars?: string[];
}

/** Register the `validate` command. */
export function registerValidate(program: Command): void {
  const cmd = program
    .command('validate')
    .description('check playbooks (schema and semantics, and against an inventory with -i) without contacting any device')
    .argument('<playbook...>', 'playbook files');
  addInventoryOptions(cmd, 'inventory (repeatable): also check host patterns, modes and variable names against it')
    .option('-e, --extra-vars <vars>', 'extra vars (k=v, @file.yml, or JSON); repeatable', collectRepeatable, [])
    .action(async (playbooks: string[], opts: ValidateOptions) => {
      const problems: Diagnostic[] = [];
      const extraVars = await parseExtraVars(opts.extraVars ?? []);
      let inventory: Inventory | undefined;
      if (opts.inventory && opts.inventory.length > 0) {
        try {
          inventory = await loadInventoryFromFlags(opts, 'validate', playbooks[0] !== undefined ? { playbookDir: dirname(playbooks[0]) } : {});
          process.stdout.write(`ok ${inventory.path} (${inventory.hosts.length} hosts, ${inventory.groups.size} groups)\n`);
        } catch (err) {
          if (!(err instanceof InputError)) throw err;
          problems.push(...err.diagnostics);
        }
      }
      for (const file of playbooks) {
        try {
          const pb = await loadPlaybook(file, { ...(inventory ? { inventory } : {}), extraVars });
          const steps = pb.plays.reduce((n, p) => n + p.steps.length, 0);
          process.stdout.write(`ok ${file} (${pb.plays.length} ${pb.plays.length === 1 ? 'play' : 'plays'}, ${steps} ${steps === 1 ? 'step' : 'steps'})\n`);
        } catch (err) {
          if (!(err instanceof InputError)) throw err;
          problems.push(...err.diagnostics);
        }
      }
      for (const d of problems) process.stderr.write(`${formatPos(d.pos)}: ${d.message}\n`);
      if (problems.length > 0) {
        process.stderr.write(`${problems.length} ${problems.length === 1 ? 'problem' : 'problems'} found\n`);
        process.exitCode = EXIT.INPUT;
      }
    });
}
