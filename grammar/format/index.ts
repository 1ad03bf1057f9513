// format(source, file) → canonical source, keeping every comment where it was. The formatter
// works on the token stream (comments included), not on the AST, so nothing the AST does not
// carry — comments, line breaks, literal spellings like `1e-6` or `57_600` — can be lost. It
// only moves whitespace, and checks that it did: the formatted text must lex to the same
// tokens and comments, or formatting is an internal error rather than a silent change of meaning.
import type { Diagnostic } from "../../compiler/diagnostics/diagnostic.js";
import { parse } from "../parse.js";
import { layout } from "./layout.js";
import { lexForFormat, type FormatToken } from "./lex.js";
import { prefixMinusOffsets } from "./prefix.js";
import { EnclosingStatement, statementExtents } from "./statements.js";

export interface FormatResult {
  /** The formatted text; undefined when the source has errors (see diagnostics). */
  readonly text: string | undefined;
  /** Whether the text differs from the source. */
  readonly changed: boolean;
  /** Syntax errors that stopped formatting (a spec that does not parse is left as it is). */
  readonly diagnostics: readonly Diagnostic[];
}

const BOM = "\ufeff";

/** Whether a and b, written with nothing between them, still lex as a then b. */
function makeGlue(): (a: FormatToken, b: FormatToken) => boolean {
  const memo = new Map<string, boolean>();
  return (a, b) => {
    const key = `${a.image}\u0000${b.image}`;
    let ok = memo.get(key);
    if (ok === undefined) {
      const joined = lexForFormat(a.image + b.image);
      ok = joined !== undefined && joined.length === 2 && joined[0]!.image === a.image && joined[1]!.image === b.image;
      memo.set(key, ok);
    }
    return ok;
  };
}

function sameTokens(a: readonly FormatToken[], b: readonly FormatToken[]): boolean {
  return a.length === b.length && a.every((t, i) => t.type === b[i]!.type && t.image === b[i]!.image);
}

export function format(source: string, file: string): FormatResult {
  const { ast, diagnostics } = parse(source, file);
  const errors = diagnostics.filter((d) => d.severity === "error");
  if (errors.length) return { text: undefined, changed: false, diagnostics: errors };
  const hasBom = source.startsWith(BOM);
  const body = hasBom ? source.slice(1) : source;
  const tokens = lexForFormat(body);
  // parse() accepted the file, so the same lexer (comments kept) accepts it too.
  if (!tokens) throw new Error(`format: ${file} lexes for parsing but not for formatting`);
  // parse() reads a byte-order mark as a space, so its offsets are one past ours: shift them.
  const extents = statementExtents(ast).map((e) => (hasBom ? { start: e.start - 1, end: e.end - 1 } : e));
  const facts = { statements: new EnclosingStatement(extents), prefixMinus: prefixMinusOffsets(body), glue: makeGlue() };
  const laidOut = tokens.length === 0 ? "" : layout(tokens, facts);
  const text = (hasBom ? BOM : "") + laidOut;
  const again = lexForFormat(laidOut);
  if (!again || !sameTokens(tokens, again)) throw new Error(`format: formatting ${file} would change its tokens (a formatter bug)`);
  return { text, changed: text !== source, diagnostics: [] };
}

