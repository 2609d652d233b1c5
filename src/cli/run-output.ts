// What a run shows while it goes: the terminal reporter `--output` picks, and the text the live display
// leaves on screen when it ends.
import { join } from 'node:path';
import type { RunResult } from '../engine/results.js';
import { causesOf, formatCauses } from '../report/causes.js';
import { renderCheckPlan } from '../plan/render-plan.js';
import { createJsonReporter } from '../report/json-reporter.js';
import { createLineReporter } from '../report/line-reporter.js';
import { formatRecap } from '../report/recap.js';
import type { Redactor } from '../report/redact.js';
import type { Reporter } from '../report/reporter.js';
import { shouldUseColor } from '../report/style.js';
import { createTtyReporter } from '../report/tty-reporter.js';
import type { CommonRunFlags } from './run-flags.js';

type OutputFlags = Pick<CommonRunFlags, 'output' | 'verbose' | 'report' | 'reportHtml' | 'junit' | 'evidence'>;

/** The reporter for stdout. auto: the live display on a terminal that has a size, one line per event otherwise (pipes, CI logs, cron). */
export function terminalReporter(flags: OutputFlags, redactor: Redactor): Reporter {
  const out = process.stdout;
  const kind = flags.output === 'auto' ? (out.isTTY === true && (out.columns ?? 0) > 0 ? 'tty' : 'line') : flags.output;
  if (kind === 'json') return createJsonReporter({ output: out, redactor });
  if (kind === 'line') return createLineReporter({ output: out, verbose: flags.verbose === true });
  const color = shouldUseColor(process.env, out.isTTY === true);
  return createTtyReporter({ output: out, errorOutput: process.stderr, color, epilogue: (result, exitCode) => runEpilogue(result, exitCode, flags, redactor, color) });
}

// What stays on screen after the live display: the --check plan, the recap, where the files went, the exit code.
function runEpilogue(result: RunResult, exitCode: number, flags: OutputFlags, redactor: Redactor, color: boolean): string {
  const parts: string[] = [];
  if (result.mode === 'check') parts.push(renderCheckPlan(result, { redactor, color }).trimEnd(), '');
  // Causes before the recap: "how many distinct problems, which devices" is the first question after a run.
  parts.push(...formatCauses(causesOf(result), 20), '');
  parts.push(formatRecap(result).trimEnd(), '');
  parts.push(flags.report !== undefined ? `report: ${flags.report}` : 'report: not written (--report FILE.json keeps one)');
  if (flags.reportHtml !== undefined) parts.push(`HTML report: ${flags.reportHtml}`);
  if (flags.junit !== undefined) parts.push(`JUnit: ${flags.junit}`);
  if (flags.evidence !== undefined) parts.push(`evidence: ${join(flags.evidence, 'SUMMARY.md')}`);
  parts.push(`exit code ${exitCode}`);
  return redactor.redact(parts.join('\n'));
}
