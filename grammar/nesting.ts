// Nesting limits checked around parsing, so that absurdly deep input gets a located syntax error
// instead of exhausting a stack later (the parser's, or the elaborator's, which then can only say
// "the spec nests too deeply" without a place). Three shapes of depth:
// - brackets `(((…)))`, counted over the tokens before parsing;
// - runs of prefix operators `- - - x`, `not not …`, also over the tokens (each is one level of
//   the parser's and the elaborator's recursion, and nothing else can put two in a row);
// - expression trees, measured on the AST after it is built: `1 + 1 + … + 1` is flat in tokens
//   but a chain as deep as it is long, which the elaborator walks recursively.
// The walks here are iterative, so the check itself cannot overflow.
import type { IToken } from "chevrotain";
import type { Span } from "../compiler/diagnostics/span.js";

/** Deeper bracket nesting, or a longer run of prefix operators, is never a real spec. */
export const MAX_NESTING = 100;
/** Expression trees deeper than this are refused (the elaborator copes with ~1,500 on Node's default stack). */
export const MAX_EXPRESSION_DEPTH = 500;

const OPENERS = new Set(["LParen", "LBracket", "LBrace"]);
const CLOSERS = new Set(["RParen", "RBracket", "RBrace"]);
const PREFIX = new Set(["Minus", "Plus", "Not"]);

export interface TokenNesting {
  readonly kind: "brackets" | "prefix";
  readonly token: IToken;
}

/** The first token where brackets or a run of prefix operators go past MAX_NESTING. */
export function tooDeepTokens(tokens: readonly IToken[]): TokenNesting | undefined {
  let depth = 0;
  let run = 0;
  for (const t of tokens) {
    const name = t.tokenType.name;
    if (OPENERS.has(name) && ++depth > MAX_NESTING) return { kind: "brackets", token: t };
    if (CLOSERS.has(name)) depth = Math.max(0, depth - 1);
    run = PREFIX.has(name) ? run + 1 : 0;
    if (run > MAX_NESTING) return { kind: "prefix", token: t };
  }
  return undefined;
}

/** The span of the first AST node deeper than MAX_EXPRESSION_DEPTH, walking every object with a `kind`. */
export function tooDeepTree(root: object): Span | undefined {
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length) {
    const [value, depth] = stack.pop()!;
    if (Array.isArray(value)) {
      for (const v of value) stack.push([v, depth]);
      continue;
    }
    if (value === null || typeof value !== "object") continue;
    const node = value as { kind?: unknown; span?: Span };
    const isNode = typeof node.kind === "string";
    const here = isNode ? depth + 1 : depth;
    if (isNode && here > MAX_EXPRESSION_DEPTH && node.span) return node.span;
    for (const [key, child] of Object.entries(value)) if (key !== "span" && typeof child === "object") stack.push([child, here]);
  }
  return undefined;
}
