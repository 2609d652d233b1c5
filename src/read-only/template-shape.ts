// What validate can know of a templated command before rendering: the literal text, with each `{{ … }}`
// replaced by a stand-in (a `quote`d value is one opaque shell word; any other value may hold any text).
import { cachedTemplate } from '../template/cache.js';
import { PLACEHOLDER_QUOTED, PLACEHOLDER_RAW } from './verdict.js';

/** The command with stand-ins for its template values, or undefined when the template does not parse. */
export function commandShape(src: string): string | undefined {
  try {
    return cachedTemplate(src)
      .map((s) => (s.kind === 'text' ? s.text : s.node.kind === 'filter' && s.node.name === 'quote' ? PLACEHOLDER_QUOTED : PLACEHOLDER_RAW))
      .join('');
  } catch {
    return undefined;
  }
}
