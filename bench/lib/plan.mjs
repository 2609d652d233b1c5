// The work plan: per host, the exact device commands (and the mode each runs in) that a firemend run did.
// The floor and the peers replay it, so every contender does the same SSH work by construction.
//
// Primary source: a firemend JSON report (rendered check commands, per host, in run order) joined with the
// playbook (the mode of each step, the mode of each fix command). Fallback when no report exists yet: the
// playbook's check commands rendered with the host's inventory vars (plain `{{ var }}` and `| join(',')` only).
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** Index the playbook's steps by id: { mode, fixModes: [mode per command action], answers: [...] }. */
export function loadStepModes(playbookPath) {
  const plays = parse(readFileSync(playbookPath, 'utf8')) ?? [];
  const steps = new Map();
  for (const play of plays) {
    for (const s of play.steps ?? []) {
      const mode = s.mode ?? 'clish';
      const fixModes = [];
      const fixAnswers = [];
      for (const f of s.fix ?? []) {
        if (f && typeof f === 'object' && 'command' in f) {
          fixModes.push(f.mode ?? mode);
          fixAnswers.push(normalizeAnswers(f.answers));
        }
      }
      steps.set(s.id, { mode, fixModes, fixAnswers, step: s, vars: play.vars ?? {} });
    }
  }
  return { plays, steps };
}

function normalizeAnswers(answers) {
  if (!Array.isArray(answers)) return [];
  return answers.map((a) => ({ expect: String(a.expect ?? a.prompt ?? ''), answer: String(a.answer ?? '') }));
}

const baseId = (id) => id.replace(/\[\d+\]$/, '');

/**
 * Build the plan from a report: { source, mode, hosts: Map(name → actions) }; an action is
 * { kind: 'cmd', mode, command, answers } or { kind: 'reboot' }. Unreachable hosts get no actions.
 */
export function planFromReport(reportPath, playbookPath) {
  const report = JSON.parse(readFileSync(reportPath, 'utf8'));
  const { steps } = loadStepModes(playbookPath);
  const hosts = new Map();
  for (const h of report.hosts ?? []) {
    const actions = [];
    if (h.status !== 'unreachable') {
      for (const s of h.steps ?? []) {
        const meta = steps.get(baseId(s.id));
        if (!meta) throw new Error(`plan: step ${s.id} of the report is not in ${playbookPath}`);
        if (!s.check || typeof s.check.command !== 'string') continue;
        actions.push({ kind: 'cmd', purpose: 'check', step: s.id, mode: meta.mode, command: s.check.command, answers: [] });
        if (s.fix && s.fix.sent) {
          s.fix.commands.forEach((c, i) => {
            actions.push({ kind: 'cmd', purpose: 'fix', step: s.id, mode: meta.fixModes[i] ?? meta.mode, command: c, answers: meta.fixAnswers[i] ?? [] });
          });
          if (s.fix.reboot) actions.push({ kind: 'reboot', step: s.id });
          if (s.verify) actions.push({ kind: 'cmd', purpose: 'check', step: s.id, mode: meta.mode, command: s.check.command, answers: [] });
        }
      }
    }
    hosts.set(h.name, actions);
  }
  return { source: 'report', mode: report.mode, hosts };
}

// Only what the fallback needs: `{{ name }}`, `{{ name | join(',') }}`, `{{ name | upper|lower }}`.
function renderSimple(src, vars) {
  return String(src).replace(/\{\{\s*([\w.]+)\s*((?:\|\s*[\w]+(?:\([^)]*\))?\s*)*)\}\}/g, (_m, name, filters) => {
    let v = name.split('.').reduce((o, k) => (o == null ? undefined : o[k]), vars);
    if (v === undefined) throw new Error(`plan: undefined variable ${name} in ${src}`);
    for (const f of filters.split('|').map((x) => x.trim()).filter(Boolean)) {
      const m = /^(\w+)(?:\((.*)\))?$/.exec(f);
      if (m[1] === 'join') v = v.join(m[2] ? m[2].trim().replace(/^['"]|['"]$/g, '') : '');
      else if (m[1] === 'upper') v = String(v).toUpperCase();
      else if (m[1] === 'lower') v = String(v).toLowerCase();
      else throw new Error(`plan: filter ${m[1]} is not supported by the fallback renderer`);
    }
    return String(v);
  });
}

/** Build a check-mode plan from the playbook alone (no report): every step's check, `when:` ignored. */
export function planFromPlaybook(playbookPath, inventoryHosts, extraVars = {}) {
  const { plays } = loadStepModes(playbookPath);
  const hosts = new Map();
  for (const ih of inventoryHosts) {
    const actions = [];
    for (const play of plays) {
      for (const s of play.steps ?? []) {
        if (!s.check?.command) continue;
        const vars = { ...(play.vars ?? {}), ...ih.vars, ...extraVars };
        let items = [undefined];
        if (s.loop !== undefined) {
          items = Array.isArray(s.loop) ? s.loop : renderList(s.loop, vars);
        }
        for (const item of items) {
          const v = item === undefined ? vars : { ...vars, [s.loop_var ?? 'item']: item };
          actions.push({ kind: 'cmd', purpose: 'check', step: s.id, mode: s.mode ?? 'clish', command: renderSimple(s.check.command, v), answers: [] });
        }
      }
    }
    hosts.set(ih.name, actions);
  }
  return { source: 'playbook', mode: 'check', hosts };
}

function renderList(src, vars) {
  const m = /^\{\{\s*([\w.]+)\s*\}\}$/.exec(String(src).trim());
  if (!m) throw new Error(`plan: loop ${src} is not supported by the fallback renderer`);
  const v = m[1].split('.').reduce((o, k) => (o == null ? undefined : o[k]), vars);
  if (!Array.isArray(v)) throw new Error(`plan: loop ${src} is not a list`);
  return v;
}

/** Serialise a plan for the Python/Ansible peers: { source, mode, hosts: { name: [actions] } }. */
export function planToJson(plan) {
  return JSON.stringify({ source: plan.source, mode: plan.mode, hosts: Object.fromEntries(plan.hosts) });
}
