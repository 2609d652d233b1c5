// A small bash-like parser for expert/root lines: words with quotes and $-references, pipes,
// `;`, `&&`, `||`, and the redirections operators actually type (`2>&1`, `>/dev/null`, `2>/dev/null`).

export interface Redirect {
  fd: 1 | 2;
  /** `/dev/null`, a file path, or `&1` / `&2` for a dup. */
  target: string;
}

export interface SimpleCommand {
  argv: string[];
  redirects: Redirect[];
}

export interface Pipeline {
  commands: SimpleCommand[];
}

export interface ListItem {
  pipeline: Pipeline;
  /** How this item runs relative to the previous one's status. */
  when: 'always' | 'and' | 'or';
}

export type ParseResult = { ok: true; list: ListItem[] } | { ok: false; error: string };

type Token = { kind: 'word'; value: string } | { kind: 'op'; value: string };

/** Marks a `$NAME` reference inside a word; expanded when the command runs, so `false; echo $?` prints 1. */
const VAR_MARK = '\u0000';

/** Replace the variable marks in a word with their values at run time. */
export function expandWord(word: string, vars: (name: string) => string): string {
  if (!word.includes(VAR_MARK)) return word;
  // Marks come in pairs around a name: odd parts are names.
  return word
    .split(VAR_MARK)
    .map((part, i) => (i % 2 === 1 ? vars(part) : part))
    .join('');
}

/** Split a line into words and operators; `$?`, `$VAR` and `${VAR}` outside single quotes become marks. */
function tokenize(line: string): Token[] | string {
  const tokens: Token[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  const expand = (): void => {
    // at line[i] === '$'
    const rest = line.slice(i + 1);
    const m = /^\?/.exec(rest) ?? /^\{([A-Za-z_][A-Za-z0-9_]*)\}/.exec(rest) ?? /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest);
    if (!m) {
      word += '$';
      i++;
      return;
    }
    const name = m[1] ?? m[0];
    word += VAR_MARK + name + VAR_MARK;
    i += 1 + m[0].length;
  };
  const flush = (): void => {
    if (inWord) tokens.push({ kind: 'word', value: word });
    word = '';
    inWord = false;
  };
  while (i < line.length) {
    const c = line[i] as string;
    if (c === ' ' || c === '\t') {
      flush();
      i++;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end === -1) return "unexpected EOF while looking for matching `''";
      word += line.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      inWord = true;
      i++;
      while (i < line.length && line[i] !== '"') {
        if (line[i] === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1] as string)) {
          word += line[i + 1];
          i += 2;
        } else if (line[i] === '$') {
          expand();
        } else {
          word += line[i];
          i++;
        }
      }
      if (i >= line.length) return 'unexpected EOF while looking for matching `"\'';
      i++;
    } else if (c === '\\') {
      if (i + 1 < line.length) word += line[i + 1];
      inWord = true;
      i += 2;
    } else if (c === '$') {
      inWord = true;
      expand();
    } else if (line.startsWith('2>&1', i) || line.startsWith('1>&2', i) || line.startsWith('>&2', i)) {
      flush();
      const op = line.startsWith('>&2', i) ? '>&2' : line.slice(i, i + 4);
      tokens.push({ kind: 'op', value: op });
      i += op.length;
    } else if (line.startsWith('&&', i) || line.startsWith('||', i) || line.startsWith('2>', i) || line.startsWith('>>', i)) {
      // `2>` only counts as a redirection at the start of a word.
      if (line.startsWith('2>', i) && inWord) {
        word += c;
        i++;
        continue;
      }
      flush();
      tokens.push({ kind: 'op', value: line.slice(i, i + 2) });
      i += 2;
    } else if (c === '|' || c === ';' || c === '>' || c === '<' || c === '&') {
      flush();
      tokens.push({ kind: 'op', value: c });
      i++;
    } else if (c === '#' && !inWord) {
      break;
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  flush();
  return tokens;
}

/** Parse one line into a list of pipelines; errors read like bash's. */
export function parseShellLine(line: string): ParseResult {
  const tokens = tokenize(line);
  if (typeof tokens === 'string') return { ok: false, error: tokens };
  const list: ListItem[] = [];
  let commands: SimpleCommand[] = [];
  let current: SimpleCommand = { argv: [], redirects: [] };
  let when: ListItem['when'] = 'always';
  const syntax = (tok: string): ParseResult => ({ ok: false, error: `syntax error near unexpected token \`${tok}'` });
  const endCommand = (): boolean => {
    if (current.argv.length === 0 && current.redirects.length === 0) return false;
    commands.push(current);
    current = { argv: [], redirects: [] };
    return true;
  };
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k] as Token;
    if (t.kind === 'word') {
      current.argv.push(t.value);
      continue;
    }
    switch (t.value) {
      case '|':
        if (!endCommand()) return syntax('|');
        break;
      case ';':
      case '&&':
      case '||':
      case '&': {
        const had = endCommand();
        if (!had && commands.length === 0) return syntax(t.value);
        if (!had) return syntax(t.value);
        list.push({ pipeline: { commands }, when });
        commands = [];
        when = t.value === '&&' ? 'and' : t.value === '||' ? 'or' : 'always';
        break;
      }
      case '2>&1':
        current.redirects.push({ fd: 2, target: '&1' });
        break;
      case '1>&2':
      case '>&2':
        current.redirects.push({ fd: 1, target: '&2' });
        break;
      case '>':
      case '>>':
      case '2>':
      case '<': {
        const next = tokens[k + 1];
        if (!next || next.kind !== 'word') return syntax(next ? next.value : 'newline');
        k++;
        if (t.value !== '<') current.redirects.push({ fd: t.value === '2>' ? 2 : 1, target: next.value });
        break;
      }
      default:
        return syntax(t.value);
    }
  }
  if (current.argv.length > 0 || current.redirects.length > 0) commands.push(current);
  if (commands.length > 0) list.push({ pipeline: { commands }, when });
  else if (list.length > 0 && when !== 'always') return syntax('newline');
  return { ok: true, list };
}
