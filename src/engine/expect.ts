// The matchers of `check.expect`: every given matcher must hold. Pure: the observed output in, a verdict out.
import { evaluateBool, renderTemplate, type Vars } from '../template/index.js';
import type { Expect } from '../playbook/model.js';
import type { Facts } from '../parsers/index.js';
import { trackUnknownReads } from './fact-reads.js';

/** What one check run produced. */
export interface Observed {
  output: string;
  exitStatus?: number;
  facts: Facts;
  /** The parser that produced `facts`, named in the E_FACT_UNKNOWN message. */
  parser?: string;
  /** Fact paths where null is a proven "none" rather than "unknown" (curl's `proxy` without a proxy). */
  absent?: readonly string[];
}

export interface Verdict {
  passed: boolean;
  /** One line per matcher that did not hold, for the report and `-v`. */
  failures: string[];
  /**
   * Set when the verdict rests on facts the parser could not establish (null) and nothing the output does
   * prove failed: the step fails with E_FACT_UNKNOWN instead of passing or asking for action.
   */
  unknown?: { facts: string[]; message: string };
}

/** Judge a check's output against its expectation. Throws TemplateError when a matcher cannot be rendered. */
export function evaluateExpect(expect: Expect, observed: Observed, vars: Vars): Verdict {
  const failures: string[] = [];
  for (const t of expect.contains ?? []) {
    const needle = renderTemplate(t, vars);
    if (!observed.output.includes(needle)) failures.push(`output does not contain ${JSON.stringify(needle)}`);
  }
  for (const t of expect.notContains ?? []) {
    const needle = renderTemplate(t, vars);
    if (observed.output.includes(needle)) failures.push(`output contains ${JSON.stringify(needle)}`);
  }
  for (const m of expect.matches ?? []) {
    // A shared /g or /y regex would carry lastIndex from one host to the next: copy those without the flag;
    // any other regex keeps no state in test() and is used as is.
    const stateful = m.re.global || m.re.sticky;
    const re = stateful ? new RegExp(m.re.source, m.re.flags.replace('g', '').replace('y', '')) : m.re;
    if (!re.test(observed.output)) failures.push(`output does not match /${m.re.source}/`);
  }
  if (expect.exitStatus !== undefined && observed.exitStatus !== expect.exitStatus) {
    failures.push(`exit status ${observed.exitStatus ?? 'unknown'} is not ${expect.exitStatus}`);
  }
  const unknown = new Set<string>();
  if (expect.that && expect.that.length > 0) {
    const absent = new Set(observed.absent ?? []);
    for (const e of expect.that) {
      // Each expression gets its own record: a proven failure of one is not made unknown by another.
      const read = new Set<string>();
      const scope: Vars = { ...vars, facts: trackUnknownReads(observed.facts, absent, read), output: observed.output, exit_status: observed.exitStatus };
      const holds = evaluateBool(e, scope);
      if (read.size > 0) read.forEach((f) => unknown.add(f));
      else if (!holds) failures.push(`not true: ${e.src}`);
    }
  }
  if (failures.length === 0 && unknown.size > 0) {
    const facts = [...unknown];
    const by = observed.parser === undefined ? '' : ` of parser '${observed.parser}'`;
    const names = facts.map((f) => `'${f}'`).join(', ');
    return { passed: false, failures: [`unknown: ${names}`], unknown: { facts, message: `the expectation reads ${facts.length === 1 ? 'fact' : 'facts'} ${names}${by}, which the output does not establish (null)` } };
  }
  return { passed: failures.length === 0, failures };
}
