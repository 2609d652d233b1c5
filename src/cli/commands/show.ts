// `firemend show` (not built yet).
import type { Command } from 'commander';
import { notBuilt } from '../not-built.js';

export function registerShow(program: Command): void {
  program
    .command('show')
    .description('(not built yet)')
    .allowUnknownOption()
    .action(() => notBuilt('show'));
}
