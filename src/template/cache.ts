// Parsed trees keyed by source text: a playbook's templates are rendered once per host (and per loop item),
// but parsed once. Trees hold offsets only, so one tree serves every position the same text appears at.
import type { Node, Segment } from './ast.js';
import { parseExpression, parseTemplate } from './parser.js';

// Bounded so a long-lived process rendering ever-new strings cannot grow without limit.
const MAX_ENTRIES = 5000;
const expressions = new Map<string, Node>();
const templates = new Map<string, Segment[]>();

function remember<T>(cache: Map<string, T>, src: string, parse: (src: string) => T): T {
  const hit = cache.get(src);
  if (hit !== undefined) return hit;
  const parsed = parse(src);
  if (cache.size >= MAX_ENTRIES) cache.clear();
  cache.set(src, parsed);
  return parsed;
}

/** The tree of a bare expression, parsed at most once per distinct source. */
export function cachedExpression(src: string): Node {
  return remember(expressions, src, parseExpression);
}

/** The segments of a template, parsed at most once per distinct source. */
export function cachedTemplate(src: string): Segment[] {
  return remember(templates, src, parseTemplate);
}
