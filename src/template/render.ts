// Renders templates: text with `{{ expr }}` holes, to a string or (for a lone expression) a native value.
import type { Tmpl } from '../playbook/model.js';
import type { Segment } from './ast.js';
import { cachedTemplate } from './cache.js';
import { evaluateDefined, type Vars } from './evaluate.js';
import { locateFaults } from './fault.js';
import { toText } from './values.js';

/** Render a template to a string; values are written as `toText` in values.ts documents. */
export function renderTemplate(t: Tmpl, vars: Vars): string {
  return locateFaults(t.src, t.pos, () =>
    cachedTemplate(t.src)
      .map((s) => (s.kind === 'text' ? s.text : toText(evaluateDefined(s.node, t.src, vars))))
      .join(''),
  );
}

/** Render a template that is exactly one `{{ expr }}` (whitespace around allowed) to its native value; otherwise as renderTemplate. */
export function renderValue(t: Tmpl, vars: Vars): unknown {
  return locateFaults(t.src, t.pos, () => {
    const segments = cachedTemplate(t.src);
    const lone = loneExpression(segments);
    if (lone !== undefined) return evaluateDefined(lone.node, t.src, vars);
    return renderTemplate(t, vars);
  });
}

function loneExpression(segments: Segment[]): Extract<Segment, { kind: 'expr' }> | undefined {
  const meaningful = segments.filter((s) => s.kind === 'expr' || s.text.trim() !== '');
  const only = meaningful[0];
  return meaningful.length === 1 && only?.kind === 'expr' ? only : undefined;
}
