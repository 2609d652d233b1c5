// `firemend inventory` (not built yet).
import type { Command } from 'commander';
import { notBuilt } from '../not-built.js';

export function registerInventory(program: Command): void {
  program
    .command('inventory')
    .description('(not built yet)')
    .allowUnknownOption()
    .action(() => notBuilt('inventory'));
}
