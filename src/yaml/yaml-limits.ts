// Limits every YAML input is held to, so no file can cost more than its size suggests or crash the parser.
//
// - Nesting: at most MAX_YAML_DEPTH levels of lists and maps. yaml's composer and our own tree walks recurse
//   once per level; 3,000 `[` in a row used to end in a RangeError stack trace (or an out-of-memory abort in
//   yaml's error formatting). The depth is measured on yaml's concrete syntax tree, without recursion,
//   before anything else looks at the document.
// - Aliases: a document is built into at most aliasBudget(size) values. Without aliases a value needs at
//   least one character of text, so only alias expansion can reach the budget: nine levels of nine aliases
//   (a "billion laughs" bomb of a few hundred bytes) would otherwise expand to 387 million values.
//   yaml's own `maxAliasCount` option only guards its toJS(); we build values from the node tree to keep
//   positions, so the budget is counted here instead.
import type { CST } from 'yaml';

/** Deepest nesting of lists and maps accepted in any YAML (or JSON) input. */
export const MAX_YAML_DEPTH = 200;

/** The fewest values any document may be built into, however short. */
const MIN_VALUE_BUDGET = 100_000;

/** How many values a document of `sourceLength` characters may be built into (aliases included). */
export function aliasBudget(sourceLength: number): number {
  return Math.max(MIN_VALUE_BUDGET, sourceLength);
}

type Item = { key?: CST.Token | null; value?: CST.Token | null };

/** The offset of the first collection nested deeper than `max` levels, or undefined. Iterative: any depth is safe. */
export function cstTooDeep(tokens: readonly CST.Token[], max: number): number | undefined {
  const stack: [CST.Token, number][] = tokens.map((t): [CST.Token, number] => [t, 0]);
  while (stack.length > 0) {
    const [token, depth] = stack.pop() as [CST.Token, number];
    if (token.type === 'document') {
      if (token.value) stack.push([token.value, depth]);
      continue;
    }
    if (token.type !== 'block-map' && token.type !== 'block-seq' && token.type !== 'flow-collection') continue;
    const inner = depth + 1;
    if (inner > max) return token.offset;
    for (const item of token.items as Item[]) {
      if (item.key) stack.push([item.key, inner]);
      if (item.value) stack.push([item.value, inner]);
    }
  }
  return undefined;
}
