// Jinja-like templating (`{{ expr | filter }}`) and safe expressions for `when:` / `expect.that`.
// Public API only; the implementation lives in the sibling files. No eval/Function, ever.
//
// Files: lexer.ts (tokens) → parser.ts (AST, ast.ts) → evaluate.ts (values.ts, filters.ts, predicates.ts)
// → render.ts; references.ts walks the AST for the loader; cache.ts keeps parsed trees by source text.

/** Variables visible to a template: play vars, host vars, extra vars, registered results, loop item … */
export type { Vars } from './evaluate.js';

/** evaluate: an expression (no braces) to a value. evaluateBool: the same with Jinja truthiness, for `when:` / `that:`. */
export { evaluate, evaluateBool } from './evaluate.js';

/** renderTemplate: a template to a string. renderValue: a lone `{{ expr }}` to its native value, else as renderTemplate. */
export { renderTemplate, renderValue } from './render.js';

/** Top-level variable names a template (or, with `expression: true`, a bare expression) reads, with positions. */
export { referencedVariables, variableReferences, type VariableReference } from './references.js';

/** POSIX shell quoting as the `quote` filter does it (Python shlex.quote). */
export { shellQuote } from './shell-quote.js';
