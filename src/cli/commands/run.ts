// `firemend run` (not built yet).
import type { Command } from 'commander';
import { notBuilt } from '../not-built.js';

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('(not built yet)')
    .allowUnknownOption()
    .action(() => notBuilt('run'));
}
