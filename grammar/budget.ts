// The size and token budget a spec must fit before it is lexed and parsed. The lexer and the
// parser keep an object per token (and the AST several per line), so an enormous input — a
// generated or mistaken file of tens of megabytes — would otherwise run V8 out of memory and
// abort the process with no diagnostic. The largest shipped spec is ~20 KB; the limits sit
// orders of magnitude above any hand-written model and still answer in well under a second.
import { Diag } from "../compiler/diagnostics/catalog.js";
import { say, type Said } from "../compiler/diagnostics/template.js";

/** Characters in one file. */
export const MAX_SPEC_CHARS = 16 * 1024 * 1024;
/** Tokens in one file, estimated (an upper bound) without building them. */
export const MAX_SPEC_TOKENS = 2_000_000;

// Problems carry no span: a caret under line 1 would print that line, and in a huge file it
// may be megabytes long.

/** Word characters: letters, digits, `_` and `.` (a number like 1e-5 counts once or twice; an estimate). */
function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 46;
}

/**
 * An upper bound on the token count: every run of word characters and every other visible
 * character, comments included (they cost the lexer as much). One pass, nothing allocated.
 */
export function estimateTokens(source: string, stopAt = Infinity): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < source.length && n <= stopAt; i++) {
    const c = source.charCodeAt(i);
    if (isWordChar(c)) {
      if (!inWord) n++;
      inWord = true;
    } else {
      inWord = false;
      if (c > 32) n++;
    }
  }
  return n;
}

/** The problem (VLM6010) when `source` is over budget, else undefined. */
export function checkBudget(source: string, file: string): Said | undefined {
  if (source.length > MAX_SPEC_CHARS) {
    const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MB`;
    return say(Diag.SpecTooLarge, "chars", { file, size: mb(source.length), limit: mb(MAX_SPEC_CHARS) });
  }
  const tokens = estimateTokens(source, MAX_SPEC_TOKENS);
  if (tokens > MAX_SPEC_TOKENS) {
    return say(Diag.SpecTooLarge, "tokens", { file, limit: MAX_SPEC_TOKENS.toLocaleString("en-US") });
  }
  return undefined;
}
