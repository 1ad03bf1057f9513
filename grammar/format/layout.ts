// Lays a token stream out as canonical lines. The user's line breaks are kept (a spec reads like
// a paper's figure, and where to break a long call is a judgement a formatter cannot make
// safely); what is normalised is everything else: indentation (two spaces per open bracket
// level, one level more for a statement continued outside brackets), the spaces between tokens
// (spacing.ts), runs of blank lines (at most one, none just inside a bracket), trailing blanks,
// and the space before a trailing comment (two, as in Python).
import { isComment, type FormatToken } from "./lex.js";
import { wantsSpace } from "./spacing.js";
import type { EnclosingStatement } from "./statements.js";

const OPENERS = new Set(["LParen", "LBracket", "LBrace"]);
const CLOSERS = new Set(["RParen", "RBracket", "RBrace"]);
const INDENT = "  ";

interface OpenBracket {
  readonly type: string;
  readonly offset: number;
  /** Indent of the line the bracket opened on: its contents go one level deeper. */
  readonly lineIndent: number;
}

/** Groups tokens by the source line they start on. */
function sourceLines(tokens: readonly FormatToken[]): FormatToken[][] {
  const lines: FormatToken[][] = [];
  for (const t of tokens) {
    const last = lines[lines.length - 1];
    if (last && last[0]!.line === t.line) last.push(t);
    else lines.push([t]);
  }
  return lines;
}

export interface LayoutFacts {
  /** Statements by extent, to tell a statement's first line from its continuation lines. */
  readonly statements: EnclosingStatement;
  /** Offsets of the `-` signs that negate (prefix.ts). */
  readonly prefixMinus: ReadonlySet<number>;
  /** Whether a and b may touch without lexing differently; where not, a space is kept. */
  readonly glue: (a: FormatToken, b: FormatToken) => boolean;
}

/** Lays out tokens (code and comments, in source order) as lines ending in a newline. */
export function layout(tokens: readonly FormatToken[], facts: LayoutFacts): string {
  const { statements, prefixMinus, glue } = facts;
  const out: string[] = [];
  const stack: OpenBracket[] = [];
  let lastCode: FormatToken | undefined;
  let prevLineOpens = false;
  let prevLineNumber = -1;
  for (const line of sourceLines(tokens)) {
    const first = line[0]!;
    const top = stack[stack.length - 1];
    let level = top ? top.lineIndent + 1 : 0;
    if (CLOSERS.has(first.type)) {
      level = top ? top.lineIndent : 0;
    } else if (first.type !== "LBrace") {
      // A statement that began inside the innermost bracket, and not on this line, continues here.
      const stmt = statements.at(first.offset);
      if (stmt && stmt.start < first.offset && stmt.start > (top?.offset ?? -1)) level += 1;
    }
    const blank = prevLineNumber >= 0 && first.line - prevLineNumber > 1;
    if (blank && !prevLineOpens && !CLOSERS.has(first.type)) out.push("");

    let text = INDENT.repeat(level);
    for (const [i, t] of line.entries()) {
      if (i > 0) {
        // A comment runs to the end of its line, so only code comes before a token here.
        const prev = lastCode!;
        const ctx = { innermost: stack[stack.length - 1]?.type, prevIsUnary: prev.type === "Minus" && prefixMinus.has(prev.offset) };
        if (isComment(t)) text += "  ";
        else if (wantsSpace(prev, t, ctx) || !glue(prev, t)) text += " ";
      }
      text += t.image;
      if (isComment(t)) continue;
      if (OPENERS.has(t.type)) stack.push({ type: t.type, offset: t.offset, lineIndent: level });
      else if (CLOSERS.has(t.type)) stack.pop();
      lastCode = t;
    }
    out.push(text);
    const lastOnLine = [...line].reverse().find((t) => !isComment(t));
    prevLineOpens = lastOnLine !== undefined && OPENERS.has(lastOnLine.type);
    prevLineNumber = first.line;
  }
  return out.join("\n") + "\n";
}
