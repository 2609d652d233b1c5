// The normalized, typed playbook model the engine runs. Produced by load-playbook.ts; never raw YAML.
import type { HttpMethod } from '../connections/connection.js';
import type { SourcePos } from '../errors.js';

/** A string from the playbook that may hold `{{ … }}`; rendered per host. `pos` is where it starts in the file. */
export interface Tmpl {
  src: string;
  pos: SourcePos;
}

/** A safe boolean expression (`when:`, `expect.that`), Jinja-like, evaluated without eval. */
export interface Expr {
  src: string;
  pos: SourcePos;
}

/** FTD modes, and the two modes of a plain linux host. */
export type Mode = 'clish' | 'expert' | 'root' | 'shell';

export const MODES: readonly Mode[] = ['clish', 'expert', 'root', 'shell'];

/** What the check's output must satisfy; every given matcher must hold. */
export interface Expect {
  contains?: Tmpl[];
  notContains?: Tmpl[];
  /**
   * Regexes (flag `m`). `tmpl` is the source as written; when `tmpl.src` holds `{{`, render it per host and
   * compile that instead: `re` then only stands in (templated parts replaced by `x`) for syntax checking.
   */
  matches?: { re: RegExp; pos: SourcePos; tmpl?: Tmpl }[];
  exitStatus?: number;
  that?: Expr[];
}

/** How a step whose check is declared `not_read_only` is reported in --check (the plan view looks for the prefix). */
export const NOT_READ_ONLY_REASON = 'check declared not read-only';
export function notReadOnlyReason(why: string): string {
  return `${NOT_READ_ONLY_REASON} (not_read_only: ${why}): not sent in --check`;
}

/** A YAML value whose string leaves are templates (an api body); each leaf is rendered with renderValue. */
export type ValueTmpl =
  | { kind: 'template'; tmpl: Tmpl }
  | { kind: 'scalar'; value: number | boolean | null }
  | { kind: 'list'; items: ValueTmpl[] }
  | { kind: 'map'; entries: [string, ValueTmpl][] };

/** A REST request as written in the playbook: `api: {method, path, query, body}`. */
export interface ApiTmpl {
  method: HttpMethod;
  /** Starts with `/api/`. */
  path: Tmpl;
  /** Query parameters in the order written; values are templates. */
  query: [string, Tmpl][];
  body?: ValueTmpl;
}

/** The read-only probe of a step: exactly one of `command` (a CLI command, in the step's mode) and `api`. */
export interface Check {
  command?: Tmpl;
  api?: ApiTmpl;
  parse?: string;
  expect: Expect;
  timeoutMs?: number;
  /** Declared with `not_read_only: why`: the check may change the device, so --check never sends it. */
  notReadOnly?: string;
}

/** A prompt the device may ask back while a fix runs, and what to answer. */
export interface Answer {
  expect: RegExp;
  answer: string;
}

/** One action of a step's fix: a device command, a REST request, or a reboot. */
export type FixAction =
  | { kind: 'command'; command: Tmpl; mode?: Mode; answers: Answer[]; timeoutMs?: number; pos: SourcePos }
  | { kind: 'api'; api: ApiTmpl; timeoutMs?: number; pos: SourcePos }
  | { kind: 'reboot'; timeoutS: Tmpl | number; pos: SourcePos };

/** One step: check → (fix → verify) or remedy. */
export interface Step {
  id: string;
  name: string;
  doc?: string;
  mode: Mode;
  check?: Check;
  fix: FixAction[];
  remedy?: Tmpl;
  when?: Expr;
  loop?: Tmpl | unknown[];
  loopVar: string;
  register?: string;
  retries: number;
  delayS: number;
  /** Ansible's ignore_errors: a failure stays `failed` (marked ignored), the host goes on and does not fail. */
  ignoreErrors?: boolean;
  dependsOn: string[];
  pos: SourcePos;
}

/** One play: a host pattern and the steps to run on each matching host. */
export interface Play {
  name: string;
  hosts: string;
  vars: Record<string, unknown>;
  /** Batches: sizes as counts or percentages ("25%"); the last repeats. Empty = all hosts in one batch. */
  serial: (number | string)[];
  maxFailPercentage?: number;
  steps: Step[];
  /** The vars_files the play read (already merged into `vars`), with digests so a saved plan can notice edits. */
  varsFiles?: { path: string; sha256: string }[];
  pos: SourcePos;
}

/** A loaded playbook. */
export interface Playbook {
  path: string;
  sha256: string;
  plays: Play[];
}
