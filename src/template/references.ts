// Which variables a template or expression reads, so the loader can report undefined ones before any host
// is contacted.
import type { SourcePos } from '../errors.js';
import type { Node } from './ast.js';
import { cachedExpression, cachedTemplate } from './cache.js';
import { locateFaults } from './fault.js';
import { positionAt } from './position.js';

/** One read of a top-level variable. */
export interface VariableReference {
  name: string;
  pos: SourcePos;
  /**
   * The read sits inside the operand of `default`/`d` or of `is defined`/`is undefined`, so an undefined
   * value there is tolerated by construction. Guards spelled otherwise (`x is defined and x.y`) are not detected.
   */
  guarded: boolean;
}

/** Top-level variable names read, each with its position, in source order (a name read twice is listed twice). */
export function referencedVariables(src: string, pos: SourcePos, options?: { expression?: boolean }): { name: string; pos: SourcePos }[] {
  return variableReferences(src, pos, options).map(({ name, pos: p }) => ({ name, pos: p }));
}

/** As referencedVariables, also saying whether each read is guarded by `default` or `is defined`. Throws TemplateError on a syntax error. */
export function variableReferences(src: string, pos: SourcePos, options?: { expression?: boolean }): VariableReference[] {
  return locateFaults(src, pos, () => {
    const roots = options?.expression === true ? [cachedExpression(src)] : cachedTemplate(src).flatMap((s) => (s.kind === 'expr' ? [s.node] : []));
    const found: { name: string; start: number; guarded: boolean }[] = [];
    for (const root of roots) collect(root, false, found);
    found.sort((a, b) => a.start - b.start);
    return found.map((f) => ({ name: f.name, pos: positionAt(src, pos, f.start), guarded: f.guarded }));
  });
}

function collect(node: Node, guarded: boolean, out: { name: string; start: number; guarded: boolean }[]): void {
  const walk = (n: Node, g = guarded): void => collect(n, g, out);
  switch (node.kind) {
    case 'literal':
      return;
    case 'name':
      out.push({ name: node.name, start: node.start, guarded });
      return;
    case 'attr':
      walk(node.object);
      return;
    case 'index':
      walk(node.object);
      walk(node.index);
      return;
    case 'list':
      node.items.forEach((n) => walk(n));
      return;
    case 'dict':
      for (const e of node.entries) {
        walk(e.key);
        walk(e.value);
      }
      return;
    case 'unary':
      walk(node.operand);
      return;
    case 'binary':
      walk(node.left);
      walk(node.right);
      return;
    case 'compare':
      walk(node.first);
      node.rest.forEach((r) => walk(r.right));
      return;
    case 'filter':
      walk(node.operand, guarded || node.name === 'default' || node.name === 'd');
      node.args.forEach((n) => walk(n));
      node.kwargs.forEach((k) => walk(k.value));
      return;
    case 'test':
      walk(node.operand, guarded || node.name === 'defined' || node.name === 'undefined');
      node.args.forEach((n) => walk(n));
      return;
    case 'cond':
      walk(node.test);
      walk(node.then);
      walk(node.otherwise);
      return;
  }
}
