// Renders templates: text with `{{ expr }}` holes, to a string or (for a lone expression) a native value.
import type { Tmpl } from '../playbook/model.js';
import type { Segment } from './ast.js';
import { cachedTemplate } from './cache.js';
import { checkLength, evaluateDefined, evaluateTracked, type Vars } from './evaluate.js';
import { locateFaults, TemplateFault } from './fault.js';
import { toText } from './values.js';

/** Render a template to a string; values are written as `toText` in values.ts documents. At most MAX_RENDERED_CHARS long. */
export function renderTemplate(t: Tmpl, vars: Vars): string {
  return locateFaults(t.src, t.pos, () => {
    let out = '';
    for (const s of cachedTemplate(t.src)) {
      const piece = s.kind === 'text' ? s.text : toText(evaluateDefined(s.node, t.src, vars));
      checkLength(out.length + piece.length, s.kind === 'text' ? 0 : s.node.start);
      out += piece;
    }
    return out;
  });
}

/**
 * Render a template that is exactly one `{{ expr }}` (whitespace around allowed) to its native value; otherwise
 * as renderTemplate. A list or map computed from a secret is refused: its items would reach places (a loop
 * variable) under names that are not secret, where filters could transform them unredacted.
 */
export function renderValue(t: Tmpl, vars: Vars): unknown {
  return locateFaults(t.src, t.pos, () => {
    const segments = cachedTemplate(t.src);
    const lone = loneExpression(segments);
    if (lone === undefined) return renderTemplate(t, vars);
    const { value, secret } = evaluateTracked(lone.node, t.src, vars);
    if (secret !== undefined && value !== null && typeof value === 'object') {
      throw new TemplateFault(`'${secret}' is a secret: it cannot be made into a list or map here (its items would lose their secret name)`, lone.node.start);
    }
    return value;
  });
}

function loneExpression(segments: Segment[]): Extract<Segment, { kind: 'expr' }> | undefined {
  const meaningful = segments.filter((s) => s.kind === 'expr' || s.text.trim() !== '');
  const only = meaningful[0];
  return meaningful.length === 1 && only?.kind === 'expr' ? only : undefined;
}
