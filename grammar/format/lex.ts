// The token stream the formatter works on: every token of the language plus both kinds of
// comment, in source order. The parser's lexer skips `#` comments (they mean nothing), but a
// formatter must keep them, so this lexer uses the same token list with comments in a group.
import type { IToken } from "chevrotain";
import { createToken, Lexer } from "../chevrotain.js";
import { allTokens, Comment } from "../tokens.js";

/** `#` comments, collected in their own group instead of being skipped. */
const KeptComment = createToken({ name: "Comment", pattern: Comment.PATTERN!, group: "comments" });

const formatLexer = new Lexer(
  allTokens.map((t) => (t === Comment ? KeptComment : t)),
  { positionTracking: "full", ensureOptimizations: false },
);

export interface FormatToken {
  /** The token type's name, as in grammar/tokens.ts ("Comment" and "DocComment" for comments). */
  readonly type: string;
  /** The text as written; a comment's without trailing blanks. */
  readonly image: string;
  readonly offset: number;
  readonly line: number;
}

export function isComment(t: FormatToken): boolean {
  return t.type === "Comment" || t.type === "DocComment";
}

function toFormatToken(t: IToken): FormatToken {
  const comment = t.tokenType.name === "Comment" || t.tokenType.name === "DocComment";
  return { type: t.tokenType.name, image: comment ? t.image.trimEnd() : t.image, offset: t.startOffset, line: t.startLine ?? 0 };
}

/**
 * Lexes source into code and comment tokens in source order, or undefined when the lexer
 * reports an error (the caller has already refused files with syntax errors).
 */
export function lexForFormat(source: string): FormatToken[] | undefined {
  const lexed = formatLexer.tokenize(source);
  if (lexed.errors.length) return undefined;
  const all = [...lexed.tokens, ...((lexed.groups["comments"] ?? []) as IToken[]), ...((lexed.groups["docs"] ?? []) as IToken[])];
  all.sort((a, b) => a.startOffset - b.startOffset);
  return all.map(toFormatToken);
}
