// The CLI's side of a run's outputs: the registry (src/report/registry.ts) makes every output the flags ask
// for; this gives it the process's streams, the colour decision and the stderr line every warning becomes.
import { createRunOutputs, type RunOutputs } from '../report/registry.js';
import type { Redactor } from '../report/redact.js';
import { shouldUseColor } from '../report/style.js';
import type { CommonRunFlags } from './run-flags.js';
import { VERSION } from './version.js';

type OutputFlags = Pick<CommonRunFlags, 'output' | 'verbose' | 'report' | 'reportHtml' | 'junit' | 'evidence'>;

/** The run's outputs, as the flags ask, on stdout/stderr; `hosts` names each host's groups and address. */
export function runOutputs(flags: OutputFlags, redactor: Redactor, hosts: { groupsOf: (host: string) => string[]; addressOf: (host: string) => string }): RunOutputs {
  return createRunOutputs(flags, {
    stdout: process.stdout,
    stderr: process.stderr,
    color: shouldUseColor(process.env, process.stdout.isTTY === true),
    redactor,
    toolVersion: VERSION,
    ...hosts,
    say: (message) => process.stderr.write(`firemend: ${message}\n`),
  });
}
