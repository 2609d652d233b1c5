// `--junit FILE.xml`: the run as JUnit XML for CI dashboards. One <testsuite> per host, one <testcase> per step.
//
// Mapping (documented in the README):
//   ok, changed          → passed testcase (changed: the commands sent are in <system-out>)
//   failed               → <failure type="ERROR_CODE" message="reason">check/verify output</failure>
//   failed, ignored      → <skipped message="ignored: ERROR_CODE: reason"/>, the check/verify output in <system-out>.
//                          ignore_errors makes the failure pass neither the host nor the exit code (exit 0): a red
//                          <failure> would contradict both, and a property on a passed case is shown by no common
//                          dashboard (Jenkins, GitLab, GitHub's test reporters). "skipped" is the neutral slot they
//                          all display with its message, as for a pending fix.
//   unreachable (host)   → one testcase "connect" with <error type="E_…" message="…"/>
//   action_required      → <failure type="action_required" message="first line of remedy">full remedy</failure>
//   skipped              → <skipped message="reason"/>
//   pending (--check)    → <skipped message="pending: N fix commands would run"/>, the commands in <system-out>.
//                          A pending fix is not a failure of the run (exit 0), so a dashboard should not
//                          turn red, yet it must not look like a pass either: "skipped" is the neutral slot.
//   root causes          → per host <property name="cause" value="N/M step status: message"/> for each cause it
//                          shares (N of M causes, largest first; src/report/causes.ts), so a dashboard groups by it.
import type { HostResult, RunResult, StepResult } from '../engine/results.js';
import { writeFileAtomic } from './atomic-write.js';
import type { Redactor } from './redact.js';
import { causesOf, causeTitle } from './causes.js';

/** Escape text for XML content and attributes; drop characters XML 1.0 cannot carry (device output has them). */
export function xmlEscape(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

const seconds = (ms: number): string => (ms / 1000).toFixed(3);
const firstLine = (s: string): string => s.split('\n', 1)[0] ?? '';

interface Case {
  xml: string;
  failure: boolean;
  error: boolean;
  skipped: boolean;
}

function stepCase(host: HostResult, step: StepResult): Case {
  const open = `    <testcase classname="${xmlEscape(host.name)}" name="${xmlEscape(`${step.id}: ${step.name}`)}" time="${seconds(step.durationMs)}"`;
  const out = (text: string): string => `      <system-out>${xmlEscape(text)}</system-out>\n`;
  const commands = step.fix ? step.fix.commands.join('\n') + (step.fix.reboot ? '\n(reboot)' : '') : '';
  const body = (inner: string): string => `${open}>\n${inner}    </testcase>\n`;
  switch (step.status) {
    case 'ok':
      return { xml: `${open}/>\n`, failure: false, error: false, skipped: false };
    case 'changed':
      return { xml: body(out(`sent:\n${commands}`)), failure: false, error: false, skipped: false };
    case 'pending': {
      const n = step.fix?.commands.length ?? 0;
      const msg = `pending: ${n} fix command${n === 1 ? '' : 's'} would run${step.fix?.reboot ? ', then a reboot' : ''}`;
      return { xml: body(`      <skipped message="${xmlEscape(msg)}"/>\n` + out(commands)), failure: false, error: false, skipped: true };
    }
    case 'skipped':
      return { xml: body(`      <skipped message="${xmlEscape(step.reason ?? 'skipped')}"/>\n`), failure: false, error: false, skipped: true };
    case 'action_required': {
      const remedy = step.remedy ?? 'no automated fix; see the report';
      const detail = `${remedy}\n\ncheck: ${step.check?.command ?? ''}\n${step.check?.output ?? ''}`;
      return {
        xml: body(`      <failure type="action_required" message="${xmlEscape(firstLine(remedy))}">${xmlEscape(detail)}</failure>\n`),
        failure: true,
        error: false,
        skipped: false,
      };
    }
    case 'failed': {
      const type = step.error?.code ?? 'check_failed';
      const message = step.reason ?? step.error?.message ?? 'failed';
      const detail = [
        step.check ? `check: ${step.check.command}\n${step.check.output}` : '',
        step.fix ? `fix${step.fix.sent ? ' sent' : ''}:\n${commands}` : '',
        step.verify?.output !== undefined ? `verify:\n${step.verify.output}` : '',
      ]
        .filter((s) => s.length > 0)
        .join('\n\n');
      if (step.ignored === true) {
        const msg = `ignored: ${type}: ${firstLine(message)}`;
        return { xml: body(`      <skipped message="${xmlEscape(msg)}"/>\n` + (detail ? out(detail) : '')), failure: false, error: false, skipped: true };
      }
      return {
        xml: body(`      <failure type="${xmlEscape(type)}" message="${xmlEscape(firstLine(message))}">${xmlEscape(detail)}</failure>\n`),
        failure: true,
        error: false,
        skipped: false,
      };
    }
  }
}

function hostCases(host: HostResult): Case[] {
  const cases = host.steps.map((s) => stepCase(host, s));
  // An ignored failure does not carry the host's error (the host's error comes from a failure not ignored).
  const stepCarriesError = host.steps.some((s) => s.status === 'failed' && s.ignored !== true);
  if (host.status === 'unreachable' || (host.error && !stepCarriesError)) {
    const code = host.error?.code ?? 'E_UNREACHABLE';
    const message = host.error?.message ?? host.status;
    const tag = host.status === 'unreachable' ? 'error' : 'failure';
    cases.unshift({
      xml: `    <testcase classname="${xmlEscape(host.name)}" name="connect" time="${seconds(host.durationMs)}">\n      <${tag} type="${xmlEscape(code)}" message="${xmlEscape(firstLine(message))}">${xmlEscape(message)}</${tag}>\n    </testcase>\n`,
      failure: tag === 'failure',
      error: tag === 'error',
      skipped: false,
    });
  } else if (cases.length === 0 && host.status === 'skipped') {
    cases.push({
      xml: `    <testcase classname="${xmlEscape(host.name)}" name="host" time="0.000">\n      <skipped message="${xmlEscape(host.reason ?? 'skipped')}"/>\n    </testcase>\n`,
      failure: false,
      error: false,
      skipped: true,
    });
  }
  return cases;
}

/** The JUnit XML text of a run. */
export function renderJunit(result: RunResult): string {
  let tests = 0;
  let failures = 0;
  let errors = 0;
  let skipped = 0;
  const suites: string[] = [];
  const causes = causesOf(result);
  for (const host of result.hosts) {
    const causeProps = causes
      .map((c, i) => (c.hosts.includes(host.name) ? `      <property name="cause" value="${xmlEscape(`${i + 1}/${causes.length} ${causeTitle(c)}`)}"/>\n` : ''))
      .join('');
    const cases = hostCases(host);
    const f = cases.filter((c) => c.failure).length;
    const e = cases.filter((c) => c.error).length;
    const s = cases.filter((c) => c.skipped).length;
    tests += cases.length;
    failures += f;
    errors += e;
    skipped += s;
    suites.push(
      `  <testsuite name="${xmlEscape(host.name)}" hostname="${xmlEscape(host.address)}" tests="${cases.length}" failures="${f}" errors="${e}" skipped="${s}" time="${seconds(host.durationMs)}" timestamp="${xmlEscape(result.startedAt)}">\n` +
        `    <properties>\n      <property name="status" value="${host.status}"/>\n      <property name="mode" value="${result.mode}"/>\n${causeProps}    </properties>\n` +
        cases.map((c) => c.xml).join('') +
        `  </testsuite>\n`,
    );
  }
  const total = Math.max(0, Date.parse(result.finishedAt) - Date.parse(result.startedAt));
  const name = `firemend ${result.mode} ${result.playbook}${result.interrupted ? ' (interrupted)' : ''}`;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="${xmlEscape(name)}" tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${seconds(Number.isFinite(total) ? total : 0)}">\n` +
    suites.join('') +
    `</testsuites>\n`
  );
}

/** Render the run as JUnit XML, redacted, and write it atomically to `path`. */
export function writeJunit(path: string, result: RunResult, redactor: Redactor): void {
  writeFileAtomic(path, redactor.redact(renderJunit(redactor.redactDeep(result))));
}
