// Schema-valid raw playbook → the typed model the engine runs (defaults applied, durations in the
// engine's units, every template carrying the file:line:col where its text starts).
import type { JsonPath, LocatedYaml } from '../yaml/located-yaml.js';
import { compileMatch } from './check-playbook.js';
import type { ApiTmpl, Check, Expect, Expr, FixAction, Play, Step, Tmpl, ValueTmpl } from './model.js';
import type { RawApi, RawCheck, RawCommandAction, RawExpect, RawFixAction, RawPlay, RawPlaybook, RawStep } from './raw-playbook.js';

/** Seconds to wait for a rebooted device when the playbook does not say. */
export const DEFAULT_REBOOT_TIMEOUT_S = 900;

/** Inputs besides the YAML: each play's vars_files (merged vars and digests). */
export interface NormalizeInputs {
  varsFiles: Map<number, { vars: Record<string, unknown>; files: { path: string; sha256: string }[] }>;
}

/** Build the model from a playbook that passed the schema and the semantic checks. */
export function normalizePlaybook(raw: RawPlaybook, doc: LocatedYaml, inputs: NormalizeInputs): Play[] {
  const tmpl = (src: string, path: JsonPath): Tmpl => ({ src, pos: doc.contentAt(path) });
  const expr = (src: string, path: JsonPath): Expr => ({ src, pos: doc.contentAt(path) });
  const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
  const tmpls = (v: string | string[] | undefined, path: JsonPath): Tmpl[] | undefined =>
    v === undefined ? undefined : typeof v === 'string' ? [tmpl(v, path)] : v.map((s, i) => tmpl(s, [...path, i]));

  const expectOf = (e: RawExpect | undefined, path: JsonPath): Expect => {
    const out: Expect = {};
    if (!e) return out;
    const contains = tmpls(e.contains, [...path, 'contains']);
    if (contains) out.contains = contains;
    const notContains = tmpls(e.not_contains, [...path, 'not_contains']);
    if (notContains) out.notContains = notContains;
    const matches = tmpls(e.matches, [...path, 'matches']);
    if (matches) out.matches = matches.map((t, i) => ({ re: compileMatch(t.src), pos: doc.at(typeof e.matches === 'string' ? [...path, 'matches'] : [...path, 'matches', i]), tmpl: t }));
    if (e.exit_status !== undefined) out.exitStatus = e.exit_status;
    if (e.that !== undefined) out.that = typeof e.that === 'string' ? [expr(e.that, [...path, 'that'])] : e.that.map((s, i) => expr(s, [...path, 'that', i]));
    return out;
  };

  // An api body: every string leaf a template located where it is written.
  const valueOf = (v: unknown, path: JsonPath): ValueTmpl => {
    if (typeof v === 'string') return { kind: 'template', tmpl: tmpl(v, path) };
    if (Array.isArray(v)) return { kind: 'list', items: v.map((x, i) => valueOf(x, [...path, i])) };
    if (v !== null && typeof v === 'object') return { kind: 'map', entries: Object.entries(v).map(([k, x]) => [k, valueOf(x, [...path, k])]) };
    return { kind: 'scalar', value: typeof v === 'number' || typeof v === 'boolean' ? v : null };
  };
  const apiOf = (a: RawApi, path: JsonPath): ApiTmpl => {
    const out: ApiTmpl = {
      method: a.method ?? 'GET',
      path: tmpl(a.path, [...path, 'path']),
      query: Object.entries(a.query ?? {}).map(([k, v]) => [k, tmpl(String(v), [...path, 'query', k])]),
    };
    if (a.body !== undefined) out.body = valueOf(a.body, [...path, 'body']);
    return out;
  };

  const checkOf = (c: RawCheck, path: JsonPath): Check => {
    const out: Check = { expect: expectOf(c.expect, [...path, 'expect']) };
    if (c.command !== undefined) out.command = tmpl(c.command, [...path, 'command']);
    if (c.api !== undefined) out.api = apiOf(c.api, [...path, 'api']);
    if (c.parse !== undefined) out.parse = c.parse;
    if (c.timeout !== undefined) out.timeoutMs = Math.round(c.timeout * 1000);
    if (c.not_read_only !== undefined) out.notReadOnly = c.not_read_only;
    return out;
  };

  const fixOf = (a: RawFixAction, path: JsonPath): FixAction => {
    if ('reboot' in a) {
      const t = a.reboot.timeout;
      return { kind: 'reboot', timeoutS: typeof t === 'string' ? tmpl(t, [...path, 'reboot', 'timeout']) : (t ?? DEFAULT_REBOOT_TIMEOUT_S), pos: doc.at(path) };
    }
    if ('api' in a) {
      const action: FixAction = { kind: 'api', api: apiOf(a.api, [...path, 'api']), pos: doc.at(path) };
      if (a.timeout !== undefined) action.timeoutMs = Math.round(a.timeout * 1000);
      return action;
    }
    const c = a as RawCommandAction;
    const action: FixAction = {
      kind: 'command',
      command: tmpl(c.command, [...path, 'command']),
      answers: (c.answers ?? []).map((x) => ({ expect: new RegExp(x.expect), answer: x.answer })),
      pos: doc.at(path),
    };
    if (c.mode !== undefined) action.mode = c.mode;
    if (c.timeout !== undefined) action.timeoutMs = Math.round(c.timeout * 1000);
    return action;
  };

  const stepOf = (s: RawStep, path: JsonPath): Step => {
    const step: Step = {
      id: s.id,
      name: s.name ?? s.id,
      mode: s.mode ?? 'clish',
      fix: (s.fix ?? []).map((a, i) => fixOf(a, [...path, 'fix', i])),
      loopVar: s.loop_control?.loop_var ?? 'item',
      retries: s.retries ?? 0,
      delayS: s.delay ?? 0,
      dependsOn: s.depends_on ?? [],
      pos: doc.at(path),
    };
    if (s.doc !== undefined) step.doc = s.doc;
    if (s.ignore_errors === true) step.ignoreErrors = true;
    if (s.check) step.check = checkOf(s.check, [...path, 'check']);
    if (s.remedy !== undefined) step.remedy = tmpl(s.remedy, [...path, 'remedy']);
    if (s.when !== undefined) step.when = expr(s.when, [...path, 'when']);
    if (s.loop !== undefined) step.loop = typeof s.loop === 'string' ? tmpl(s.loop, [...path, 'loop']) : s.loop;
    if (s.register !== undefined) step.register = s.register;
    return step;
  };

  return raw.map((p: RawPlay, pi): Play => {
    const vf = inputs.varsFiles.get(pi);
    const play: Play = {
      name: p.name ?? p.hosts,
      hosts: p.hosts,
      // vars_files override the play's vars, as in Ansible; inventory and -e override both at run time.
      vars: { ...(p.vars ?? {}), ...(vf?.vars ?? {}) },
      serial: list(p.serial),
      steps: p.steps.map((s, si) => stepOf(s, [pi, 'steps', si])),
      pos: doc.at([pi]),
    };
    if (p.max_fail_percentage !== undefined) play.maxFailPercentage = p.max_fail_percentage;
    if (vf && vf.files.length > 0) play.varsFiles = vf.files;
    return play;
  });
}
