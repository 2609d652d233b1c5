#!/usr/bin/env node
// Entry point: parse argv, dispatch to one command module, map the outcome to an exit code.
import { Command, CommanderError } from 'commander';
import { registerApply } from './commands/apply.js';
import { registerInventory } from './commands/inventory.js';
import { registerLab } from './commands/lab.js';
import { registerRun } from './commands/run.js';
import { registerRuns } from './commands/runs.js';
import { registerShow } from './commands/show.js';
import { registerValidate } from './commands/validate.js';
import { exitCodeForError } from './exit-codes.js';
import { keepRunningWhenOutputCloses } from './stdio.js';
import { VERSION } from './version.js';
import { FiremendError } from '../errors.js';

keepRunningWhenOutputCloses();

const program = new Command()
  .name('firemend')
  .description('Check, fix and verify Cisco Firepower (FTD) fleets over SSH from declarative YAML playbooks.')
  .version(VERSION)
  .exitOverride()
  .showHelpAfterError();

registerRun(program);
registerApply(program);
registerShow(program);
registerValidate(program);
registerInventory(program);
registerLab(program);
registerRuns(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    // --help / --version exit 0; usage errors exit 1 (commander already printed the message).
    process.exitCode = err.exitCode === 0 ? 0 : 1;
  } else {
    const message = err instanceof FiremendError ? `firemend: ${err.message}` : `firemend: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`;
    process.stderr.write(message + '\n');
    process.exitCode = exitCodeForError(err);
  }
}
