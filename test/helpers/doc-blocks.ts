// The README's command blocks, for the doc test: every fenced block in a shell language (sh, bash, shell) is a
// command block and runs, unless the line before its fence is `<!-- doctest: skip REASON -->` (a reason is
// required: a block that cannot run must say why). Other blocks (yaml, cron, output samples) are not commands.
// Each command (a line, or lines joined by a trailing backslash) must exit 0, or the code its trailing comment
// names (`# exit 2: …`): a reader sees the same.

export interface DocCommand {
  /** 1-based line in the Markdown file of the command's first line. */
  line: number;
  text: string;
  expectedExit: number;
}

export interface DocBlock {
  line: number;
  lang: string;
  skip?: string;
  commands: DocCommand[];
}

const SHELL = new Set(['sh', 'bash', 'shell']);
const SKIP = /^<!--\s*doctest:\s*skip\b\s*(.*?)\s*-->$/;

/** The shell blocks of a Markdown text, with their commands; throws on a skip marker without a reason or an unclosed fence. */
export function shellBlocks(markdown: string, file = 'README.md'): DocBlock[] {
  const lines = markdown.split('\n');
  const blocks: DocBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,}|~{3,})\s*([\w-]*)/.exec(lines[i] as string);
    if (!open) continue;
    const fence = open[1] as string;
    const lang = (open[2] ?? '').toLowerCase();
    let end = i + 1;
    while (end < lines.length && !(lines[end] as string).startsWith(fence)) end++;
    if (end >= lines.length) throw new Error(`${file}:${i + 1}: code block never closed`);
    if (SHELL.has(lang)) {
      const prev = (lines[i - 1] ?? '').trim();
      const marker = SKIP.exec(prev);
      if (marker && (marker[1] ?? '') === '') throw new Error(`${file}:${i}: "doctest: skip" needs a reason`);
      const block: DocBlock = { line: i + 1, lang, commands: commandsOf(lines.slice(i + 1, end), i + 2) };
      if (marker) block.skip = marker[1] as string;
      blocks.push(block);
    }
    i = end;
  }
  return blocks;
}

function commandsOf(body: string[], firstLine: number): DocCommand[] {
  const out: DocCommand[] = [];
  let parts: string[] = [];
  let start = 0;
  body.forEach((raw, k) => {
    if (parts.length === 0 && (raw.trim() === '' || raw.trim().startsWith('#'))) return;
    if (parts.length === 0) start = firstLine + k;
    parts.push(raw);
    if (raw.endsWith('\\')) return;
    const text = parts.join('\n');
    const exit = /#[^\n]*\bexit (\d+)\b[^\n]*$/.exec(raw);
    out.push({ line: start, text, expectedExit: exit ? Number(exit[1]) : 0 });
    parts = [];
  });
  return out;
}

/**
 * A bash script running the commands in order in the current directory, each checked against its expected exit
 * code; `firemend` is the built CLI, and `firemend lab` runs in the background as in a second terminal (the script
 * waits for its `ready:` line and stops it at the end).
 */
export function scriptFor(blocks: readonly DocBlock[], cli: string, file = 'README.md'): string {
  const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
  const lines = [
    'set -uo pipefail',
    'LAB_PIDS=""',
    "trap 'for p in $LAB_PIDS; do kill $p 2>/dev/null; wait $p 2>/dev/null; done' EXIT",
    'firemend() {',
    '  if [ "${1:-}" = lab ]; then',
    '    local log; log="$(mktemp)"',
    `    node ${q(cli)} "$@" >"$log" 2>&1 &`,
    '    local pid=$!; LAB_PIDS="$LAB_PIDS $pid"',
    '    until grep -q "^ready:" "$log"; do',
    '      if ! kill -0 "$pid" 2>/dev/null; then cat "$log" >&2; wait "$pid"; return $?; fi',
    '      sleep 0.2',
    '    done',
    '    cat "$log"; return 0',
    '  fi',
    `  node ${q(cli)} "$@"`,
    '}',
  ];
  for (const b of blocks) {
    if (b.skip !== undefined) continue;
    for (const c of b.commands) {
      const where = `${file}:${c.line}`;
      lines.push(`echo ${q(`\n$ ${c.text}   # ${where}`)}`, c.text, `rc=$?`, `if [ $rc -ne ${c.expectedExit} ]; then echo ${q(`${where}: `)}"exit $rc, expected ${c.expectedExit}" >&2; exit 1; fi`);
    }
  }
  lines.push('echo "doctest: every command ran as printed"');
  return lines.join('\n') + '\n';
}
