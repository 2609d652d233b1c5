// `firemend lab` (not built yet).
import type { Command } from 'commander';
import { notBuilt } from '../not-built.js';

export function registerLab(program: Command): void {
  program
    .command('lab')
    .description('(not built yet)')
    .allowUnknownOption()
    .action(() => notBuilt('lab'));
}
