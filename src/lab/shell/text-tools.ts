// cat/more/tail/head/grep/wc/echo over the simulated files or the piped stdin.
import { readError, readFile, resolvePath } from './files.js';
import { fail, ok, stderr, stdout, type CmdContext, type CmdResult } from './types.js';

function home(ctx: CmdContext): string {
  return ctx.root ? '/root' : '/home/admin';
}

// Read each file argument (or stdin when none); errors go to stderr and make the status 1.
function inputs(tool: string, files: string[], ctx: CmdContext): { text: string; errors: string[] } {
  if (files.length === 0) return { text: ctx.stdin ?? '', errors: [] };
  let text = '';
  const errors: string[] = [];
  for (const f of files) {
    const r = readFile(ctx.device, resolvePath(f, ctx.cwd, home(ctx)), ctx.root);
    if (r.ok) text += r.text;
    else errors.push(readError(tool, f, r.error));
  }
  return { text, errors };
}

function withErrors(text: string, errors: string[], status = errors.length > 0 ? 1 : 0): CmdResult {
  return { out: [...(text ? [stdout(text)] : []), ...errors.map((e) => stderr(e))], status };
}

function lines(text: string): string[] {
  const l = text.split('\n');
  if (l[l.length - 1] === '') l.pop();
  return l;
}

/** `cat`, `more`, `less`: the files' contents (no paging: output fits the screen or goes to a pipe). */
export function cat(argv: string[], ctx: CmdContext): CmdResult {
  const files = argv.slice(1).filter((a) => !a.startsWith('-'));
  const { text, errors } = inputs(argv[0] ?? 'cat', files, ctx);
  return withErrors(text, errors);
}

function countOption(tool: string, argv: string[]): { n: number; files: string[] } | string {
  let n = 10;
  const files: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '-n' || a === '--lines') {
      const v = argv[++i];
      if (v === undefined || !/^\d+$/.test(v)) return `${tool}: invalid number of lines: '${v ?? ''}'\n`;
      n = Number(v);
    } else if (/^-n\d+$/.test(a)) n = Number(a.slice(2));
    else if (/^--lines=\d+$/.test(a)) n = Number(a.slice(8));
    else if (/^-\d+$/.test(a)) n = Number(a.slice(1));
    else if (a === '-f' || a === '-F' || a === '--follow') continue; // the lab prints the current tail and returns
    else if (a.startsWith('-') && a !== '-') return `${tool}: invalid option -- '${a.slice(1)}'\nTry '${tool} --help' for more information.\n`;
    else files.push(a);
  }
  return { n, files };
}

/** `tail [-n N] [FILE]`. */
export function tail(argv: string[], ctx: CmdContext): CmdResult {
  const opt = countOption('tail', argv);
  if (typeof opt === 'string') return fail(1, opt);
  const { text, errors } = inputs('tail', opt.files, ctx);
  const l = lines(text);
  const kept = opt.n === 0 ? [] : l.slice(-opt.n);
  return withErrors(kept.length ? kept.join('\n') + '\n' : '', errors.map((e) => e.replace(/^tail: (.*): (No such|Permission|Is a)/, "tail: cannot open '$1' for reading: $2")));
}

/** `head [-n N] [FILE]`. */
export function head(argv: string[], ctx: CmdContext): CmdResult {
  const opt = countOption('head', argv);
  if (typeof opt === 'string') return fail(1, opt);
  const { text, errors } = inputs('head', opt.files, ctx);
  const kept = lines(text).slice(0, opt.n);
  return withErrors(kept.length ? kept.join('\n') + '\n' : '', errors);
}

/** `wc -l`. */
export function wc(argv: string[], ctx: CmdContext): CmdResult {
  const files = argv.slice(1).filter((a) => !a.startsWith('-'));
  const { text, errors } = inputs('wc', files, ctx);
  const n = (text.match(/\n/g) ?? []).length;
  return withErrors(files.length ? `${n} ${files.join(' ')}\n` : `${n}\n`, errors);
}

// grep's default syntax is POSIX basic regex: `+ ? ( ) { } |` are literal unless escaped.
function basicToJs(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\' && i + 1 < pattern.length) {
      const n = pattern[i + 1] as string;
      out += '+?(){}|'.includes(n) ? n : '\\' + n;
      i++;
    } else if ('+?(){}|'.includes(c)) out += '\\' + c;
    else out += c;
  }
  return out;
}

/** `grep [-i] [-v] [-c] [-q] [-E|-F] [-e PATTERN] PATTERN [FILE…]`: status 0 when a line matched, 1 when none, 2 on error. */
export function grep(argv: string[], ctx: CmdContext): CmdResult {
  let ignoreCase = false;
  let invert = false;
  let count = false;
  let quiet = false;
  let syntax: 'basic' | 'extended' | 'fixed' = argv[0] === 'egrep' ? 'extended' : argv[0] === 'fgrep' ? 'fixed' : 'basic';
  let pattern: string | undefined;
  const files: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '-e') {
      pattern = argv[++i];
    } else if (a.startsWith('-') && a.length > 1 && pattern === undefined) {
      for (const f of a.slice(1)) {
        if (f === 'i') ignoreCase = true;
        else if (f === 'v') invert = true;
        else if (f === 'c') count = true;
        else if (f === 'q') quiet = true;
        else if (f === 'E') syntax = 'extended';
        else if (f === 'F') syntax = 'fixed';
        else return fail(2, `grep: invalid option -- '${f}'\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n`);
      }
    } else if (pattern === undefined) pattern = a;
    else files.push(a);
  }
  if (pattern === undefined) return fail(2, "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n");
  let re: RegExp;
  try {
    const src = syntax === 'fixed' ? pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : syntax === 'basic' ? basicToJs(pattern) : pattern;
    re = new RegExp(src, ignoreCase ? 'i' : '');
  } catch {
    return fail(2, 'grep: Unmatched ( or \\(\n');
  }
  const { text, errors } = inputs('grep', files, ctx);
  const matched = lines(text).filter((l) => re.test(l) !== invert);
  const status = errors.length > 0 && matched.length === 0 ? 2 : matched.length > 0 ? 0 : 1;
  if (quiet) return { out: [], status };
  const body = count ? `${matched.length}\n` : matched.length ? matched.join('\n') + '\n' : '';
  return withErrors(body, errors, status);
}

/** `echo [-n] args…`. */
export function echo(argv: string[]): CmdResult {
  const args = argv.slice(1);
  const noNewline = args[0] === '-n';
  const text = (noNewline ? args.slice(1) : args).join(' ');
  return ok(noNewline ? text : text + '\n');
}
