// Semantic checks the schema cannot express: unique ids, step order, parser names, regexes, modes
// against the hosts' platforms, and variables that nothing defines. Works on raw (possibly schema-invalid)
// data, so one run reports every problem; each check skips what it cannot read.
import { modeFits, PLATFORMS, platformForMode, platformOfVars, isPlatform } from '../connections/platforms.js';
import { ConnectionRegistry } from '../connections/registry.js';
import type { ActionKind } from '../connections/connection.js';
import { formatPos, TemplateError } from '../errors.js';
import type { Diagnostic, SourcePos } from '../errors.js';
import { matchHosts } from '../inventory/host-patterns.js';
import type { Inventory, InventoryHost } from '../inventory/model.js';
import { PARSER_NAMES } from '../parsers/index.js';
import { variableReferences } from '../template/index.js';
import { didYouMean } from '../yaml/did-you-mean.js';
import type { JsonPath, LocatedYaml } from '../yaml/located-yaml.js';
import type { CommandTarget } from '../read-only/index.js';
import { readOnlyDiagnostics } from './check-read-only.js';
import { MODES } from './model.js';
import { stepSites } from './template-sites.js';
import type { Site } from './template-sites.js';

/** What the checks may know beyond the playbook itself. */
export interface CheckContext {
  doc: LocatedYaml;
  inventory?: Inventory;
  extraVars?: Record<string, unknown>;
  /** Per play index: the vars its vars_files define. */
  varsFileVars: Map<number, Record<string, unknown>>;
  /** The connection kinds hosts may use (default: the built-in ones). */
  registry?: ConnectionRegistry;
}

/** Always defined for a host, inventory or not. */
const BUILTIN_VARS: readonly string[] = ['inventory_hostname', 'inventory_hostname_short', 'ansible_host', 'group_names'];
/** Defined only inside a check's expect.that. */
const CHECK_RESULT_VARS: readonly string[] = ['facts', 'output', 'exit_status'];

type Rec = Record<string, unknown>;
const isRecord = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

const TEMPLATE_PART = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/g;

/** Compile a `matches` regex as the engine will (flag m); templated parts become `x` so the rest can be checked. */
export function compileMatch(src: string): RegExp {
  return new RegExp(src.replace(TEMPLATE_PART, 'x'), 'm');
}

function regexProblem(src: string, flags: string): string | undefined {
  try {
    new RegExp(src.replace(TEMPLATE_PART, 'x'), flags);
    return undefined;
  } catch (err) {
    return (err as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
  }
}

/** Run every semantic check over a raw playbook; returns all problems found. */
export function checkPlaybook(raw: unknown, ctx: CheckContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (!Array.isArray(raw)) return out;
  const { doc } = ctx;
  const where = (p: SourcePos): string => formatPos(p);
  // Registered results survive across plays on the same host, as in Ansible.
  const registeredBefore = new Map<string, string>();
  const registry = ctx.registry ?? new ConnectionRegistry();

  raw.forEach((play, pi) => {
    if (!isRecord(play)) return;
    const playPath: JsonPath = [pi];
    // 1. The play's host pattern, against the inventory when there is one.
    let targets: InventoryHost[] | undefined;
    const hosts = str(play.hosts);
    if (ctx.inventory && hosts !== undefined && hosts.trim() !== '') {
      try {
        targets = matchHosts(ctx.inventory, hosts);
        if (targets.length === 0) out.push({ pos: doc.at([...playPath, 'hosts']), message: `hosts pattern '${hosts}' selects no hosts in ${ctx.inventory.path}` });
      } catch (err) {
        out.push({ pos: doc.at([...playPath, 'hosts']), message: (err as Error).message });
        targets = [];
      }
    }
    // Each host's connection kind: a host no kind can reach is an error here (a run would fail it).
    const kinds = new Map<string, { actions: readonly ActionKind[]; vars: readonly string[]; name: string }>();
    for (const h of targets ?? []) {
      try {
        const kind = registry.kindFor({ ...h.vars, ...(ctx.extraVars ?? {}) });
        kinds.set(h.name, { actions: kind.actions, vars: kind.vars ?? [], name: kind.name });
      } catch (err) {
        out.push({ pos: doc.at([...playPath, 'hosts']), message: (err as Error).message });
      }
    }
    const connectionVars = new Set([...kinds.values()].flatMap((k) => k.vars));
    const steps = Array.isArray(play.steps) ? play.steps : [];
    // 2. Ids: unique, and the order later steps may depend on.
    const firstId = new Map<string, SourcePos>();
    const idIndex = new Map<string, number>();
    steps.forEach((s, si) => {
      const id = isRecord(s) ? str(s.id) : undefined;
      if (id === undefined) return;
      const pos = doc.at([...playPath, 'steps', si, 'id']);
      const first = firstId.get(id);
      if (first) out.push({ pos, message: `step id '${id}' is used twice (first at ${where(first)})` });
      else {
        firstId.set(id, pos);
        idIndex.set(id, si);
      }
    });
    const playVars = { ...(isRecord(play.vars) ? play.vars : {}), ...(ctx.varsFileVars.get(pi) ?? {}) };
    const registeredHere = new Map<string, { step: string; index: number }>();
    steps.forEach((s, si) => {
      if (!isRecord(s)) return;
      const id = str(s.id);
      if (id !== undefined && typeof s.register === 'string' && !registeredHere.has(s.register)) registeredHere.set(s.register, { step: id, index: si });
    });

    steps.forEach((s, si) => {
      if (!isRecord(s)) return;
      const sp: JsonPath = [...playPath, 'steps', si];
      const label = str(s.id) !== undefined ? `step '${String(s.id)}'` : `step ${si + 1}`;
      // 3. Shape rules across keys.
      if (s.fix !== undefined && s.check === undefined) {
        out.push({ pos: doc.keyAt([...sp, 'fix']), message: `${label} has a 'fix' but no 'check': a fix is only sent when a check fails, and the check verifies it` });
      }
      if (s.check === undefined && s.fix === undefined && s.remedy === undefined) {
        out.push({ pos: doc.at(sp), message: `${label} has no 'check' and no 'remedy': it would do nothing` });
      }
      if (isRecord(s.check) && s.check.command !== undefined && s.check.api !== undefined) {
        out.push({ pos: doc.keyAt([...sp, 'check', 'api']), message: `${label}: a check has either 'command' or 'api', not both` });
      }
      // 3b. Every action must be one the connection kind of each targeted host can run.
      for (const a of stepActions(s, sp)) {
        const bad = (targets ?? []).find((h) => kinds.has(h.name) && !kinds.get(h.name)?.actions.includes(a.kind));
        if (!bad) continue;
        const kind = kinds.get(bad.name);
        out.push({
          pos: doc.keyAt(a.path),
          message: `${label}: host '${bad.name}' (ansible_connection ${kind?.name}) cannot run '${a.kind}' actions; it runs ${kind?.actions.join(', ')}`,
        });
      }
      // 4. Parser names and regexes.
      const check = isRecord(s.check) ? s.check : undefined;
      const parse = str(check?.parse);
      if (parse !== undefined && !(PARSER_NAMES as readonly string[]).includes(parse)) {
        const hint = didYouMean(parse, PARSER_NAMES);
        out.push({ pos: doc.at([...sp, 'check', 'parse']), message: `unknown parser '${parse}' (${hint ? `did you mean '${hint}'?` : `known: ${PARSER_NAMES.join(', ')}`})` });
      }
      const expectRec = isRecord(check?.expect) ? check.expect : undefined;
      const matches = expectRec?.matches;
      const matchList = typeof matches === 'string' ? [[matches, [...sp, 'check', 'expect', 'matches']] as const] : Array.isArray(matches) ? matches.map((m, i) => [m, [...sp, 'check', 'expect', 'matches', i]] as const) : [];
      for (const [m, path] of matchList) {
        if (typeof m !== 'string') continue;
        const problem = regexProblem(m, 'm');
        if (problem) out.push({ pos: doc.at(path), message: `invalid regular expression in matches: ${problem}` });
      }
      if (Array.isArray(s.fix)) {
        s.fix.forEach((a, ai) => {
          if (!isRecord(a) || !Array.isArray(a.answers)) return;
          a.answers.forEach((ans, ni) => {
            const e = isRecord(ans) ? str(ans.expect) : undefined;
            if (e === undefined) return;
            const problem = regexProblem(e, '');
            if (problem) out.push({ pos: doc.at([...sp, 'fix', ai, 'answers', ni, 'expect']), message: `invalid regular expression in answers.expect: ${problem}` });
          });
        });
      }
      // 5. depends_on: only earlier steps of the same play.
      if (Array.isArray(s.depends_on)) {
        s.depends_on.forEach((d, di) => {
          if (typeof d !== 'string') return;
          const pos = doc.at([...sp, 'depends_on', di]);
          const at = idIndex.get(d);
          if (d === s.id) out.push({ pos, message: `${label} cannot depend on itself` });
          else if (at === undefined) {
            const hint = didYouMean(d, [...idIndex.keys()]);
            out.push({ pos, message: `depends_on names unknown step '${d}'${hint ? ` (did you mean '${hint}'?)` : ''}` });
          } else if (at > si) out.push({ pos, message: `depends_on names step '${d}', which comes later (at ${where(firstId.get(d) ?? pos)}): a step can only depend on earlier steps` });
        });
      }
      // 6. Modes against the platforms of the hosts the play targets (only where commands run: an api check has none).
      if (targets && targets.length > 0) {
        const usesStepMode = !isRecord(s.check) || s.check.api === undefined || (Array.isArray(s.fix) && s.fix.some((a) => isRecord(a) && a.command !== undefined && a.mode === undefined));
        const modes: { mode: string; path: JsonPath; dflt: boolean }[] = usesStepMode ? [{ mode: str(s.mode) ?? 'clish', path: s.mode === undefined ? [...sp, 'id'] : [...sp, 'mode'], dflt: s.mode === undefined }] : [];
        if (Array.isArray(s.fix)) s.fix.forEach((a, ai) => isRecord(a) && typeof a.mode === 'string' && modes.push({ mode: a.mode, path: [...sp, 'fix', ai, 'mode'], dflt: false }));
        for (const m of modes) {
          // An unknown mode is the schema's error already.
          if (!(MODES as readonly string[]).includes(m.mode)) continue;
          // A host whose platform is unknown already has its error (the registry's, at the play's hosts).
          const bad = targets.find((h) => isPlatform(platformOf(h)) && !modeFits(m.mode, platformOf(h)));
          if (bad) {
            const platform = platformOf(bad);
            out.push({
              pos: doc.at(m.path),
              message: `mode '${m.mode}'${m.dflt ? ' (the default)' : ''} does not exist on ${platform} host '${bad.name}': ${isPlatform(platform) ? PLATFORMS[platform].modesHint : ''}`,
            });
          }
        }
      }
      // 7. Variables: every name a template reads must have a source.
      const loopVar = isRecord(s.loop_control) && typeof s.loop_control.loop_var === 'string' ? s.loop_control.loop_var : 'item';
      const hasLoop = s.loop !== undefined;
      for (const site of stepSites(s, sp)) {
        checkSite(site, {
          ctx,
          out,
          playVars,
          hasLoop,
          loopVar,
          targets,
          registeredBefore,
          registeredLater: new Map([...registeredHere].filter(([, r]) => r.index >= si)),
          hostsPattern: hosts ?? '',
          connectionVars,
          ...(typeof s.register === 'string' ? { ownRegister: s.register } : {}),
        });
      }
      // 8. The check is read-only as it will be sent, and every command within its platform's limits.
      out.push(...readOnlyDiagnostics(s, sp, { doc, vars: { ...playVars, ...(ctx.extraVars ?? {}) }, targets: commandTargets(str(s.mode) ?? 'clish', s.fix, targets) }));
      const reg = str(s.register);
      if (reg !== undefined && str(s.id) !== undefined) registeredBefore.set(reg, String(s.id));
    });
  });
  return out;
}

function platformOf(h: InventoryHost): string {
  return platformOfVars(h.vars);
}

// The actions a (raw) step sends, each with the key that names it.
function stepActions(s: Rec, sp: JsonPath): { kind: ActionKind; path: JsonPath }[] {
  const out: { kind: ActionKind; path: JsonPath }[] = [];
  if (isRecord(s.check)) {
    if (s.check.api !== undefined) out.push({ kind: 'api', path: [...sp, 'check', 'api'] });
    else if (s.check.command !== undefined) out.push({ kind: 'command', path: [...sp, 'check', 'command'] });
  }
  if (Array.isArray(s.fix)) {
    s.fix.forEach((a, ai) => {
      if (!isRecord(a)) return;
      const kind: ActionKind | undefined = a.api !== undefined ? 'api' : a.reboot !== undefined ? 'reboot' : a.command !== undefined ? 'command' : undefined;
      if (kind) out.push({ kind, path: [...sp, 'fix', ai, kind] });
    });
  }
  return out;
}

// Where a step's commands run: each platform of its hosts (or, without an inventory, the one its mode implies)
// with each mode its check and fixes use.
function commandTargets(stepMode: string, fix: unknown, targets: InventoryHost[] | undefined): CommandTarget[] {
  const modes = new Set([stepMode]);
  if (Array.isArray(fix)) for (const a of fix) if (isRecord(a) && typeof a.mode === 'string') modes.add(a.mode);
  const out: CommandTarget[] = [];
  for (const mode of modes) {
    if (!(MODES as readonly string[]).includes(mode)) continue;
    const platforms = targets && targets.length > 0 ? new Set(targets.map(platformOf)) : new Set([platformForMode(mode)]);
    for (const platform of platforms) {
      if (isPlatform(platform) && modeFits(mode, platform)) out.push({ platform, mode: mode as CommandTarget['mode'] });
    }
  }
  return out;
}

interface SiteScope {
  ctx: CheckContext;
  out: Diagnostic[];
  playVars: Rec;
  hasLoop: boolean;
  loopVar: string;
  targets: InventoryHost[] | undefined;
  registeredBefore: Map<string, string>;
  registeredLater: Map<string, { step: string }>;
  hostsPattern: string;
  /** Variables the play's hosts' connections supply (httpapi: fmc_domain_uuid). */
  connectionVars: ReadonlySet<string>;
  /** The step's own `register`: its fix and remedy see the check's result under that name. */
  ownRegister?: string;
}

function checkSite(site: Site, sc: SiteScope): void {
  const { ctx, out } = sc;
  const start = ctx.doc.contentAt(site.path);
  let refs;
  try {
    refs = variableReferences(site.src, start, { expression: site.kind === 'expression' });
  } catch (err) {
    if (!(err instanceof TemplateError)) throw err;
    const pos = err.pos ?? start;
    const prefix = `${formatPos(pos)}: `;
    const msg = (err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message).replace(/^syntax error: /, '');
    out.push({ pos, message: `${site.kind === 'expression' ? 'expression' : 'template'} syntax error: ${msg}` });
    return;
  }
  const known = (name: string): boolean =>
    BUILTIN_VARS.includes(name) ||
    sc.connectionVars.has(name) ||
    (name === sc.ownRegister && (site.role === 'fix' || site.role === 'remedy')) ||
    Object.hasOwn(sc.playVars, name) ||
    Object.hasOwn(ctx.extraVars ?? {}, name) ||
    sc.registeredBefore.has(name) ||
    (sc.hasLoop && site.role !== 'loop' && name === sc.loopVar) ||
    (site.role === 'that' && CHECK_RESULT_VARS.includes(name));
  const onSomeHost = (name: string): boolean => (sc.targets ?? []).some((h) => Object.hasOwn(h.vars, name));
  const reported = new Set<string>();
  for (const ref of refs) {
    if (ref.guarded || known(ref.name) || reported.has(ref.name)) continue;
    const name = ref.name;
    const withInventory = ctx.inventory !== undefined;
    if (withInventory && onSomeHost(name)) continue;
    let message: string | undefined;
    const later = sc.registeredLater.get(name);
    if (CHECK_RESULT_VARS.includes(name)) message = `'${name}' is only defined inside check.expect.that`;
    else if (name === sc.loopVar && !sc.hasLoop) message = `'${name}' is only defined in a step with a 'loop'`;
    else if (name === 'item' && sc.hasLoop && sc.loopVar !== 'item') message = `'item' is not defined: this step's loop variable is '${sc.loopVar}'`;
    else if (name === sc.loopVar && site.role === 'loop') message = `'${name}' is not defined while the loop list itself is computed`;
    else if (later) message = `'${name}' is registered by step '${later.step}', which does not run before this`;
    else if (withInventory) {
      const candidates = [
        ...BUILTIN_VARS,
        ...Object.keys(sc.playVars),
        ...Object.keys(ctx.extraVars ?? {}),
        ...sc.registeredBefore.keys(),
        ...new Set((sc.targets ?? []).flatMap((h) => Object.keys(h.vars))),
      ];
      const hint = didYouMean(name, candidates);
      message = `undefined variable '${name}': no play var, vars_file, -e, earlier register or inventory var of hosts '${sc.hostsPattern}' defines it${hint ? ` (did you mean '${hint}'?)` : ''}`;
    }
    if (message) {
      reported.add(name);
      out.push({ pos: ref.pos, message });
    }
  }
}
