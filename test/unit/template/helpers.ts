// Shared helpers for the template unit tests.
import { TemplateError } from '../../../src/errors.js';
import type { SourcePos } from '../../../src/errors.js';
import { evaluate, renderTemplate, type Vars } from '../../../src/template/index.js';

export const FILE = 'playbooks/site.yml';

/** A Tmpl/Expr as the loader would hand it over: the source and where it starts in the file. */
export function at(src: string, line = 1, col = 1): { src: string; pos: SourcePos } {
  return { src, pos: { file: FILE, line, col } };
}

/** Evaluate a bare expression starting at 1:1. */
export function ev(src: string, vars: Vars = {}): unknown {
  return evaluate(at(src), vars);
}

/** Render a template starting at 1:1. */
export function render(src: string, vars: Vars = {}): string {
  return renderTemplate(at(src), vars);
}

/** The TemplateError `fn` throws; fails the test if it throws nothing or something else. */
export function templateError(fn: () => unknown): TemplateError {
  try {
    fn();
  } catch (err) {
    if (err instanceof TemplateError) return err;
    throw err;
  }
  throw new Error('expected a TemplateError, but nothing was thrown');
}
