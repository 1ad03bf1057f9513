// Spacing between two tokens on one line: the canonical style, taken from what the shipped specs
// already do — a space around binary operators (`^` included), `=`, `->` and after commas and
// colons; none inside brackets, before a call's or an index's bracket, around `.` and `..`, after
// a unary minus, or around a colon in a slice (`x[:, 1:]`).
import type { FormatToken } from "./lex.js";

const HARD_KEYWORDS = new Set([
  "Import", "Block", "Fn", "Model", "Forward", "Param", "Init", "Require", "If", "Then", "Else",
  "For", "In", "Return", "True", "False", "None", "And", "Or", "Not",
]);

/** Tokens after which an operand has ended: a following `(` is a call, a `[` an index. */
function endsOperand(t: FormatToken): boolean {
  if (t.type === "Identifier" || t.type.startsWith("Soft")) return true;
  return ["NumberLiteral", "StringLiteral", "RParen", "RBracket", "True", "False", "None"].includes(t.type);
}

export interface SpacingContext {
  /** Type of the innermost open bracket ("LParen", "LBracket", "LBrace"), if any. */
  readonly innermost: string | undefined;
  /** Whether `prev` is a prefix (negating) minus: no space after it. */
  readonly prevIsUnary: boolean;
}

/** Whether the style puts a space between two adjacent code tokens on one line. */
export function wantsSpace(prev: FormatToken, next: FormatToken, ctx: SpacingContext): boolean {
  const p = prev.type;
  const n = next.type;
  if (p === "Comma") return n !== "RParen" && n !== "RBracket" && n !== "RBrace";
  if (["Comma", "Semicolon", "RParen", "RBracket", "Dot", "DotDot", "Colon"].includes(n)) return false;
  if (["LParen", "LBracket", "Dot", "DotDot"].includes(p)) return false;
  if (p === "LBrace" && n === "RBrace") return false;
  if (ctx.prevIsUnary) return false;
  // A slice's colon binds like an operator inside an index: `x[:, 1:]`, `x[:-1]`.
  if (p === "Colon") return ctx.innermost !== "LBracket";
  if (n === "LParen") return !(endsOperand(prev) && !HARD_KEYWORDS.has(p)) && p !== "Forward";
  if (n === "LBracket") return !(endsOperand(prev) && !HARD_KEYWORDS.has(p));
  return true;
}
