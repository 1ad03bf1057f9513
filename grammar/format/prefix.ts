// Which `-` tokens negate. From tokens alone that is a guess: after a soft keyword used as a
// keyword (`weight -1.0`) a `-` negates, after the same word used as a name (`weight - 1`) it
// subtracts. The parser knows: a prefix `-` is one consumed by its `operand` rule.
import type { CstElement, CstNode, IToken } from "chevrotain";
import { vlmParser } from "../parser.js";
import { vlmLexer } from "../tokens.js";

function isNode(e: CstElement): e is CstNode {
  return (e as CstNode).children !== undefined;
}

function collect(node: CstNode, out: Set<number>): void {
  for (const [key, elements] of Object.entries(node.children)) {
    for (const e of elements) {
      if (isNode(e)) collect(e, out);
      else if (node.name === "operand" && key === "Minus") out.add((e as IToken).startOffset);
    }
  }
}

/** Offsets of the prefix (negating) minus signs of a source that parses without errors. */
export function prefixMinusOffsets(source: string): Set<number> {
  vlmParser.input = vlmLexer.tokenize(source).tokens;
  const out = new Set<number>();
  collect(vlmParser.file(), out);
  return out;
}
