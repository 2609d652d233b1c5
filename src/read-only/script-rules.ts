// sed and awk carry programs of their own: read-only only when the program cannot write a file or run a
// command. sed: no -i, no w/W/e/r/R/a/i/c/v commands, no w/e flags on s. awk: no system(), no pipes to or
// from commands, no output redirection in print/printf, no @load/@include, no program from a file.
import { isStatic, notKnown, show, valueText, walkOptions } from './arg-tools.js';
import type { Word } from './shell-parse.js';
import { readOnly, refused, type Verdict } from './verdict.js';

const SED_PLAIN = new Set('pPdDnNgGhHxlqQzF='.split(''));
const S_FLAGS = /^[gpiImMe w0-9]$/;

function sedDelimited(script: string, i: number): number {
  // i is at the delimiter; returns the index of the closing delimiter.
  const d = script[i];
  for (let k = i + 1; k < script.length; k++) {
    if (script[k] === '\\') k++;
    else if (script[k] === d) return k;
  }
  return -1;
}

/** Why a sed script can change something, or undefined when it only prints. */
function sedScriptProblem(script: string): string | undefined {
  let i = 0;
  const n = script.length;
  while (i < n) {
    const c = script[i] as string;
    if (' \t\n;'.includes(c)) {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < n && script[i] !== '\n') i++;
      continue;
    }
    // addresses: line numbers, $, /re/, \cREc, first~step, ranges, negation
    if (/[0-9$~,+!]/.test(c)) {
      i++;
      continue;
    }
    if (c === '/' || c === '\\') {
      const start = c === '\\' ? i + 1 : i;
      const end = sedDelimited(script, start);
      if (end === -1) return 'an unterminated address';
      i = end + 1;
      while (i < n && /[IM]/.test(script[i] as string)) i++;
      continue;
    }
    if (c === '{' || c === '}') {
      i++;
      continue;
    }
    if (c === ':' || c === 'b' || c === 't' || c === 'T') {
      while (i < n && script[i] !== ';' && script[i] !== '\n') i++;
      continue;
    }
    if (c === 's' || c === 'y') {
      const mid = sedDelimited(script, i + 1);
      const end = mid === -1 ? -1 : sedDelimited(script, mid);
      if (end === -1) return `an unterminated ${c} command`;
      i = end + 1;
      if (c === 's') {
        while (i < n && !';}\n'.includes(script[i] as string)) {
          const f = script[i] as string;
          if (!S_FLAGS.test(f)) return `the s flag '${f}'`;
          if (f === 'w') return 'the s///w flag (writes a file)';
          if (f === 'e') return 'the s///e flag (runs a command)';
          i++;
        }
      }
      continue;
    }
    if (SED_PLAIN.has(c)) {
      i++;
      while (i < n && /[0-9 ]/.test(script[i] as string)) i++;
      continue;
    }
    const what: Record<string, string> = { w: 'writes a file', W: 'writes a file', e: 'runs a command', r: 'reads a file into the output', R: 'reads a file into the output', a: 'appends text', i: 'inserts text', c: 'changes text', v: 'is a GNU extension' };
    return `the '${c}' command${what[c] ? ` (${what[c]})` : ''}`;
  }
  return undefined;
}

/** sed without in-place editing and with a script that only prints. */
export function sedRule(args: Word[]): Verdict {
  const scripts: Word[] = [];
  let sawScriptOption = false;
  const operands: Word[] = [];
  const v = walkOptions(args, { shortWithArg: 'efl', longWithArg: ['--expression', '--file', '--line-length'] }, ({ option, value, operand }) => {
    if (operand) {
      operands.push(operand);
      return undefined;
    }
    if (option === '-i' || option === '--in-place') return refused('sed -i edits files in place');
    if (option === '-f' || option === '--file') return refused('sed -f reads its script from a file, which cannot be checked');
    if (option === '-e' || option === '--expression') {
      sawScriptOption = true;
      if (value === undefined) return refused('sed -e needs a script');
      if (typeof value === 'string') scripts.push({ value, dynamic: false, raw: false, quoted: true, globStart: false, substituted: false });
      else scripts.push(value);
      return undefined;
    }
    if (['-n', '--quiet', '--silent', '-E', '-r', '--regexp-extended', '-s', '--separate', '-u', '--unbuffered', '-z', '--null-data', '--posix', '--debug', '--sandbox', '-l', '--line-length', '-b', '--binary'].includes(option ?? '')) return undefined;
    return refused(`sed option ${option} is not known to be read-only`);
  });
  if (v) return v;
  if (!sawScriptOption) {
    const first = operands.shift();
    if (first === undefined) return refused('sed without a script');
    scripts.push(first);
  }
  for (const s of scripts) {
    if (!isStatic(s)) return notKnown(s, 'the sed script');
    const problem = sedScriptProblem(s.value);
    if (problem) return refused(`sed script ${show(s)} has ${problem}`);
  }
  return readOnly('sed only prints');
}

// Blank out awk string literals and regex literals so keywords inside them do not count.
function awkCode(program: string): string {
  let out = '';
  let prev = '';
  for (let i = 0; i < program.length; i++) {
    const c = program[i] as string;
    if (c === '"' || (c === '/' && (prev === '' || '(,{;!~&|=:?\n'.includes(prev)))) {
      let k = i + 1;
      for (; k < program.length && program[k] !== c; k++) if (program[k] === '\\') k++;
      out += c + ' '.repeat(Math.max(0, k - i - 1)) + c;
      i = k;
      prev = 'x';
      continue;
    }
    out += c;
    if (c.trim() !== '') prev = c;
  }
  return out;
}

/** Why an awk program can change something, or undefined when it only reads and prints. */
function awkProgramProblem(program: string): string | undefined {
  const code = awkCode(program);
  if (/\bsystem\s*\(/.test(code)) return 'system() (runs a command)';
  if (code.includes('@')) return '@ (gawk @load, @include or an indirect call)';
  if (/(^|[^|])\|(?!\|)/.test(code.replace(/\|\|/g, '  '))) return "'|' (a pipe to or from a command)";
  const printAt = /\bprintf?\b/g;
  for (let m = printAt.exec(code); m; m = printAt.exec(code)) {
    let depth = 0;
    for (let k = m.index + m[0].length; k < code.length; k++) {
      const c = code[k] as string;
      if (c === '(') depth++;
      else if (c === ')') depth--;
      else if (depth <= 0 && (c === ';' || c === '}' || c === '\n')) break;
      else if (depth <= 0 && c === '>') return "'>' after print (output redirected to a file)";
    }
  }
  return undefined;
}

/** awk with a program that only reads and prints. */
export function awkRule(args: Word[]): Verdict {
  let program: Word | undefined;
  const v = walkOptions(args, { shortWithArg: 'Fvfeil', longWithArg: ['--field-separator', '--assign', '--file', '--source', '--include', '--load'] }, ({ option, value, operand }) => {
    if (operand) {
      if (program === undefined) program = operand;
      return undefined;
    }
    if (option === '-f' || option === '--file' || option === '-E' || option === '--exec') return refused(`awk ${option} reads its program from a file, which cannot be checked`);
    if (option === '-i' || option === '--include' || option === '-l' || option === '--load') return refused(`awk ${option} loads code`);
    if (option === '-e' || option === '--source') {
      if (value === undefined) return refused('awk -e needs a program');
      const text = valueText(value);
      if (text === undefined) return notKnown(value as Word, 'the awk program');
      const problem = awkProgramProblem(text);
      return problem ? refused(`awk program has ${problem}`) : undefined;
    }
    if (option === '-F' || option === '--field-separator' || option === '-v' || option === '--assign') return undefined;
    if (['--sandbox', '--posix', '--traditional', '-b', '--characters-as-bytes', '-c', '-P', '-r', '--re-interval', '-S'].includes(option ?? '')) return undefined;
    return refused(`awk option ${option} is not known to be read-only`);
  });
  if (v) return v;
  if (program !== undefined) {
    if (!isStatic(program)) return notKnown(program, 'the awk program');
    const problem = awkProgramProblem(program.value);
    if (problem) return refused(`awk program ${show(program)} has ${problem}`);
  }
  return readOnly('awk only reads and prints');
}
