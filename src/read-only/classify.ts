// The read-only classifier: is this command, exactly as it will be sent, free of changes? Pure; used by
// `validate` (on what a template shows before rendering) and by the session's check-mode guard (on the
// rendered command, at the moment it is sent).
import { isStatic, notKnown, show } from './arg-tools.js';
import { parseShell, type Redirect, type ShellCommand, type ShellList, type SimpleCommand, type Word } from './shell-parse.js';
import { PROGRAM_DIRS, PROGRAMS, SAFE_ASSIGNMENT, type Recurse } from './shell-programs.js';
import { combine, PLACEHOLDER_QUOTED, PLACEHOLDER_RAW, readOnly, refused, unknown, type CommandTarget, type Verdict } from './verdict.js';

const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'case', 'esac', 'for', 'select', 'while', 'until', 'do', 'done', 'function', 'time', 'coproc', '[[', ']]']);
const OUTPUT_OPS = new Set(['>', '>>', '>|', '&>', '&>>']);
/** CLISH output filters (ASA-style `| include …`); `redirect`, `append`, `tee` would write files. */
const CLISH_FILTERS = new Set(['include', 'exclude', 'begin', 'grep']);

const hasPlaceholder = (text: string): boolean => text.includes(PLACEHOLDER_QUOTED) || text.includes(PLACEHOLDER_RAW);

// A fleet sends the same few commands to every device: each (platform, mode, command) is classified once. The
// verdict depends on nothing else (the classifier is pure); verdicts are never modified. Bounded, so commands made
// of per-host values cannot grow it without end.
const seen = new Map<string, Verdict>();
const SEEN_MAX = 4096;

/** Classify one command for the platform and mode it is sent in. */
export function classifyCommand(command: string, target: CommandTarget): Verdict {
  const key = `${target.platform}\n${target.mode}\n${command}`;
  let verdict = seen.get(key);
  if (verdict === undefined) {
    verdict = target.mode === 'clish' ? classifyClish(command) : classifyShell(command);
    if (seen.size < SEEN_MAX) seen.set(key, verdict);
  }
  return verdict;
}

// CLISH: `show …` only, with at most one ASA-style output filter; no shell-like syntax at all.
function classifyClish(command: string): Verdict {
  const text = command.trim();
  const bad = /[;`<>]|\$\(/.exec(text);
  if (bad) return refused(`'${bad[0]}' has no place in a read-only CLISH command`);
  const bar = text.indexOf('|');
  const words = (bar === -1 ? text : text.slice(0, bar)).trim().split(/ +/);
  const verb = words[0] ?? '';
  if (hasPlaceholder(verb)) return unknown('the CLISH command word comes from a template value: classified again when the command is sent');
  if (verb !== 'show') {
    return refused(`'${verb || text}' is not a read-only CLISH command: only 'show …' is accepted in clish mode (CLISH completes abbreviations, so it must be the full word)`);
  }
  if (bar !== -1) {
    const filter = text.slice(bar + 1).trim().split(/ +/)[0] ?? '';
    if (hasPlaceholder(filter)) return unknown('the CLISH output filter comes from a template value: classified again when the command is sent');
    if (!CLISH_FILTERS.has(filter)) return refused(`'| ${filter}' is not a read-only CLISH output filter (only include, exclude, begin, grep)`);
    if (/\s\|\s/.test(text.slice(bar + 1))) return refused("only one CLISH output filter ('| include …') is accepted");
  }
  if (hasPlaceholder(text)) return unknown('part of the show command comes from a template value: classified again when the command is sent');
  return readOnly('show only shows');
}

interface Walk {
  verdicts: Verdict[];
  raw: boolean;
}

function classifyShell(command: string): Verdict {
  const parsed = parseShell(command);
  if (!parsed.ok) return refused(`it cannot be read as a plain shell command: ${parsed.reason}`);
  const walk: Walk = { verdicts: [], raw: false };
  walkList(parsed.list, walk);
  for (const sub of parsed.substitutions) walkList(sub, walk);
  const verdict = combine(walk.verdicts, 'every program in it is on the read-only list with read-only arguments');
  if (verdict.kind === 'read-only' && walk.raw) {
    return unknown('an unquoted template value could add shell syntax (; | && $( … )): classified again when the command is sent (pass values through `| quote`)');
  }
  return verdict;
}

function walkList(list: ShellList, walk: Walk): void {
  for (const item of list.items) {
    if (item.then === '&') walk.verdicts.push(refused("'&' starts a background job that outlives the check"));
    for (const cmd of item.commands) walkCommand(cmd, walk);
  }
}

function walkCommand(cmd: ShellCommand, walk: Walk): void {
  for (const r of cmd.redirects) walk.verdicts.push(classifyRedirect(r));
  if (cmd.kind !== 'simple') {
    walkList(cmd.list, walk);
    return;
  }
  for (const w of [...cmd.assignments, ...cmd.words, ...cmd.redirects.map((r) => r.target)]) if (w.raw) walk.raw = true;
  walk.verdicts.push(classifySimple(cmd));
}

function classifyRedirect(r: Redirect): Verdict {
  if (r.op === '<' || r.op === '<<<' || r.op === '<&') return readOnly('reads input');
  if (r.op === '<>') return refused("'<>' opens a file for writing");
  if (r.op === '>&' && isStatic(r.target) && /^([0-9]+|-)$/.test(r.target.value)) return readOnly('duplicates an output');
  if (OUTPUT_OPS.has(r.op) || r.op === '>&') {
    if (!isStatic(r.target)) return notKnown(r.target, `the target of '${r.op}'`);
    return r.target.value === '/dev/null' ? readOnly('discards output') : refused(`'${r.op} ${r.target.value}' writes a file (only /dev/null is allowed)`);
  }
  return refused(`the redirection '${r.op}' is not known to be read-only`);
}

const recurse: Recurse = {
  argv: (words) => classifySimple({ kind: 'simple', assignments: [], words, redirects: [] }),
  line: (line) => (isStatic(line) ? classifyShell(line.value) : notKnown(line, 'the command of su -c')),
};

function classifySimple(cmd: SimpleCommand): Verdict {
  const verdicts: Verdict[] = [];
  for (const a of cmd.assignments) {
    const name = a.value.slice(0, a.value.indexOf('=')).replace(/\+$/, '');
    if (!SAFE_ASSIGNMENT.test(name)) verdicts.push(refused(`setting ${name} is not harmless (only LC_*, LANG, TZ, COLUMNS, LINES, TERM may be set)`));
  }
  const [program, ...args] = cmd.words;
  if (program === undefined) return combine(verdicts, 'only sets locale or terminal variables');
  verdicts.push(classifyProgram(program, args));
  return combine(verdicts, 'read-only');
}

function classifyProgram(program: Word, args: Word[]): Verdict {
  if (!isStatic(program)) return notKnown(program, 'the program name');
  const name = program.value;
  let base = name;
  if (name.includes('/')) {
    if (!PROGRAM_DIRS.test(name)) return refused(`${show(program)} is not in a system program directory`);
    base = name.slice(name.lastIndexOf('/') + 1);
  }
  const rule = PROGRAMS.get(base);
  if (rule === undefined) {
    const keyword = KEYWORDS.has(base) ? ' (compound commands are not allowed in a check)' : '';
    return refused(`'${base}' is not on the read-only list${keyword}`);
  }
  return rule(args, recurse);
}
