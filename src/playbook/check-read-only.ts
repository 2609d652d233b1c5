// validate's side of the dry-run guarantee: a step's check must be read-only as it will be sent, and every
// command must stay within the limits of its platform and mode. What the play's vars, vars_files and -e
// already decide is rendered and judged exactly (each item of a loop too); what only a host, a register or
// the device decides is judged on the template's literal text and judged again by the session when sent.
import type { Diagnostic } from '../errors.js';
import { classifyCommand, classifyRequest, commandLimitProblem, commandShape, PLACEHOLDER_QUOTED, PLACEHOLDER_RAW } from '../read-only/index.js';
import type { CommandTarget } from '../read-only/index.js';
import { renderTemplate, renderValue, type Vars } from '../template/index.js';
import type { JsonPath, LocatedYaml } from '../yaml/located-yaml.js';

type Rec = Record<string, unknown>;
/** The methods the schema accepts; any other is the schema's error, not a read-only question. */
const HTTP_METHODS: readonly unknown[] = ['GET', 'POST', 'PUT', 'DELETE'];
const isRecord = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What the read-only checks of one step need from the play. */
export interface ReadOnlyScope {
  doc: LocatedYaml;
  /** Play vars, vars_files and -e, in that precedence. */
  vars: Vars;
  /** Where the step's commands run: one entry per platform of the hosts it targets. */
  targets: CommandTarget[];
}

/** One form a command takes before it is sent. */
interface Candidate {
  text: string;
  /** Rendered completely (true) or only the template's literal text with stand-ins (false). */
  exact: boolean;
  /** Which loop item it was rendered for, in messages. */
  note: string;
}

// The loop's items when the play's own vars decide them; undefined when only run time can tell.
function staticItems(step: Rec, doc: LocatedYaml, path: JsonPath, vars: Vars): unknown[] | undefined {
  if (Array.isArray(step.loop)) return step.loop;
  if (typeof step.loop !== 'string') return undefined;
  try {
    const v = renderValue({ src: step.loop, pos: doc.contentAt([...path, 'loop']) }, vars);
    return Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

function candidates(src: string, step: Rec, path: JsonPath, commandPath: JsonPath, scope: ReadOnlyScope): Candidate[] {
  const loopVar = isRecord(step.loop_control) && typeof step.loop_control.loop_var === 'string' ? step.loop_control.loop_var : 'item';
  const items = step.loop === undefined ? [undefined] : staticItems(step, scope.doc, path, scope.vars);
  const tmpl = { src, pos: scope.doc.contentAt(commandPath) };
  if (items !== undefined) {
    try {
      return items.map((item, i) => ({
        text: renderTemplate(tmpl, item === undefined && step.loop === undefined ? scope.vars : { ...scope.vars, [loopVar]: item }),
        exact: true,
        note: step.loop === undefined ? '' : ` (loop item ${i + 1}: ${JSON.stringify(item)})`,
      }));
    } catch {
      // A variable only a host, a register or the loop at run time defines: judge the literal text instead.
    }
  }
  const shape = commandShape(src);
  return shape === undefined ? [] : [{ text: shape, exact: false, note: '' }];
}

// Limits the literal text already breaks: characters anywhere, length even with every value empty.
function limitProblem(c: Candidate, target: CommandTarget): string | undefined {
  if (c.exact) return commandLimitProblem(c.text, target);
  const literal = c.text.replaceAll(PLACEHOLDER_QUOTED, '').replaceAll(PLACEHOLDER_RAW, '');
  return commandLimitProblem(literal, target);
}

/** Diagnostics for one step: its check must be read-only (unless declared not_read_only), every command within limits. */
export function readOnlyDiagnostics(step: Rec, path: JsonPath, scope: ReadOnlyScope): Diagnostic[] {
  const out: Diagnostic[] = [];
  const stepMode = typeof step.mode === 'string' ? step.mode : 'clish';
  const commands: { src: string; path: JsonPath; mode: string; isCheck: boolean }[] = [];
  if (isRecord(step.check) && typeof step.check.command === 'string') commands.push({ src: step.check.command, path: [...path, 'check', 'command'], mode: stepMode, isCheck: true });
  if (Array.isArray(step.fix)) {
    step.fix.forEach((a, i) => {
      if (isRecord(a) && typeof a.command === 'string') commands.push({ src: a.command, path: [...path, 'fix', i, 'command'], mode: typeof a.mode === 'string' ? a.mode : stepMode, isCheck: false });
    });
  }
  const declared = isRecord(step.check) && typeof step.check.not_read_only === 'string';
  // An api check is read-only only as a GET: the connection refuses any other method in --check.
  const api = isRecord(step.check) && isRecord(step.check.api) ? step.check.api : undefined;
  const verdict = api && !declared && typeof api.method === 'string' && HTTP_METHODS.includes(api.method) ? classifyRequest(api.method) : undefined;
  if (verdict?.kind === 'refused') {
    out.push({
      pos: scope.doc.at([...path, 'check', 'api', 'method']),
      message: `check is not read-only: ${verdict.reason}; --check would refuse to send it. A check that must change the device says why with not_read_only: "…"`,
    });
  }
  for (const cmd of commands) {
    const targets = scope.targets.filter((t) => t.mode === cmd.mode);
    const forms = candidates(cmd.src, step, path, cmd.path, scope);
    const pos = scope.doc.at(cmd.path);
    const what = cmd.isCheck ? 'check command' : 'fix command';
    const problems = new Set<string>();
    for (const target of targets) {
      for (const form of forms) {
        const limit = limitProblem(form, target);
        if (limit !== undefined) problems.add(`${what} ${limit}${form.note}`);
        if (!cmd.isCheck || declared) continue;
        const verdict = classifyCommand(form.text, target);
        if (verdict.kind === 'refused') {
          problems.add(
            `check is not read-only: ${verdict.reason}${form.note}; --check would refuse to send it. A check that must change the device says why with not_read_only: "…"`,
          );
        }
      }
    }
    // One message per problem and command, the first of each kind: a loop of twenty bad items is one fix.
    const seen = new Set<string>();
    for (const message of problems) {
      const kind = message.startsWith('check is not read-only') ? 'ro' : 'limit';
      if (seen.has(kind)) continue;
      seen.add(kind);
      out.push({ pos, message });
    }
  }
  return out;
}
