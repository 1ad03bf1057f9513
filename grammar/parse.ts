// parse(source, file) → { ast, diagnostics }: the entry point of the first stage.
import type { IRecognitionException, IToken, TokenType, ILexingError } from "chevrotain";
import type { SourceFile, Span } from "./ast.js";
import { allTokens, vlmLexer } from "./tokens.js";
import { vlmParser } from "./parser.js";
import { AstBuilder } from "./to-ast.js";
import { checkBudget } from "./budget.js";
import { MAX_EXPRESSION_DEPTH, MAX_NESTING, tooDeepTokens, tooDeepTree } from "./nesting.js";
import { Diag } from "../compiler/diagnostics/catalog.js";
import { phrase, say, type Said } from "../compiler/diagnostics/template.js";
import { diagnostic, type Diagnostic } from "../compiler/diagnostics/diagnostic.js";

export interface ParseResult {
  readonly ast: SourceFile;
  readonly diagnostics: readonly Diagnostic[];
}

/** Past this many syntax errors in one file the rest are noise from the first ones. */
const MAX_SYNTAX_ERRORS = 25;

const RULE_CONTEXT: Record<string, string> = {
  file: "at the top level (expected `import`, `block`, `fn` or `model`)",
  item: "at the top level (expected `import`, `block`, `fn` or `model`)",
  body: "in a body",
  stmt: "where a statement should start",
  blockDecl: "in a block declaration",
  blockParam: "in a block parameter",
  fnDecl: "in a fn declaration",
  modelDecl: "in a model declaration",
  signature: "in a signature",
  sigParam: "in a signature parameter",
  hyperStmt: "in a `hyper` statement",
  variantStmt: "in a `variant`",
  paramStmt: "in a `param` declaration",
  shareStmt: "in a `share` statement",
  stageStmt: "in a `stage`",
  typeExpr: "in a type",
  pathPattern: "in a parameter path pattern",
  callSuffix: "in the arguments of a call",
  indexSuffix: "in an index",
  listExpr: "in a list",
  parenExpr: "in parentheses",
};

export function tokenDisplay(t: TokenType): string {
  const pattern = t.PATTERN;
  if (t.name === "Identifier") return "a name";
  if (t.name === "NumberLiteral") return "a number";
  if (t.name === "StringLiteral") return "a string";
  if (pattern instanceof RegExp) {
    const literal = pattern.source.replace(/\(\?!\[A-Za-z0-9_\]\)$/, "").replace(/\\(.)/g, "$1");
    return `\`${literal}\``;
  }
  return t.name;
}

function foundDisplay(tok: IToken): string {
  if (tok.tokenType.name === "EOF" || Number.isNaN(tok.startOffset)) return "the end of the file";
  return `\`${tok.image}\``;
}

function errorSpan(file: string, source: string, tok: IToken, previous: IToken | undefined): Span {
  if (tok.tokenType.name === "EOF" || Number.isNaN(tok.startOffset)) {
    // Point just after the last real token rather than at an invisible end of file.
    const at = previous ? (previous.endOffset ?? previous.startOffset) + 1 : source.length;
    return { file, start: at, end: at };
  }
  return { file, start: tok.startOffset, end: (tok.endOffset ?? tok.startOffset) + 1 };
}

/** Hints for slips from other languages, recognised by what was found where. */
function slipHint(e: IRecognitionException, rules: readonly string[]): string | undefined {
  const found = e.token.image;
  if (found === "=" && (rules.includes("callSuffix") || rules.includes("arg"))) return phrase(Diag.ParseError, "namedArgumentHint");
  if (found === "else" && rules.includes("ifStmt")) return phrase(Diag.ParseError, "conditionalHint");
  if (found === ":=" || (found === ":" && rules.includes("exprOrAssign"))) return phrase(Diag.ParseError, "assignmentHint");
  return undefined;
}

function parseErrorMessage(e: IRecognitionException): { said: Said; hint?: string } {
  const found = foundDisplay(e.token);
  const rules = e.context?.ruleStack ?? [];
  const rule = rules[rules.length - 1] ?? "";
  const where = RULE_CONTEXT[rule] ?? "here";
  const expected = /Expecting token of type --> (\w+) <--/.exec(e.message)?.[1];
  const hint = slipHint(e, rules);
  if (e.name === "MismatchedTokenException" && expected) {
    const display = expectedDisplay(expected);
    return { said: say(Diag.ParseError, "expected", { expected: display, found }), ...(hint ? { hint } : {}) };
  }
  if (e.name === "NotAllInputParsedException") {
    return { said: say(Diag.ParseError, "topLevel", { found }) };
  }
  return { said: say(Diag.ParseError, "unexpected", { found, where }), ...(hint ? { hint } : {}) };
}

const TOKEN_BY_NAME = new Map<string, TokenType>(allTokens.map((t) => [t.name, t]));
function expectedDisplay(name: string): string {
  const t = TOKEN_BY_NAME.get(name);
  return t ? tokenDisplay(t) : name;
}

/** Characters other languages use where vlmc has a word. */
const SLIP_HINTS: Readonly<Record<string, "ampersandHint" | "barHint" | "bangHint" | "quoteHint">> = { "&": "ampersandHint", "|": "barHint", "!": "bangHint", "'": "quoteHint" };

function lexErrorDiagnostic(file: string, source: string, e: ILexingError): Diagnostic {
  const ch = source[e.offset] ?? "";
  const span = { file, start: e.offset, end: e.offset + Math.max(1, e.length) };
  if (ch === '"') {
    return diagnostic(say(Diag.LexError, "unterminated"), { file, start: e.offset, end: e.offset + 1 });
  }
  const hint = SLIP_HINTS[ch];
  const said = say(Diag.LexError, "character", { text: source.slice(e.offset, e.offset + Math.max(1, e.length)) });
  return diagnostic(said, span, hint ? { hint: phrase(Diag.LexError, hint) } : {});
}

/**
 * A name with a non-ASCII letter (`wïdth`, `α`): the lexer splits it at every such character,
 * which would cascade into syntax errors. Reported once, at the first, with the whole word.
 */
function nonAsciiName(file: string, source: string, errors: readonly ILexingError[]): Diagnostic | undefined {
  const first = errors.find((e) => /\p{L}/u.test(source[e.offset] ?? "") && source.charCodeAt(e.offset) > 127);
  if (!first) return undefined;
  let start = first.offset;
  let end = first.offset;
  while (start > 0 && /[\p{L}\p{N}_]/u.test(source[start - 1]!)) start--;
  while (end < source.length && /[\p{L}\p{N}_]/u.test(source[end]!)) end++;
  const word = source.slice(start, end);
  const others = errors.filter((e) => e !== first && source.charCodeAt(e.offset) > 127).length;
  const more = others ? phrase(Diag.LexError, "nonAsciiMore", { count: others }) : "";
  return diagnostic(say(Diag.LexError, "nonAscii", { word, char: source[first.offset]!, more }), { file, start, end });
}

export function parse(text: string, file: string): ParseResult {
  // A byte-order mark is invisible in editors: read it as a space so offsets stay the same.
  const source = text.charCodeAt(0) === 0xfeff ? " " + text.slice(1) : text;
  const empty: SourceFile = { kind: "SourceFile", file, items: [], span: { file, start: 0, end: 0 } };
  const over = checkBudget(source, file);
  if (over) return { ast: empty, diagnostics: [diagnostic(over)] };
  const lexed = vlmLexer.tokenize(source);
  const foreign = nonAsciiName(file, source, lexed.errors);
  // One clear error, not one per character and the syntax errors the split names cause.
  if (foreign) return { ast: empty, diagnostics: [foreign] };
  const diagnostics: Diagnostic[] = lexed.errors.slice(0, MAX_SYNTAX_ERRORS).map((e) => lexErrorDiagnostic(file, source, e));
  const deep = tooDeepTokens(lexed.tokens);
  if (deep) {
    diagnostics.push(
      diagnostic(say(Diag.ParseError, deep.kind === "brackets" ? "nesting" : "prefixRun", { max: MAX_NESTING }), errorSpan(file, source, deep.token, undefined)),
    );
    return { ast: { kind: "SourceFile", file, items: [], span: { file, start: 0, end: source.length } }, diagnostics };
  }

  vlmParser.input = lexed.tokens;
  const cst = vlmParser.file();
  const tokens = lexed.tokens;
  let lastLine = -1;
  for (const e of vlmParser.errors.slice(0, MAX_SYNTAX_ERRORS)) {
    // Recovery often reports the same mistake again a token or two later: one error per line.
    const line = Number.isNaN(e.token.startLine ?? NaN) ? -2 : (e.token.startLine ?? -2);
    if (line === lastLine) continue;
    lastLine = line;
    const idx = tokens.indexOf(e.token);
    const prev = idx > 0 ? tokens[idx - 1] : tokens[tokens.length - 1];
    const { said, hint } = parseErrorMessage(e);
    diagnostics.push(diagnostic(said, errorSpan(file, source, e.token, prev), hint ? { hint } : {}));
  }

  const builder = new AstBuilder(file, source, (lexed.groups["docs"] ?? []) as IToken[]);
  const ast = builder.sourceFile(cst);
  const deepTree = tooDeepTree(ast);
  if (deepTree) {
    diagnostics.push(diagnostic(say(Diag.ParseError, "expressionDepth", { max: MAX_EXPRESSION_DEPTH }), deepTree));
    return { ast: { kind: "SourceFile", file, items: [], span: { file, start: 0, end: source.length } }, diagnostics };
  }
  for (const p of builder.problems) diagnostics.push(diagnostic(say(Diag.InvalidSyntaxForm, "astBuilder", { message: p.message }), p.span, p.hint ? { hint: p.hint } : {}));
  return { ast, diagnostics };
}
