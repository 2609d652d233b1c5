// The flags `run` and `apply` share: their commander options, their parsed shape, and what they mean for the
// engine (forks, window) and for each host's connection.
import type { Command } from 'commander';
import { Option } from 'commander';
import { UsageError } from '../errors.js';
import { parseWindow, type MaintenanceWindow } from '../engine/window.js';
import type { ConnectionOptions } from '../connections/connection.js';
import type { HostKeyPolicy } from '../connections/ssh/transport.js';

export type OutputKind = 'auto' | 'tty' | 'line' | 'json';

/** The shared flags as commander hands them over (values still text where the user typed them). */
export interface CommonRunFlags {
  forks: string;
  report?: string;
  reportHtml?: string;
  junit?: string;
  evidence?: string;
  output: OutputKind;
  yes?: boolean;
  lock?: string;
  window?: string;
  knownHosts?: string;
  hostKeyPolicy: HostKeyPolicy;
  detailedExitcode?: boolean;
  verbose?: boolean;
}

/** The shared flags' values the engine takes, checked before anything is read. */
export interface RunSettings {
  forks: number;
  window?: MaintenanceWindow;
}

/** Help texts that differ between the commands. */
export interface CommonOptionHelp {
  yes: string;
  detailedExitcode: string;
}

/** Add the shared options to a command, in the order `--help` lists them. */
export function addCommonRunOptions(cmd: Command, help: CommonOptionHelp): Command {
  return cmd
    .option('-f, --forks <n>', 'hosts worked on at once', '20')
    .option('--report <file>', 'write the JSON report (schemas/report.schema.json), also when interrupted')
    .option('--report-html <file>', 'write a self-contained HTML report: root causes, a device × step matrix with filters, per-device details')
    .option('--junit <file>', 'write a JUnit XML report')
    .option('--evidence <dir>', 'per-host before/after outputs, commands, redacted transcript, Markdown summary')
    .addOption(new Option('--output <kind>', 'auto: progress on a TTY, one line per event otherwise; json: JSON lines on stdout').choices(['auto', 'tty', 'line', 'json']).default('auto'))
    .option('--yes', help.yes)
    .option('--lock <file>', 'hold this lock file for the run (default: one per playbook+inventory under $XDG_STATE_HOME/firemend/locks; exit 75 when another run holds it)')
    .option('--window <HH:MM-HH:MM>', 'local-time maintenance window: no fix starts outside it')
    .option('--known-hosts <file>', 'known_hosts file (default ~/.ssh/known_hosts)')
    .addOption(new Option('--host-key-policy <policy>', 'unknown or changed host keys').choices(['strict', 'accept-new', 'off']).default('strict'))
    .option('--detailed-exitcode', help.detailedExitcode)
    .option('-v, --verbose', 'more detail (never secrets)');
}

/** Check and convert --forks and --window; a bad value is a usage error (exit 1) before anything is read. */
export function parseRunSettings(flags: Pick<CommonRunFlags, 'forks' | 'window'>): RunSettings {
  const forks = Number(flags.forks);
  if (!Number.isInteger(forks) || forks < 1) throw new UsageError(`--forks must be a positive integer (got '${flags.forks}')`);
  return flags.window !== undefined ? { forks, window: parseWindow(flags.window) } : { forks };
}

/** The limits every connection of a run gets (the engine sets readOnly from the run's mode). */
export function connectionOptions(): ConnectionOptions {
  return { connectTimeoutMs: 15_000, commandTimeoutMs: 120_000, readOnly: false };
}

/**
 * The connection flags as the vars the SSH kind reads (`--host-key-policy`, `--known-hosts`); they override
 * the host's own vars, as the command line does.
 */
export function connectionFlagVars(flags: Pick<CommonRunFlags, 'knownHosts' | 'hostKeyPolicy'>): Record<string, unknown> {
  return { firemend_host_key_policy: flags.hostKeyPolicy, ...(flags.knownHosts !== undefined ? { firemend_known_hosts: flags.knownHosts } : {}) };
}
