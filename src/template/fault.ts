// Internal failure carrying an offset into the source; the public API turns it into a positioned TemplateError.
import { TemplateError, type SourcePos } from '../errors.js';
import { positionAt } from './position.js';

/** Thrown by the lexer, parser and evaluator; knows only the offset, not the file. */
export class TemplateFault extends Error {
  readonly offset: number;
  constructor(message: string, offset: number) {
    super(message);
    this.offset = offset;
  }
}

/** Run `fn`, turning any TemplateFault into a TemplateError located in the playbook file. */
export function locateFaults<T>(src: string, pos: SourcePos, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof TemplateFault) throw new TemplateError(err.message, positionAt(src, pos, err.offset));
    throw err;
  }
}
