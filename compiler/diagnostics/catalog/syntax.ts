// VLM1xxx: syntax — what the lexer, the parser, the AST builder (grammar/) and the statement-context rule say.
// Merged into the one `Diag` object by ../catalog.ts; see there for what `check` and `messages` mean.
import { kind } from "./kind.js";

export const syntax = {
  LexError: kind("VLM1001", "unexpected character", "grammar/parse.ts", {
    unterminated: { message: "unterminated string", hint: "close the string with `\"` on the same line" },
    character: "unexpected character `{text}`",
    ampersandHint: "write `and`",
    barHint: "write `or`",
    bangHint: "write `not` (and `!=` for inequality)",
    quoteHint: "strings use double quotes: \"…\"",
    nonAscii: { message: "names must be ASCII, but `{word}` contains `{char}`{more}", hint: "names use ASCII letters, digits and `_`; non-ASCII text is fine in comments and strings" },
    nonAsciiMore: " (and {count} more non-ASCII character{count:s} in names)",
  }),
  ParseError: kind("VLM1002", "syntax error", "grammar/parse.ts", {
    expected: "expected {expected} but found {found}",
    topLevel: { message: "unexpected {found} at the top level", hint: "a file holds `import`, `block`, `fn` and `model` declarations; check for an unbalanced `}`" },
    unexpected: "unexpected {found} {where}",
    namedArgumentHint: "arguments are named with a colon: `f(std: 0.02)`",
    conditionalHint: "a conditional expression is written `if c then a else b`",
    assignmentHint: "assignment is `name = value`",
    nesting: { message: "brackets nest more than {max} levels deep", hint: "split the expression into named steps" },
    prefixRun: { message: "more than {max} prefix operators in a row", hint: "split the expression into named steps" },
    expressionDepth: { message: "this expression nests more than {max} levels deep", hint: "split long chains like `a + b + … + z` into named steps" },
  }),
  StatementContext: kind("VLM1003", "statement not allowed here", "compiler/checks/statement-context.ts", {
    notHere: "`{keyword}` is not allowed here; it belongs {where}",
    thrownAway: { message: "this expression is computed and thrown away", hint: "assign it (`name = …`), or check the line above for a stray token" },
  }),
  InvalidSyntaxForm: kind("VLM1004", "invalid form", "grammar/parse.ts", {
    astBuilder: "{message}",
    freezeOutsideStage: "`freeze` belongs inside a stage; to freeze parameters in every stage, the model declares them `frozen`",
    freezeOutsideStageHint: "for every stage, write `frozen vision.** except vision.proj.**` in the model body (or `frozen vision = …` on the instance); for one stage, `stage name { objectives a, b  freeze vision.** except vision.proj.** }`, trained with --stage name",
    tupleReturn: "an empty tuple return type declares no result",
    tupleReturnHint: "list each result's type, `-> (f32[B, D], f32[B])` for `return a, b`, or leave the return type out",
  }),
} as const;
