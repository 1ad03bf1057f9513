// Tokens of the .vlm language. Comments start with `#`; a line starting with `##` is a doc
// comment, attached to the declaration below it. `//` is floor division, as in Python.
import type { TokenType } from "chevrotain";
import { createToken, Lexer } from "./chevrotain.js";

export const Identifier = createToken({ name: "Identifier", pattern: /[A-Za-z_][A-Za-z0-9_]*/ });

/** Hard keywords: never usable as names. */
function keyword(word: string): TokenType {
  return createToken({ name: word[0]!.toUpperCase() + word.slice(1), pattern: new RegExp(word + "(?![A-Za-z0-9_])") });
}

/**
 * Soft keywords start a statement but stay usable as names (`weight`, `input` and `group` are
 * common parameter and variable names): they are also matched wherever an Identifier is expected.
 */
function softKeyword(word: string): TokenType {
  return createToken({
    name: "Soft" + word[0]!.toUpperCase() + word.slice(1),
    pattern: new RegExp(word + "(?![A-Za-z0-9_])"),
    categories: [Identifier],
  });
}

export const Import = keyword("import");
export const Block = keyword("block");
export const Fn = keyword("fn");
export const Model = keyword("model");
export const Forward = keyword("forward");
export const Param = keyword("param");
export const Init = keyword("init");
export const Require = keyword("require");
export const If = keyword("if");
export const Then = keyword("then");
export const Else = keyword("else");
export const For = keyword("for");
export const In = keyword("in");
export const Return = keyword("return");
export const True = keyword("true");
export const False = keyword("false");
export const None = keyword("none");
export const And = keyword("and");
export const Or = keyword("or");
export const Not = keyword("not");

export const Hyper = softKeyword("hyper");
export const Variant = softKeyword("variant");
export const Share = softKeyword("share");
export const Tie = softKeyword("tie");
export const With = softKeyword("with");
export const Except = softKeyword("except");
export const Input = softKeyword("input");
export const From = softKeyword("from");
// `objectives` must be tried before `objective`, which is its prefix.
export const Objectives = softKeyword("objectives");
export const Objective = softKeyword("objective");
export const Weight = softKeyword("weight");
export const Stage = softKeyword("stage");
export const Freeze = softKeyword("freeze");
// Declaration modifiers: `frozen lm = …` (never trained), `checkpoint param …` (kept for a checkpoint, never read).
export const Frozen = softKeyword("frozen");
export const Checkpoint = softKeyword("checkpoint");
export const Group = softKeyword("group");
export const Published = softKeyword("published");
export const Within = softKeyword("within");
export const Over = softKeyword("over");

export const DocComment = createToken({ name: "DocComment", pattern: /##(?!#)[^\n\r]*/, group: "docs" });
export const Comment = createToken({ name: "Comment", pattern: /#[^\n\r]*/, group: Lexer.SKIPPED });
export const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /[ \t\r\n]+/, group: Lexer.SKIPPED });

export const NumberLiteral = createToken({
  name: "NumberLiteral",
  pattern: /[0-9][0-9_]*(?:\.[0-9][0-9_]*)?(?:[eE][+-]?[0-9]+)?/,
});
export const StringLiteral = createToken({ name: "StringLiteral", pattern: /"(?:[^"\\\n\r]|\\.)*"/ });

export const Arrow = createToken({ name: "Arrow", pattern: /->/ });
export const Ellipsis = createToken({ name: "Ellipsis", pattern: /\.\.\./ });
export const DotDot = createToken({ name: "DotDot", pattern: /\.\./ });
export const Dot = createToken({ name: "Dot", pattern: /\./ });
export const StarStar = createToken({ name: "StarStar", pattern: /\*\*/ });
export const Star = createToken({ name: "Star", pattern: /\*/ });
export const SlashSlash = createToken({ name: "SlashSlash", pattern: /\/\// });
export const Slash = createToken({ name: "Slash", pattern: /\// });
export const Percent = createToken({ name: "Percent", pattern: /%/ });
export const Caret = createToken({ name: "Caret", pattern: /\^/ });
export const At = createToken({ name: "At", pattern: /@/ });
export const Plus = createToken({ name: "Plus", pattern: /\+/ });
export const Minus = createToken({ name: "Minus", pattern: /-/ });
export const EqEq = createToken({ name: "EqEq", pattern: /==/ });
export const NotEq = createToken({ name: "NotEq", pattern: /!=/ });
export const LessEq = createToken({ name: "LessEq", pattern: /<=/ });
export const GreaterEq = createToken({ name: "GreaterEq", pattern: />=/ });
export const Less = createToken({ name: "Less", pattern: /</ });
export const Greater = createToken({ name: "Greater", pattern: />/ });
export const Equals = createToken({ name: "Equals", pattern: /=/ });
export const Colon = createToken({ name: "Colon", pattern: /:/ });
export const Comma = createToken({ name: "Comma", pattern: /,/ });
export const Semicolon = createToken({ name: "Semicolon", pattern: /;/ });
export const LParen = createToken({ name: "LParen", pattern: /\(/ });
export const RParen = createToken({ name: "RParen", pattern: /\)/ });
export const LBracket = createToken({ name: "LBracket", pattern: /\[/ });
export const RBracket = createToken({ name: "RBracket", pattern: /\]/ });
export const LBrace = createToken({ name: "LBrace", pattern: /\{/ });
export const RBrace = createToken({ name: "RBrace", pattern: /\}/ });

export const keywordTokens = [
  Import, Block, Fn, Model, Forward, Param, Init, Require, If, Then, Else, For, In, Return,
  True, False, None, And, Or, Not,
];
export const softKeywordTokens = [
  Hyper, Variant, Share, Tie, With, Except, Input, From, Objectives, Objective, Weight, Stage, Freeze, Frozen, Checkpoint, Group,
  Published, Within, Over,
];

export const allTokens: TokenType[] = [
  WhiteSpace,
  DocComment,
  Comment,
  ...keywordTokens,
  ...softKeywordTokens,
  Identifier,
  NumberLiteral,
  StringLiteral,
  Arrow,
  Ellipsis,
  DotDot,
  Dot,
  StarStar,
  Star,
  SlashSlash,
  Slash,
  Percent,
  Caret,
  At,
  Plus,
  EqEq,
  NotEq,
  LessEq,
  GreaterEq,
  Less,
  Greater,
  Minus,
  Equals,
  Colon,
  Comma,
  Semicolon,
  LParen,
  RParen,
  LBracket,
  RBracket,
  LBrace,
  RBrace,
];

/** The lexer's options; its pattern checks are skipped at start-up and run in test/grammar/grammar-validation.test.ts. */
export const LEXER_CONFIG = { positionTracking: "full", ensureOptimizations: false } as const;
export const vlmLexer = new Lexer(allTokens, { ...LEXER_CONFIG, skipValidations: true });
