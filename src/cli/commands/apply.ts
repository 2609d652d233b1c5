// `firemend apply` (not built yet).
import type { Command } from 'commander';
import { notBuilt } from '../not-built.js';

export function registerApply(program: Command): void {
  program
    .command('apply')
    .description('(not built yet)')
    .allowUnknownOption()
    .action(() => notBuilt('apply'));
}
