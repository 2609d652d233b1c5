// The matchers of `check.expect`: every given matcher must hold. Pure: the observed output in, a verdict out.
import { evaluateBool, renderTemplate, type Vars } from '../template/index.js';
import type { Expect } from '../playbook/model.js';
import type { Facts } from '../parsers/index.js';

/** What one check run produced. */
export interface Observed {
  output: string;
  exitStatus?: number;
  facts: Facts;
}

export interface Verdict {
  passed: boolean;
  /** One line per matcher that did not hold, for the report and `-v`. */
  failures: string[];
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
  if (expect.that && expect.that.length > 0) {
    const scope: Vars = { ...vars, facts: observed.facts, output: observed.output, exit_status: observed.exitStatus };
    for (const e of expect.that) {
      if (!evaluateBool(e, scope)) failures.push(`not true: ${e.src}`);
    }
  }
  return { passed: failures.length === 0, failures };
}
