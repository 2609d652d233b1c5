// `firemend validate` (not built yet).
import type { Command } from 'commander';
import { notBuilt } from '../not-built.js';

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('(not built yet)')
    .allowUnknownOption()
    .action(() => notBuilt('validate'));
}
