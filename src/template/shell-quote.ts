// POSIX shell quoting for the `quote` filter, matching Python's shlex.quote (what Ansible's `quote` uses).

// Characters that never need quoting in any POSIX shell word (shlex's safe set, ASCII only).
const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * Quote `s` so a POSIX shell reads it back as exactly one word equal to `s`. Safe words stay bare (as
 * shlex.quote leaves them), the empty string becomes `''`, anything else is single-quoted with each `'`
 * written as `'"'"'` (close quote, a double-quoted quote, reopen).
 */
export function shellQuote(s: string): string {
  if (s === '') return "''";
  if (SAFE.test(s)) return s;
  return `'${s.replaceAll("'", `'"'"'`)}'`;
}
