// The .vlm grammar as a chevrotain CstParser. It only recognises structure and builds a CST;
// grammar/to-ast.ts gives it meaning. Rules are class fields, so a misspelt rule reference is a
// compile error. Error recovery is on: a broken file still yields a partial tree and every error.
import type { CstNode, IToken } from "chevrotain";
import { CstParser } from "./chevrotain.js";
import * as T from "./tokens.js";

export class VlmParser extends CstParser {
  /**
   * `validate` runs chevrotain's grammar checks (ambiguities, left recursion, unreachable
   * alternatives): about a third of the parser's construction, paid by every `vlmc` start for a
   * grammar that changes only with this file. The tests run them (test/grammar/grammar-validation.test.ts);
   * the CLI does not. Lookahead and recovery are computed the same either way.
   */
  constructor(options: { readonly validate?: boolean } = {}) {
    super(T.allTokens, { recoveryEnabled: true, maxLookahead: 3, nodeLocationTracking: "onlyOffset", skipValidations: !options.validate });
    this.performSelfAnalysis();
  }

  file = this.RULE("file", () => {
    this.MANY(() => this.SUBRULE(this.item));
  });

  item = this.RULE("item", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.importDecl) },
      { ALT: () => this.SUBRULE(this.blockDecl) },
      { ALT: () => this.SUBRULE(this.fnDecl) },
      { ALT: () => this.SUBRULE(this.modelDecl) },
    ]);
  });

  importDecl = this.RULE("importDecl", () => {
    this.CONSUME(T.Import);
    this.CONSUME(T.StringLiteral);
    this.OPTION(() => this.CONSUME(T.Semicolon));
  });

  /** `block Name(params) { … }`, or a derived block: `block Name = Base with { overrides }`. */
  blockDecl = this.RULE("blockDecl", () => {
    this.CONSUME(T.Block);
    this.CONSUME(T.Identifier);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.blockParam) });
          this.CONSUME(T.RParen);
          this.SUBRULE(this.body);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Equals);
          this.CONSUME2(T.Identifier);
          this.CONSUME(T.With);
          this.SUBRULE2(this.body);
        },
      },
    ]);
  });

  blockParam = this.RULE("blockParam", () => {
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      this.SUBRULE(this.typeExpr);
    });
    this.OPTION2(() => {
      this.CONSUME(T.Equals);
      this.SUBRULE(this.expr);
    });
  });

  fnDecl = this.RULE("fnDecl", () => {
    this.CONSUME(T.Fn);
    this.CONSUME(T.Identifier);
    this.SUBRULE(this.signature);
    this.SUBRULE(this.body);
  });

  modelDecl = this.RULE("modelDecl", () => {
    this.CONSUME(T.Model);
    this.CONSUME(T.Identifier);
    this.SUBRULE(this.body);
  });

  body = this.RULE("body", () => {
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.stmt));
    this.CONSUME(T.RBrace);
  });

  signature = this.RULE("signature", () => {
    this.CONSUME(T.LParen);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.sigParam) });
    this.CONSUME(T.RParen);
    this.OPTION(() => {
      this.CONSUME(T.Arrow);
      this.OR([{ ALT: () => this.SUBRULE(this.typeExpr) }, { ALT: () => this.SUBRULE(this.tupleTypeExpr) }]);
    });
  });

  /** `(f32[B, D], f32[B])`: a tuple return type (a forward returning `a, b`). */
  tupleTypeExpr = this.RULE("tupleTypeExpr", () => {
    this.CONSUME(T.LParen);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.typeExpr) });
    this.CONSUME(T.RParen);
  });

  sigParam = this.RULE("sigParam", () => {
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      this.SUBRULE(this.typeExpr);
    });
    this.OPTION2(() => {
      this.CONSUME(T.Equals);
      this.SUBRULE(this.expr);
    });
  });

  // ------------------------------------------------------------------ statements

  stmt = this.RULE("stmt", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.hyperStmt) },
      { ALT: () => this.SUBRULE(this.variantStmt) },
      { ALT: () => this.SUBRULE(this.requireStmt) },
      { ALT: () => this.SUBRULE(this.paramStmt) },
      { ALT: () => this.SUBRULE(this.ifStmt) },
      { ALT: () => this.SUBRULE(this.forStmt) },
      { ALT: () => this.SUBRULE(this.forwardDecl) },
      { ALT: () => this.SUBRULE(this.returnStmt) },
      { ALT: () => this.SUBRULE(this.shareStmt) },
      { ALT: () => this.SUBRULE(this.inputStmt) },
      { ALT: () => this.SUBRULE(this.objectiveStmt) },
      { ALT: () => this.SUBRULE(this.stageStmt) },
      // `freeze` belongs in a stage; parsed here too, so that one written in a model or block
      // body gets one precise error (grammar/to-ast.ts) instead of a cascade.
      { ALT: () => this.SUBRULE(this.freezeClause) },
      // `frozen` / `checkpoint` followed by `=` or `(` is a name in an expression.
      { GATE: () => this.LA(2).tokenType !== T.Equals && this.LA(2).tokenType !== T.LParen, ALT: () => this.SUBRULE(this.markedStmt) },
      { ALT: () => this.SUBRULE(this.groupStmt) },
      { ALT: () => this.SUBRULE(this.publishedStmt) },
      { ALT: () => this.SUBRULE(this.exprOrAssign) },
    ]);
    this.OPTION(() => this.CONSUME(T.Semicolon));
  });

  hyperStmt = this.RULE("hyperStmt", () => {
    this.CONSUME(T.Hyper);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.hyperEntry) });
  });

  hyperEntry = this.RULE("hyperEntry", () => {
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expr);
  });

  variantStmt = this.RULE("variantStmt", () => {
    this.CONSUME(T.Variant);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LBrace);
    this.MANY(() => {
      this.SUBRULE(this.hyperEntry);
      this.OPTION(() => this.CONSUME(T.Comma));
    });
    this.CONSUME(T.RBrace);
  });

  requireStmt = this.RULE("requireStmt", () => {
    this.CONSUME(T.Require);
    this.SUBRULE(this.expr);
    this.OPTION(() => {
      this.CONSUME(T.Comma);
      this.CONSUME(T.StringLiteral);
    });
  });

  paramStmt = this.RULE("paramStmt", () => {
    this.CONSUME(T.Param);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeExpr);
    this.OPTION(() => {
      this.CONSUME(T.Init);
      this.SUBRULE(this.expr);
    });
  });

  ifStmt = this.RULE("ifStmt", () => {
    this.CONSUME(T.If);
    this.SUBRULE(this.expr);
    this.SUBRULE(this.body);
    this.OPTION(() => {
      this.CONSUME(T.Else);
      this.OR([
        { ALT: () => this.SUBRULE2(this.ifStmt) },
        { ALT: () => this.SUBRULE2(this.body) },
      ]);
    });
  });

  forStmt = this.RULE("forStmt", () => {
    this.CONSUME(T.For);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.In);
    this.SUBRULE(this.expr);
    this.SUBRULE(this.body);
  });

  forwardDecl = this.RULE("forwardDecl", () => {
    this.CONSUME(T.Forward);
    this.OPTION(() => this.CONSUME(T.Identifier));
    this.SUBRULE(this.signature);
    this.SUBRULE(this.body);
  });

  returnStmt = this.RULE("returnStmt", () => {
    this.CONSUME(T.Return);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expr) });
  });

  shareStmt = this.RULE("shareStmt", () => {
    this.OR([{ ALT: () => this.CONSUME(T.Share) }, { ALT: () => this.CONSUME(T.Tie) }]);
    this.SUBRULE(this.pathPattern);
    this.CONSUME(T.With);
    this.SUBRULE2(this.pathPattern);
    this.OPTION(() => this.SUBRULE(this.exceptClause));
  });

  exceptClause = this.RULE("exceptClause", () => {
    this.CONSUME(T.Except);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.pathPattern) });
  });

  inputStmt = this.RULE("inputStmt", () => {
    this.CONSUME(T.Input);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeExpr);
    // `from` is a soft keyword: followed by `=` or `,` it starts the next statement, an
    // assignment to a variable named `from`.
    this.OPTION({
      GATE: () => this.LA(2).tokenType !== T.Equals && this.LA(2).tokenType !== T.Comma,
      DEF: () => {
        this.CONSUME(T.From);
        this.SUBRULE(this.expr);
      },
    });
  });

  objectiveStmt = this.RULE("objectiveStmt", () => {
    this.CONSUME(T.Objective);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expr);
    this.OPTION(() => {
      this.CONSUME(T.Weight);
      this.SUBRULE2(this.expr);
    });
  });

  stageStmt = this.RULE("stageStmt", () => {
    this.CONSUME(T.Stage);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LBrace);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.SUBRULE(this.objectivesClause) },
        { ALT: () => this.SUBRULE(this.freezeClause) },
      ]);
      this.OPTION(() => this.CONSUME(T.Semicolon));
    });
    this.CONSUME(T.RBrace);
  });

  objectivesClause = this.RULE("objectivesClause", () => {
    this.CONSUME(T.Objectives);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.CONSUME(T.Identifier) });
  });

  freezeClause = this.RULE("freezeClause", () => {
    this.CONSUME(T.Freeze);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.pathPattern) });
    this.OPTION(() => this.SUBRULE(this.exceptClause));
  });

  /**
   * A declaration marked `frozen` (never trained, in any stage) or `checkpoint` (kept to match a
   * checkpoint, read or not): `frozen lm = Decoder(…)`, `checkpoint param mask: f32[width]`, or,
   * in a model body, the parameters some patterns match: `frozen ** except adapters.**`.
   */
  markedStmt = this.RULE("markedStmt", () => {
    this.OR([{ ALT: () => this.CONSUME(T.Frozen) }, { ALT: () => this.CONSUME(T.Checkpoint) }]);
    this.OR2([
      { ALT: () => this.SUBRULE(this.paramStmt) },
      {
        GATE: () => this.LA(2).tokenType === T.Equals,
        ALT: () => {
          this.CONSUME(T.Identifier);
          this.CONSUME(T.Equals);
          this.SUBRULE(this.expr);
        },
      },
      {
        ALT: () => {
          this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.pathPattern) });
          this.OPTION(() => this.SUBRULE(this.exceptClause));
        },
      },
    ]);
  });

  groupStmt = this.RULE("groupStmt", () => {
    this.CONSUME(T.Group);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Equals);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.pathPattern) });
  });

  /** `published params = 383e6 within 0.5e6 over vision.**, decoder.** for base` */
  publishedStmt = this.RULE("publishedStmt", () => {
    this.CONSUME(T.Published);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.expr);
    this.OPTION(() => {
      this.CONSUME(T.Within);
      this.SUBRULE2(this.expr);
    });
    this.OPTION2(() => {
      this.CONSUME(T.Over);
      this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.pathPattern) });
    });
    // `for B16, L14`: a claim about some variants only (`default` is the configuration
    // without a variant).
    this.OPTION3(() => {
      this.CONSUME(T.For);
      this.AT_LEAST_ONE_SEP2({ SEP: T.Comma, DEF: () => this.CONSUME2(T.Identifier) });
    });
  });

  /** `a, b = expr`, `x = expr` or a bare expression; targets are validated when building the AST. */
  exprOrAssign = this.RULE("exprOrAssign", () => {
    // Starts with orExpr, not expr: a statement starting with `if` is an if-statement.
    this.SUBRULE(this.orExpr);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.orExpr);
    });
    this.OPTION(() => {
      this.CONSUME(T.Equals);
      this.SUBRULE(this.expr);
    });
  });

  /** The first segment is a name or `**` (a leading `*` would read as multiplication after `share`). */
  pathPattern = this.RULE("pathPattern", () => {
    this.OR3([{ ALT: () => this.CONSUME(T.Identifier) }, { ALT: () => this.CONSUME(T.StarStar) }]);
    this.MANY(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.Dot);
            this.SUBRULE2(this.patternSegment);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.LBracket);
            this.SUBRULE(this.patternIndex);
            this.CONSUME(T.RBracket);
          },
        },
      ]);
    });
  });

  /** Inside `[…]` of a path: `*`, an index `3`, or a range `6:`, `:6`, `2:10`. */
  patternIndex = this.RULE("patternIndex", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Star) },
      {
        ALT: () => {
          this.CONSUME(T.NumberLiteral);
          this.OPTION(() => {
            this.CONSUME(T.Colon);
            this.OPTION2(() => this.CONSUME2(T.NumberLiteral));
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME2(T.Colon);
          this.CONSUME3(T.NumberLiteral);
        },
      },
    ]);
  });

  patternSegment = this.RULE("patternSegment", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Identifier) },
      { ALT: () => this.CONSUME(T.StarStar) },
      { ALT: () => this.CONSUME(T.Star) },
      { ALT: () => this.CONSUME(T.NumberLiteral) },
    ]);
  });

  // ------------------------------------------------------------------ types

  /** `f32[B, T]`, or a scalar type name (`int`, `fn`, `block`, …; `fn` and `block` are also keywords). */
  typeExpr = this.RULE("typeExpr", () => {
    this.OR([{ ALT: () => this.CONSUME(T.Identifier) }, { ALT: () => this.CONSUME(T.Fn) }, { ALT: () => this.CONSUME(T.Block) }]);
    this.OPTION(() => {
      this.CONSUME(T.LBracket);
      this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.dimPattern) });
      this.CONSUME(T.RBracket);
    });
  });

  dimPattern = this.RULE("dimPattern", () => {
    this.OR([{ ALT: () => this.CONSUME(T.Ellipsis) }, { ALT: () => this.SUBRULE(this.expr) }]);
  });

  // ------------------------------------------------------------------ expressions

  expr = this.RULE("expr", () => {
    this.OR([{ ALT: () => this.SUBRULE(this.condExpr) }, { ALT: () => this.SUBRULE(this.orExpr) }]);
  });

  condExpr = this.RULE("condExpr", () => {
    this.CONSUME(T.If);
    this.SUBRULE(this.expr);
    this.CONSUME(T.Then);
    this.SUBRULE2(this.expr);
    this.CONSUME(T.Else);
    this.SUBRULE3(this.expr);
  });

  /**
   * Binary expressions as a flat sequence of operands and operators; precedence and
   * associativity are resolved when the AST is built (grammar/to-ast.ts), which keeps the CST
   * shallow (a precedence tower costs a CST node per level per operand).
   */
  orExpr = this.RULE("orExpr", () => {
    this.SUBRULE(this.operand);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Or) },
        { ALT: () => this.CONSUME(T.And) },
        { ALT: () => this.CONSUME(T.EqEq) },
        { ALT: () => this.CONSUME(T.NotEq) },
        { ALT: () => this.CONSUME(T.LessEq) },
        { ALT: () => this.CONSUME(T.GreaterEq) },
        { ALT: () => this.CONSUME(T.Less) },
        { ALT: () => this.CONSUME(T.Greater) },
        { ALT: () => this.CONSUME(T.In) },
        { ALT: () => this.CONSUME(T.DotDot) },
        { ALT: () => this.CONSUME(T.Plus) },
        { ALT: () => this.CONSUME(T.Minus) },
        { ALT: () => this.CONSUME(T.Star) },
        { ALT: () => this.CONSUME(T.SlashSlash) },
        { ALT: () => this.CONSUME(T.Slash) },
        { ALT: () => this.CONSUME(T.Percent) },
        { ALT: () => this.CONSUME(T.At) },
        { ALT: () => this.CONSUME(T.Caret) },
      ]);
      this.SUBRULE2(this.operand);
    });
  });

  /** A postfix expression with any number of prefix `not` / `-`. */
  operand = this.RULE("operand", () => {
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Not) }, { ALT: () => this.CONSUME(T.Minus) }]);
    });
    this.SUBRULE(this.postfixExpr);
  });

  postfixExpr = this.RULE("postfixExpr", () => {
    this.SUBRULE(this.primary);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.SUBRULE(this.memberSuffix) },
        { ALT: () => this.SUBRULE(this.callSuffix) },
        { ALT: () => this.SUBRULE(this.indexSuffix) },
      ]);
    });
  });

  memberSuffix = this.RULE("memberSuffix", () => {
    this.CONSUME(T.Dot);
    this.CONSUME(T.Identifier);
  });

  callSuffix = this.RULE("callSuffix", () => {
    this.CONSUME(T.LParen);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.arg) });
    this.CONSUME(T.RParen);
  });

  arg = this.RULE("arg", () => {
    this.OPTION(() => {
      // `init` is a keyword and also an argument name: `queue(size, dim, init: unit_normal)`.
      this.OR([{ ALT: () => this.CONSUME(T.Identifier) }, { ALT: () => this.CONSUME(T.Init) }]);
      this.CONSUME(T.Colon);
    });
    this.SUBRULE(this.expr);
  });

  indexSuffix = this.RULE("indexSuffix", () => {
    this.CONSUME(T.LBracket);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.indexItem) });
    this.CONSUME(T.RBracket);
  });

  /** `...`, `:`, `:e`, `s`, `s:`, `s:e` */
  indexItem = this.RULE("indexItem", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Ellipsis) },
      {
        ALT: () => {
          this.CONSUME(T.Colon);
          this.OPTION(() => this.SUBRULE(this.expr));
        },
      },
      {
        ALT: () => {
          this.SUBRULE2(this.expr);
          this.OPTION2(() => {
            this.CONSUME2(T.Colon);
            this.OPTION3(() => this.SUBRULE3(this.expr));
          });
        },
      },
    ]);
  });

  primary = this.RULE("primary", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.NumberLiteral) },
      { ALT: () => this.CONSUME(T.StringLiteral) },
      { ALT: () => this.CONSUME(T.True) },
      { ALT: () => this.CONSUME(T.False) },
      { ALT: () => this.CONSUME(T.None) },
      { ALT: () => this.CONSUME(T.Identifier) },
      { ALT: () => this.SUBRULE(this.parenExpr) },
      { ALT: () => this.SUBRULE(this.listExpr) },
    ]);
  });

  /** `(e)` or a tuple `(a, b)` / `(a,)`. */
  parenExpr = this.RULE("parenExpr", () => {
    this.CONSUME(T.LParen);
    this.SUBRULE(this.expr);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.OPTION(() => this.SUBRULE2(this.expr));
    });
    this.CONSUME(T.RParen);
  });

  /** `[a, b]`, `[e for i in xs]` or `[e for i in xs if cond]`. */
  listExpr = this.RULE("listExpr", () => {
    this.CONSUME(T.LBracket);
    this.OPTION(() => {
      this.SUBRULE(this.expr);
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.For);
            this.CONSUME(T.Identifier);
            this.CONSUME(T.In);
            this.SUBRULE2(this.expr);
            this.OPTION4(() => {
              this.CONSUME(T.If);
              this.SUBRULE4(this.expr);
            });
          },
        },
        {
          ALT: () => {
            this.MANY(() => {
              this.CONSUME(T.Comma);
              this.OPTION2(() => this.SUBRULE3(this.expr));
            });
          },
        },
      ]);
    });
    this.CONSUME(T.RBracket);
  });
}

/** One parser instance: chevrotain's self-analysis is costly, and `input` resets its state. */
export const vlmParser = new VlmParser();

export interface CstParseResult {
  readonly cst: CstNode;
  readonly tokens: IToken[];
}
