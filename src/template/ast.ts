// The syntax tree of expressions and templates. Offsets are into the source string, so positions stay
// independent of where the string sits in a file (which lets parsed trees be cached by source text).

/** Fields every node has: the source span it came from, and where to point errors about it. */
interface Span {
  /** Offset of the node's first character. */
  start: number;
  /** Offset just past the node's last character. */
  end: number;
}

export type BinaryOp = 'and' | 'or' | '+' | '-' | '~' | '*' | '/' | '//' | '%';
export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'not in';

export interface KeywordArg {
  name: string;
  value: Node;
  start: number;
}

export type Node =
  | (Span & { kind: 'literal'; value: string | number | boolean | null })
  | (Span & { kind: 'name'; name: string })
  | (Span & { kind: 'attr'; object: Node; name: string; nameStart: number })
  | (Span & { kind: 'index'; object: Node; index: Node })
  | (Span & { kind: 'list'; items: Node[] })
  | (Span & { kind: 'dict'; entries: { key: Node; value: Node }[] })
  | (Span & { kind: 'unary'; op: 'not' | '-' | '+'; operand: Node })
  | (Span & { kind: 'binary'; op: BinaryOp; left: Node; right: Node; opStart: number })
  | (Span & { kind: 'compare'; first: Node; rest: { op: CompareOp; right: Node; opStart: number }[] })
  | (Span & { kind: 'filter'; operand: Node; name: string; nameStart: number; args: Node[]; kwargs: KeywordArg[] })
  | (Span & { kind: 'test'; operand: Node; name: string; nameStart: number; negated: boolean; args: Node[] })
  | (Span & { kind: 'cond'; test: Node; then: Node; otherwise: Node });

/** A parsed template: literal text and `{{ }}` expressions in order (comments already dropped). */
export type Segment = { kind: 'text'; text: string } | { kind: 'expr'; node: Node };
