// Every output of a run is a reporter, made here from one list (as Playwright's reporters): the evidence folder,
// what goes to stdout (the live display, one line per event, or JSON lines), JUnit, the JSON report and the HTML
// report. They all sit behind the one ReporterMux, which redacts what they get and isolates each failure: a
// reporter that throws is disabled with a warning and the run goes on, and one whose file cannot be written is
// named in the run's outputs not written (exit 74). The list's order is the order they get events, write their
// files after the run (JUnit, then the report, which carries the final exit code) and finish.
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import type { RunResult } from '../engine/results.js';
import { UsageError } from '../errors.js';
import { renderCheckPlan } from '../plan/render-plan.js';
import { causesOf, formatCauses } from './causes.js';
import { EvidenceWriter, evidenceRunDir, type TranscriptDirection } from './evidence.js';
import { renderHtmlReport, writeHtmlReport } from './html-report.js';
import { htmlViewOfReport } from './html-view.js';
import { createJsonReporter } from './json-reporter.js';
import { writeJunit } from './junit.js';
import { createLineReporter } from './line-reporter.js';
import { formatRecap } from './recap.js';
import type { Redactor } from './redact.js';
import { buildReport, writeReport } from './report-json.js';
import { ReporterMux, type Reporter, type RunEnd } from './reporter.js';
import { RunSnapshot } from './run-snapshot.js';
import { createTtyReporter } from './tty-reporter.js';

/** The choices of `--output`: auto picks tty on a terminal that has a size, line otherwise (pipes, CI logs, cron). */
export const STDOUT_OUTPUTS = ['auto', 'tty', 'line', 'json'] as const;
export type StdoutOutput = (typeof STDOUT_OUTPUTS)[number];

/** What the run was asked to write. */
export interface OutputRequest {
  output: StdoutOutput;
  verbose?: boolean;
  report?: string;
  reportHtml?: string;
  junit?: string;
  evidence?: string;
}

/** Where outputs go and what they need from the run; the CLI gives its streams. */
export interface OutputEnv {
  stdout: Writable & { isTTY?: boolean; columns?: number };
  stderr: Writable;
  /** Colours for the live display (the CLI decides: NO_COLOR, FORCE_COLOR, a terminal). */
  color: boolean;
  redactor: Redactor;
  toolVersion: string;
  /** A host's inventory groups (the HTML report's filter). */
  groupsOf: (host: string) => string[];
  /** Where a host that never started would have been reached, for a report written on a second signal. */
  addressOf: (host: string) => string;
  /** A line for the person running firemend (stderr), and every warning of the mux. */
  say: (message: string) => void;
}

/** A file or folder an output writes, checked before any device is contacted (the CLI's output-paths.ts). */
export interface RequestedPath {
  /** The flag that named it, for messages (`--report`). */
  flag: string;
  path: string;
  kind: 'file' | 'dir';
}

/** One output: makes its reporter when the run asked for it, and names the path it will write. */
interface Output {
  readonly name: string;
  create(request: OutputRequest, env: OutputEnv): Reporter | undefined;
  path?(request: OutputRequest): RequestedPath | undefined;
}

const requested = (flag: string, path: string | undefined, kind: RequestedPath['kind']): RequestedPath | undefined => (path === undefined ? undefined : { flag, path, kind });

// An output written once from the whole result: the same after the run and on a second signal.
function fileReporter(name: string, writes: string, write: (end: RunEnd) => void): Reporter {
  return { name, writes, onEvent: () => undefined, writeFiles: write, writeNow: write, finish: () => Promise.resolve() };
}

function stdoutKind(request: OutputRequest, env: OutputEnv): Exclude<StdoutOutput, 'auto'> {
  if (request.output !== 'auto') return request.output;
  return env.stdout.isTTY === true && (env.stdout.columns ?? 0) > 0 ? 'tty' : 'line';
}

/** Every output a run can have, in the order they get events, write their files and finish. */
export const OUTPUTS: readonly Output[] = [
  {
    name: 'evidence',
    create: (rq, env) => (rq.evidence === undefined ? undefined : openEvidence(rq.evidence, env.redactor)),
    path: (rq) => requested('--evidence', rq.evidence, 'dir'),
  },
  {
    name: 'tty',
    create: (rq, env) =>
      stdoutKind(rq, env) === 'tty'
        ? createTtyReporter({ output: env.stdout, errorOutput: env.stderr, color: env.color, epilogue: (result, exitCode) => runEpilogue(result, exitCode, rq, env) })
        : undefined,
  },
  {
    name: 'line',
    create: (rq, env) => (stdoutKind(rq, env) === 'line' ? createLineReporter({ output: env.stdout, verbose: rq.verbose === true }) : undefined),
  },
  {
    name: 'json',
    create: (rq, env) => (stdoutKind(rq, env) === 'json' ? createJsonReporter({ output: env.stdout, redactor: env.redactor }) : undefined),
  },
  {
    name: 'junit',
    create: (rq, env) => (rq.junit === undefined ? undefined : fileReporter('junit', `JUnit ${rq.junit}`, ({ result }) => writeJunit(rq.junit as string, result, env.redactor))),
    path: (rq) => requested('--junit', rq.junit, 'file'),
  },
  {
    name: 'report',
    create: (rq, env) =>
      rq.report === undefined
        ? undefined
        : fileReporter('report', `report ${rq.report}`, ({ result, exitCode }) =>
            writeReport(rq.report as string, buildReport(result, { exitCode, toolVersion: env.toolVersion, redactor: env.redactor })),
          ),
    path: (rq) => requested('--report', rq.report, 'file'),
  },
  {
    name: 'html',
    create: (rq, env) =>
      rq.reportHtml === undefined
        ? undefined
        : fileReporter('html', `HTML report ${rq.reportHtml}`, ({ result, exitCode }) => {
            // The page derives from the redacted report (and each host's inventory groups, for its filter).
            const report = buildReport(result, { exitCode, toolVersion: env.toolVersion, redactor: env.redactor });
            writeHtmlReport(rq.reportHtml as string, env.redactor.redact(renderHtmlReport(htmlViewOfReport(report, env.groupsOf))));
          }),
    path: (rq) => requested('--report-html', rq.reportHtml, 'file'),
  },
];

/** Every path the run's outputs will write, in the registry's order. */
export function requestedPaths(request: OutputRequest): RequestedPath[] {
  return OUTPUTS.flatMap((o) => o.path?.(request) ?? []);
}

/** A run's outputs behind one mux, with the snapshot a second signal writes them from. */
export interface RunOutputs {
  readonly mux: ReporterMux;
  /** What the events told so far: the result a second signal writes the files from. */
  readonly snapshot: RunSnapshot;
  /** A host's SSH transcript into the evidence folder, behind the mux's isolation; undefined without --evidence. */
  transcriptFor(host: string): ((direction: TranscriptDirection, text: string) => void) | undefined;
}

/**
 * Make every output the run asked for. The evidence folder is made here, before any device is contacted (one
 * that cannot be made is a usage error); a folder holding an earlier run's files gets this run's in a new
 * subfolder, said through `env.say`, and the closing display names that one.
 */
export function createRunOutputs(request: OutputRequest, env: OutputEnv): RunOutputs {
  const evidenceDir = request.evidence === undefined ? undefined : evidenceRunDir(request.evidence);
  if (evidenceDir !== undefined && evidenceDir !== request.evidence) env.say(env.redactor.redact(`${request.evidence} is not empty: this run's evidence goes to ${evidenceDir}`));
  const rq: OutputRequest = evidenceDir === undefined ? request : { ...request, evidence: evidenceDir };
  const reporters = OUTPUTS.flatMap((o) => o.create(rq, env) ?? []);
  const snapshot = new RunSnapshot(env.addressOf);
  const mux = new ReporterMux([snapshot, ...reporters], { redactor: env.redactor, onWarning: env.say });
  const evidence = reporters.find((r): r is EvidenceWriter => r instanceof EvidenceWriter);
  return { mux, snapshot, transcriptFor: (host) => (evidence ? mux.guard(evidence, evidence.transcriptFor(host)) : undefined) };
}

function openEvidence(dir: string, redactor: Redactor): EvidenceWriter {
  try {
    return new EvidenceWriter(dir, redactor);
  } catch (err) {
    throw new UsageError(`cannot create the evidence folder ${dir}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

// What stays on screen after the live display: the --check plan, the recap, where the files went, the exit code.
function runEpilogue(result: RunResult, exitCode: number, rq: OutputRequest, env: OutputEnv): string {
  const parts: string[] = [];
  if (result.mode === 'check') parts.push(renderCheckPlan(result, { redactor: env.redactor, color: env.color }).trimEnd(), '');
  // Causes before the recap: "how many distinct problems, which devices" is the first question after a run.
  parts.push(...formatCauses(causesOf(result), 20), '');
  parts.push(formatRecap(result).trimEnd(), '');
  parts.push(rq.report !== undefined ? `report: ${rq.report}` : 'report: not written (--report FILE.json keeps one)');
  if (rq.reportHtml !== undefined) parts.push(`HTML report: ${rq.reportHtml}`);
  if (rq.junit !== undefined) parts.push(`JUnit: ${rq.junit}`);
  if (rq.evidence !== undefined) parts.push(`evidence: ${join(rq.evidence, 'SUMMARY.md')}`);
  parts.push(`exit code ${exitCode}`);
  return env.redactor.redact(parts.join('\n'));
}
