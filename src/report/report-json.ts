// The JSON report of a run (`--report FILE.json`, schemas/report.schema.json): the snake_case view of the RunResult
// (hosts and steps by the one mapping in result-view.ts), redacted, written atomically so a reader never sees half
// a report.
import type { RunResult, Summary } from '../engine/results.js';
import type { Redactor } from './redact.js';
import { prettyJsonChunks } from './pretty-json.js';
import { writeFileAtomic } from './atomic-write.js';
import { causeRecords, causesOf, type CauseRecord } from './causes.js';
import { snakeHost, type SnakeError, type SnakeHost, type SnakeStep } from './result-view.js';

/** A step, a host and an error as the report has them: the snake_case views of the results (result-view.ts). */
export type ReportError = SnakeError;
export type ReportStep = SnakeStep;
export type ReportHost = SnakeHost;

export interface Report {
  version: 1;
  tool: { name: 'firemend'; version: string };
  playbook: string;
  inventory: string;
  mode: RunResult['mode'];
  started_at: string;
  finished_at: string;
  interrupted: boolean;
  stopped_early?: string;
  exit_code: number;
  summary: Summary;
  /** The root causes (src/report/causes.ts), largest first. */
  causes: ReportCause[];
  hosts: ReportHost[];
}

export type ReportCause = CauseRecord;

export interface BuildReportOptions {
  exitCode: number;
  toolVersion: string;
  /** Every secret of the run (passwords …); any occurrence in device output or messages becomes `<redacted>`. */
  redactor?: Redactor;
}

/** The report object for a finished (or interrupted) run. */
export function buildReport(result: RunResult, o: BuildReportOptions): Report {
  const report: Report = {
    version: 1,
    tool: { name: 'firemend', version: o.toolVersion },
    playbook: result.playbook,
    inventory: result.inventory,
    mode: result.mode,
    started_at: result.startedAt,
    finished_at: result.finishedAt,
    interrupted: result.interrupted,
    ...(result.stoppedEarly !== undefined ? { stopped_early: result.stoppedEarly } : {}),
    exit_code: o.exitCode,
    summary: { ...result.summary },
    causes: causeRecords(causesOf(result)),
    hosts: result.hosts.map(snakeHost),
  };
  return o.redactor ? o.redactor.redactDeep(report) : report;
}

/** Write the report as pretty JSON, atomically (whole or not at all). */
export function writeReport(path: string, report: Report): void {
  writeFileAtomic(path, prettyJsonChunks(report));
}
