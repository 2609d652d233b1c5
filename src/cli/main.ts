#!/usr/bin/env node
// Entry point: parse argv, dispatch to one command module, map the outcome to an exit code.
import { Command, CommanderError } from 'commander';
import { exitCodeForError } from './exit-codes.js';
import { keepRunningWhenOutputCloses } from './stdio.js';
import { VERSION } from './version.js';
import { FiremendError } from '../errors.js';

keepRunningWhenOutputCloses();

type Register = (program: Command) => void;

// The commands, in the order `--help` lists them. Each command's module (and what it imports: the engine, ssh2,
// the reporters, the lab …) is loaded only when it can be needed: the command named first on the command line
// alone; none for `--version`; all of them for the program's help, a mistyped command or none.
const COMMANDS: ReadonlyArray<readonly [string, () => Promise<Register>]> = [
  ['run', async () => (await import('./commands/run.js')).registerRun],
  ['apply', async () => (await import('./commands/apply.js')).registerApply],
  ['show', async () => (await import('./commands/show.js')).registerShow],
  ['validate', async () => (await import('./commands/validate.js')).registerValidate],
  ['inventory', async () => (await import('./commands/inventory.js')).registerInventory],
  ['lab', async () => (await import('./commands/lab.js')).registerLab],
  ['runs', async () => (await import('./commands/runs.js')).registerRuns],
];

function commandsNeeded(first: string | undefined): ReadonlyArray<readonly [string, () => Promise<Register>]> {
  if (first === '-V' || first === '--version') return [];
  const named = COMMANDS.filter(([name]) => name === first);
  return named.length > 0 ? named : COMMANDS;
}

const program = new Command()
  .name('firemend')
  .description('Check, fix and verify Cisco Firepower (FTD) fleets over SSH from declarative YAML playbooks.')
  .version(VERSION)
  .exitOverride()
  .showHelpAfterError();

try {
  for (const register of await Promise.all(commandsNeeded(process.argv[2]).map(([, load]) => load()))) register(program);
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
