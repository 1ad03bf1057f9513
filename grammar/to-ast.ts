// CST → AST. The one place that knows chevrotain's CST; the rest of the compiler sees only
// grammar/ast.ts. The CST is typed by grammar/cst.generated.ts (generated from the parser), so
// every child name read here is checked against the grammar at compile time. Error recovery can
// leave CST nodes without some children — even those the types call required — so every accessor
// here tolerates a missing child and substitutes a harmless placeholder (the parse error has
// already been reported).
import type { CstElement, CstNode, IToken } from "chevrotain";
import type * as A from "./ast.js";
import type * as C from "./cst.generated.js";
import { Diag } from "../compiler/diagnostics/catalog.js";
import { phrase } from "../compiler/diagnostics/template.js";

export interface AstProblem {
  readonly message: string;
  readonly span: A.Span;
  readonly hint?: string;
}

/** The names of a children type's token lists and of its node lists. */
type TokenName<Ch> = { [K in keyof Ch]-?: NonNullable<Ch[K]> extends IToken[] ? K : never }[keyof Ch];
type NodeName<Ch> = { [K in keyof Ch]-?: NonNullable<Ch[K]> extends CstNode[] ? K : never }[keyof Ch];
/** The node type of a child list: `NodeOf<C.BodyCstChildren, "stmt">` is `C.StmtCstNode`. */
type NodeOf<Ch, K extends keyof Ch> = NonNullable<Ch[K]> extends (infer N)[] ? N : never;

/** One builder per alternative of `stmt`: the mapped type makes the table exhaustive. */
type StmtBuilders = { readonly [K in NodeName<C.StmtCstChildren>]: (n: NodeOf<C.StmtCstChildren, K>) => A.Stmt | undefined };

function isToken(e: CstElement): e is IToken {
  return (e as IToken).image !== undefined;
}

export class AstBuilder {
  readonly problems: AstProblem[] = [];
  private readonly docs: IToken[];

  constructor(
    private readonly file: string,
    private readonly source: string,
    docTokens: IToken[],
  ) {
    this.docs = [...docTokens].sort((a, b) => a.startOffset - b.startOffset);
  }

  // ---------------------------------------------------------------- helpers

  private span(start: number, end: number): A.Span {
    return { file: this.file, start, end: Math.max(start, end) };
  }

  private tokenSpan(t: IToken): A.Span {
    return this.span(t.startOffset, (t.endOffset ?? t.startOffset) + 1);
  }

  /** The span of a CST node, from its first to its last token. */
  private nodeSpan(n: CstNode | undefined): A.Span {
    if (!n) return this.span(this.source.length, this.source.length);
    const loc = n.location;
    if (loc && Number.isFinite(loc.startOffset) && Number.isFinite(loc.endOffset)) return this.span(loc.startOffset, loc.endOffset! + 1);
    // Recovery can leave a node without a location: find its tokens.
    const first = this.firstToken(n);
    const last = this.lastToken(n);
    if (!first || !last) return this.span(this.source.length, this.source.length);
    return this.span(first.startOffset, (last.endOffset ?? last.startOffset) + 1);
  }

  private firstToken(n: CstNode): IToken | undefined {
    let best: IToken | undefined;
    for (const list of Object.values(n.children)) {
      for (const e of list ?? []) {
        const t = isToken(e) ? e : this.firstToken(e);
        if (t && !Number.isNaN(t.startOffset) && (!best || t.startOffset < best.startOffset)) best = t;
      }
    }
    return best;
  }

  private lastToken(n: CstNode): IToken | undefined {
    let best: IToken | undefined;
    for (const list of Object.values(n.children)) {
      for (const e of list ?? []) {
        const t = isToken(e) ? e : this.lastToken(e);
        if (t && !Number.isNaN(t.startOffset) && (!best || t.startOffset > best.startOffset)) best = t;
      }
    }
    return best;
  }

  // Which child lists a node may have is typed; whether it has them is not (recovery): `?? []`.

  private nodes<Ch, K extends NodeName<Ch>>(c: Ch, name: K): NodeOf<Ch, K>[] {
    return (c[name] as NodeOf<Ch, K>[] | undefined) ?? [];
  }

  private node<Ch, K extends NodeName<Ch>>(c: Ch, name: K, i = 0): NodeOf<Ch, K> | undefined {
    return (c[name] as NodeOf<Ch, K>[] | undefined)?.[i];
  }

  /** The tokens of one type under a node, less those recovery invented. */
  private tokens<Ch, K extends TokenName<Ch>>(c: Ch, name: K): IToken[] {
    return this.orderedTokens(c, [name]);
  }

  private token<Ch, K extends TokenName<Ch>>(c: Ch, name: K, i = 0): IToken | undefined {
    let k = 0;
    for (const t of (c[name] as IToken[] | undefined) ?? []) if (!t.isInsertedInRecovery && k++ === i) return t;
    return undefined;
  }

  /** All tokens directly under a node whose type is one of `names`, in source order. */
  private orderedTokens<Ch, K extends TokenName<Ch>>(c: Ch, names: readonly K[]): IToken[] {
    const out: IToken[] = [];
    for (const name of names) {
      for (const t of (c[name] as IToken[] | undefined) ?? []) if (!t.isInsertedInRecovery) out.push(t);
    }
    if (out.length > 1) out.sort((a, b) => a.startOffset - b.startOffset);
    return out;
  }

  private ident(t: IToken | undefined, fallbackAt: A.Span): A.Ident {
    if (!t) return { kind: "Ident", name: "<missing>", span: fallbackAt };
    return { kind: "Ident", name: t.image, span: this.tokenSpan(t) };
  }

  /** The doc comment (`## …` lines) directly above `offset`, joined. */
  private docBefore(offset: number): string | undefined {
    const lines: string[] = [];
    let cursor = offset;
    for (let i = this.docs.length - 1; i >= 0; i--) {
      const d = this.docs[i]!;
      if (d.startOffset >= cursor) continue;
      const gap = this.source.slice((d.endOffset ?? d.startOffset) + 1, cursor);
      // Only a doc comment on the line directly above counts: a blank line detaches it.
      if (!/^[ \t]*\r?\n[ \t]*$/.test(gap)) break;
      // Trailing blanks are invisible in an editor and `vlmc fmt` removes them: not part of the doc.
      lines.unshift(d.image.replace(/^##\s?/, "").trimEnd());
      cursor = d.startOffset;
    }
    return lines.length > 0 ? lines.join("\n") : undefined;
  }

  // ---------------------------------------------------------------- items

  /** The AST of a file, from the CST the parser's `file` rule built. */
  sourceFile(cst: CstNode): A.SourceFile {
    // The one unchecked step: chevrotain types every rule's result as a plain CstNode.
    const n = cst as C.FileCstNode;
    const items = this.nodes(n.children, "item").flatMap((i) => {
      const item = this.item(i);
      return item ? [item] : [];
    });
    return { kind: "SourceFile", file: this.file, items, span: this.span(0, this.source.length) };
  }

  private item(n: C.ItemCstNode): A.Item | undefined {
    const c = n.children;
    const imp = this.node(c, "importDecl");
    if (imp) return this.importDecl(imp);
    const block = this.node(c, "blockDecl");
    if (block) return this.blockDecl(block);
    const fn = this.node(c, "fnDecl");
    if (fn) return this.fnDecl(fn);
    const model = this.node(c, "modelDecl");
    if (model) return this.modelDecl(model);
    return undefined;
  }

  private importDecl(n: C.ImportDeclCstNode): A.ImportDecl {
    const str = this.token(n.children, "StringLiteral");
    return { kind: "ImportDecl", path: str ? unquote(str.image) : "", span: this.nodeSpan(n) };
  }

  private blockDecl(n: C.BlockDeclCstNode): A.BlockDecl {
    const c = n.children;
    const span = this.nodeSpan(n);
    const name = this.ident(this.token(c, "Identifier"), span);
    if (c.Equals) {
      // `block Name = Base with { … }`: no parameters or body of its own (grammar/ast.ts).
      const base = this.ident(this.token(c, "Identifier", 1), span);
      const derive: A.BlockDerivation = { kind: "BlockDerivation", base, overrides: this.body(this.node(c, "body")), span: this.span(base.span.start, span.end) };
      return { kind: "BlockDecl", name, params: [], body: [], derive, ...this.withDoc(span.start), span };
    }
    return {
      kind: "BlockDecl",
      name,
      params: this.nodes(c, "blockParam").map((p) => this.blockParam(p)),
      body: this.body(this.node(c, "body")),
      ...this.withDoc(span.start),
      span,
    };
  }

  private blockParam(n: C.BlockParamCstNode): A.BlockParam {
    const c = n.children;
    const span = this.nodeSpan(n);
    const type = this.node(c, "typeExpr");
    const def = this.node(c, "expr");
    return {
      kind: "BlockParam",
      name: this.ident(this.token(c, "Identifier"), span),
      ...(type ? { type: this.typeExpr(type) } : {}),
      ...(def ? { default: this.expr(def) } : {}),
      span,
    };
  }

  private fnDecl(n: C.FnDeclCstNode): A.FnDecl {
    const c = n.children;
    const span = this.nodeSpan(n);
    const sig = this.signature(this.node(c, "signature"));
    return {
      kind: "FnDecl",
      name: this.ident(this.token(c, "Identifier"), span),
      params: sig.params,
      ...(sig.returns ? { returns: sig.returns } : {}),
      body: this.body(this.node(c, "body")),
      ...this.withDoc(span.start),
      span,
    };
  }

  private modelDecl(n: C.ModelDeclCstNode): A.ModelDecl {
    const c = n.children;
    const span = this.nodeSpan(n);
    return {
      kind: "ModelDecl",
      name: this.ident(this.token(c, "Identifier"), span),
      body: this.body(this.node(c, "body")),
      ...this.withDoc(span.start),
      span,
    };
  }

  private withDoc(offset: number): { doc?: string } {
    const doc = this.docBefore(offset);
    return doc === undefined ? {} : { doc };
  }

  private body(n: C.BodyCstNode | undefined): A.Stmt[] {
    if (!n) return [];
    return this.nodes(n.children, "stmt").flatMap((s) => {
      const stmt = this.stmt(s);
      return stmt ? [stmt] : [];
    });
  }

  private signature(n: C.SignatureCstNode | undefined): { params: A.SigParam[]; returns?: A.ReturnType } {
    if (!n) return { params: [] };
    const c = n.children;
    const ret = this.node(c, "typeExpr");
    const tuple = this.node(c, "tupleTypeExpr");
    const items = tuple ? this.nodes(tuple.children, "typeExpr").map((t) => this.typeExpr(t)) : [];
    if (tuple && items.length === 0) this.problems.push({ message: phrase(Diag.InvalidSyntaxForm, "tupleReturn"), hint: phrase(Diag.InvalidSyntaxForm, "tupleReturnHint"), span: this.nodeSpan(tuple) });
    const returns: A.ReturnType | undefined = ret ? this.typeExpr(ret) : items.length ? { kind: "TupleTypeExpr", items, span: this.nodeSpan(tuple!) } : undefined;
    return {
      params: this.nodes(c, "sigParam").map((p) => this.sigParam(p)),
      ...(returns ? { returns } : {}),
    };
  }

  private sigParam(n: C.SigParamCstNode): A.SigParam {
    const c = n.children;
    const span = this.nodeSpan(n);
    const type = this.node(c, "typeExpr");
    const def = this.node(c, "expr");
    return {
      kind: "SigParam",
      name: this.ident(this.token(c, "Identifier"), span),
      ...(type ? { type: this.typeExpr(type) } : {}),
      ...(def ? { default: this.expr(def) } : {}),
      span,
    };
  }

  // ---------------------------------------------------------------- statements

  private stmt(n: C.StmtCstNode): A.Stmt | undefined {
    const c = n.children;
    // A statement node holds one alternative; its rule name picks the builder.
    for (const rule of Object.keys(this.stmtBuilders) as (keyof StmtBuilders)[]) {
      const child = this.node(c, rule);
      if (child) return (this.stmtBuilders[rule] as (n: CstNode) => A.Stmt | undefined)(child);
    }
    return undefined;
  }

  private readonly stmtBuilders: StmtBuilders = {
    hyperStmt: (n) => this.hyperStmt(n),
    variantStmt: (n) => this.variantStmt(n),
    requireStmt: (n) => this.requireStmt(n),
    paramStmt: (n) => this.paramStmt(n),
    ifStmt: (n) => this.ifStmt(n),
    forStmt: (n) => this.forStmt(n),
    forwardDecl: (n) => this.forwardDecl(n),
    returnStmt: (n) => this.returnStmt(n),
    shareStmt: (n) => this.shareStmt(n),
    inputStmt: (n) => this.inputStmt(n),
    objectiveStmt: (n) => this.objectiveStmt(n),
    stageStmt: (n) => this.stageStmt(n),
    freezeClause: (n) => this.freezeOutsideStage(n),
    markedStmt: (n) => this.markedStmt(n),
    groupStmt: (n) => this.groupStmt(n),
    publishedStmt: (n) => this.publishedStmt(n),
    exprOrAssign: (n) => this.exprOrAssign(n),
  };

  private hyperEntry(n: C.HyperEntryCstNode): A.HyperEntry {
    const c = n.children;
    const span = this.nodeSpan(n);
    return {
      kind: "HyperEntry",
      name: this.ident(this.token(c, "Identifier"), span),
      value: this.exprOr(this.node(c, "expr"), span),
      span,
    };
  }

  private hyperStmt(n: C.HyperStmtCstNode): A.HyperStmt {
    const span = this.nodeSpan(n);
    return {
      kind: "HyperStmt",
      entries: this.nodes(n.children, "hyperEntry").map((e) => this.hyperEntry(e)),
      ...this.withDoc(span.start),
      span,
    };
  }

  private variantStmt(n: C.VariantStmtCstNode): A.VariantStmt {
    const c = n.children;
    const span = this.nodeSpan(n);
    return {
      kind: "VariantStmt",
      name: this.ident(this.token(c, "Identifier"), span),
      entries: this.nodes(c, "hyperEntry").map((e) => this.hyperEntry(e)),
      ...this.withDoc(span.start),
      span,
    };
  }

  private requireStmt(n: C.RequireStmtCstNode): A.RequireStmt {
    const c = n.children;
    const span = this.nodeSpan(n);
    const msg = this.token(c, "StringLiteral");
    return {
      kind: "RequireStmt",
      cond: this.exprOr(this.node(c, "expr"), span),
      ...(msg ? { message: unquote(msg.image) } : {}),
      span,
    };
  }

  private paramStmt(n: C.ParamStmtCstNode): A.ParamStmt {
    const c = n.children;
    const span = this.nodeSpan(n);
    const init = this.node(c, "expr");
    return {
      kind: "ParamStmt",
      name: this.ident(this.token(c, "Identifier"), span),
      type: this.typeExprOr(this.node(c, "typeExpr"), span),
      ...(init ? { init: this.expr(init) } : {}),
      ...this.withDoc(span.start),
      span,
    };
  }

  private ifStmt(n: C.IfStmtCstNode): A.IfStmt {
    const c = n.children;
    const span = this.nodeSpan(n);
    const bodies = this.nodes(c, "body");
    const elseIf = this.node(c, "ifStmt");
    const hasElse = this.token(c, "Else") !== undefined;
    let elseBranch: A.Stmt[] | undefined;
    if (elseIf) elseBranch = [this.ifStmt(elseIf)];
    else if (hasElse) elseBranch = this.body(bodies[1]);
    return {
      kind: "IfStmt",
      cond: this.exprOr(this.node(c, "expr"), span),
      then: this.body(bodies[0]),
      ...(elseBranch ? { else: elseBranch } : {}),
      span,
    };
  }

  private forStmt(n: C.ForStmtCstNode): A.ForStmt {
    const c = n.children;
    const span = this.nodeSpan(n);
    return {
      kind: "ForStmt",
      variable: this.ident(this.token(c, "Identifier"), span),
      iterable: this.exprOr(this.node(c, "expr"), span),
      body: this.body(this.node(c, "body")),
      span,
    };
  }

  private forwardDecl(n: C.ForwardDeclCstNode): A.ForwardDecl {
    const c = n.children;
    const span = this.nodeSpan(n);
    const name = this.token(c, "Identifier");
    const sig = this.signature(this.node(c, "signature"));
    return {
      kind: "ForwardDecl",
      ...(name ? { name: this.ident(name, span) } : {}),
      params: sig.params,
      ...(sig.returns ? { returns: sig.returns } : {}),
      body: this.body(this.node(c, "body")),
      ...this.withDoc(span.start),
      span,
    };
  }

  private returnStmt(n: C.ReturnStmtCstNode): A.ReturnStmt {
    const span = this.nodeSpan(n);
    const values = this.nodes(n.children, "expr").map((e) => this.expr(e));
    const value: A.Expr =
      values.length === 1 ? values[0]! : values.length === 0 ? { kind: "NoneLit", span } : { kind: "TupleExpr", items: values, span };
    return { kind: "ReturnStmt", value, span };
  }

  private shareStmt(n: C.ShareStmtCstNode): A.ShareStmt {
    const c = n.children;
    const span = this.nodeSpan(n);
    const patterns = this.nodes(c, "pathPattern");
    const except = this.node(c, "exceptClause");
    return {
      kind: "ShareStmt",
      mode: this.token(c, "SoftTie") ? "tie" : "share",
      target: this.pathPattern(patterns[0], span),
      source: this.pathPattern(patterns[1], span),
      except: except ? this.nodes(except.children, "pathPattern").map((p) => this.pathPattern(p, span)) : [],
      span,
    };
  }

  private inputStmt(n: C.InputStmtCstNode): A.InputStmt {
    const c = n.children;
    const span = this.nodeSpan(n);
    const source = this.node(c, "expr");
    return {
      kind: "InputStmt",
      name: this.ident(this.token(c, "Identifier"), span),
      type: this.typeExprOr(this.node(c, "typeExpr"), span),
      ...(source ? { source: this.expr(source) } : {}),
      ...this.withDoc(span.start),
      span,
    };
  }

  private objectiveStmt(n: C.ObjectiveStmtCstNode): A.ObjectiveStmt {
    const c = n.children;
    const span = this.nodeSpan(n);
    const exprs = this.nodes(c, "expr");
    return {
      kind: "ObjectiveStmt",
      name: this.ident(this.token(c, "Identifier"), span),
      value: this.exprOr(exprs[0], span),
      ...(exprs[1] ? { weight: this.expr(exprs[1]) } : {}),
      ...this.withDoc(span.start),
      span,
    };
  }

  /** `freeze …` in a model or block body: what is frozen is a property of a training stage. */
  private freezeOutsideStage(n: C.FreezeClauseCstNode): undefined {
    const span = this.nodeSpan(n);
    this.problems.push({ message: phrase(Diag.InvalidSyntaxForm, "freezeOutsideStage"), hint: phrase(Diag.InvalidSyntaxForm, "freezeOutsideStageHint"), span });
    return undefined;
  }

  /** `frozen lm = …`, `checkpoint param …` or `frozen ** except adapters.**`. */
  private markedStmt(n: C.MarkedStmtCstNode): A.Stmt | undefined {
    const c = n.children;
    const span = this.nodeSpan(n);
    const word = this.token(c, "SoftFrozen") ?? this.token(c, "SoftCheckpoint");
    const mark: A.Mark = { kind: c.SoftFrozen ? "frozen" : "checkpoint", span: word ? this.tokenSpan(word) : span };
    const doc = this.withDoc(span.start);
    const param = this.node(c, "paramStmt");
    if (param) {
      const { doc: _inner, ...p } = this.paramStmt(param);
      return { ...p, mark, ...doc, span };
    }
    const value = this.node(c, "expr");
    if (value) return { kind: "AssignStmt", targets: [this.ident(this.token(c, "Identifier"), span)], value: this.expr(value), mark, ...doc, span };
    const except = this.node(c, "exceptClause");
    return {
      kind: "MarkStmt",
      mark,
      patterns: this.nodes(c, "pathPattern").map((p) => this.pathPattern(p, span)),
      except: except ? this.nodes(except.children, "pathPattern").map((p) => this.pathPattern(p, span)) : [],
      ...doc,
      span,
    };
  }

  private stageStmt(n: C.StageStmtCstNode): A.StageStmt {
    const c = n.children;
    const span = this.nodeSpan(n);
    const objectives: A.Ident[] = [];
    for (const clause of this.nodes(c, "objectivesClause")) {
      for (const t of this.tokens(clause.children, "Identifier")) objectives.push(this.ident(t, span));
    }
    const freeze: A.PathPattern[] = [];
    const except: A.PathPattern[] = [];
    for (const clause of this.nodes(c, "freezeClause")) {
      for (const p of this.nodes(clause.children, "pathPattern")) freeze.push(this.pathPattern(p, span));
      const ex = this.node(clause.children, "exceptClause");
      if (ex) for (const p of this.nodes(ex.children, "pathPattern")) except.push(this.pathPattern(p, span));
    }
    return {
      kind: "StageStmt",
      name: this.ident(this.token(c, "Identifier"), span),
      objectives,
      freeze,
      except,
      ...this.withDoc(span.start),
      span,
    };
  }

  private groupStmt(n: C.GroupStmtCstNode): A.GroupStmt {
    const c = n.children;
    const span = this.nodeSpan(n);
    return {
      kind: "GroupStmt",
      name: this.ident(this.token(c, "Identifier"), span),
      patterns: this.nodes(c, "pathPattern").map((p) => this.pathPattern(p, span)),
      ...this.withDoc(span.start),
      span,
    };
  }

  private publishedStmt(n: C.PublishedStmtCstNode): A.PublishedStmt {
    const c = n.children;
    const span = this.nodeSpan(n);
    const exprs = this.nodes(c, "expr");
    return {
      kind: "PublishedStmt",
      name: this.ident(this.token(c, "Identifier"), span),
      value: this.exprOr(exprs[0], span),
      ...(exprs[1] ? { tolerance: this.expr(exprs[1]) } : {}),
      patterns: this.nodes(c, "pathPattern").map((p) => this.pathPattern(p, span)),
      ...(this.token(c, "For") ? { variants: this.tokens(c, "Identifier").slice(1).map((t) => this.ident(t, span)) } : {}),
      ...this.withDoc(span.start),
      span,
    };
  }

  private exprOrAssign(n: C.ExprOrAssignCstNode): A.Stmt | undefined {
    const c = n.children;
    const span = this.nodeSpan(n);
    const lhs = this.nodes(c, "orExpr").map((e) => this.orExpr(e));
    const rhs = this.node(c, "expr");
    if (!rhs) {
      if (lhs.length > 1) this.problems.push({ message: "a tuple cannot stand alone as a statement; did you mean `a, b = …`?", span });
      const expr = lhs[0];
      return expr ? { kind: "ExprStmt", expr, span } : undefined;
    }
    const targets: A.Ident[] = [];
    for (const e of lhs) {
      if (e.kind === "NameExpr") targets.push({ kind: "Ident", name: e.name, span: e.span });
      else this.problems.push({ message: "only names can be assigned to", span: e.span });
    }
    if (targets.length === 0) return undefined;
    return { kind: "AssignStmt", targets, value: this.expr(rhs), ...this.withDoc(span.start), span };
  }

  private pathPattern(n: C.PathPatternCstNode | undefined, fallback: A.Span): A.PathPattern {
    if (!n) return { kind: "PathPattern", segments: [], span: fallback };
    const c = n.children;
    const segments: A.PatternSegment[] = [];
    const parts: { at: number; seg: A.PatternSegment }[] = [];
    for (const t of this.orderedTokens(c, ["Identifier", "StarStar"])) parts.push({ at: t.startOffset, seg: { text: t.image, bracketed: false, span: this.tokenSpan(t) } });
    for (const seg of this.nodes(c, "patternSegment")) {
      for (const t of this.orderedTokens(seg.children, ["Identifier", "StarStar", "Star", "NumberLiteral"])) {
        parts.push({ at: t.startOffset, seg: { text: t.image, bracketed: false, span: this.tokenSpan(t) } });
      }
    }
    for (const idx of this.nodes(c, "patternIndex")) {
      // `[6:]`, `[:6]`, `[2:10]`, `[3]`, `[*]`: the tokens as written, without spaces.
      const toks = this.orderedTokens(idx.children, ["Star", "NumberLiteral", "Colon"]);
      if (toks.length === 0) continue;
      const span = this.nodeSpan(idx);
      parts.push({ at: span.start, seg: { text: toks.map((t) => t.image).join(""), bracketed: true, span } });
    }
    parts.sort((a, b) => a.at - b.at);
    for (const p of parts) segments.push(p.seg);
    return { kind: "PathPattern", segments, span: this.nodeSpan(n) };
  }

  // ---------------------------------------------------------------- types

  private typeExprOr(n: C.TypeExprCstNode | undefined, fallback: A.Span): A.TypeExpr {
    return n ? this.typeExpr(n) : { kind: "ScalarTypeExpr", name: { kind: "Ident", name: "<missing>", span: fallback }, span: fallback };
  }

  private typeExpr(n: C.TypeExprCstNode): A.TypeExpr {
    const c = n.children;
    const span = this.nodeSpan(n);
    const name = this.ident(this.token(c, "Identifier") ?? this.token(c, "Fn") ?? this.token(c, "Block"), span);
    if (!this.token(c, "LBracket")) return { kind: "ScalarTypeExpr", name, span };
    const dims = this.nodes(c, "dimPattern").map((d): A.DimPattern => {
      const ell = this.token(d.children, "Ellipsis");
      if (ell) return { kind: "EllipsisExpr", span: this.tokenSpan(ell) };
      return this.exprOr(this.node(d.children, "expr"), this.nodeSpan(d));
    });
    return { kind: "TensorTypeExpr", dtype: name, dims, span };
  }

  // ---------------------------------------------------------------- expressions

  private exprOr(n: C.ExprCstNode | undefined, fallback: A.Span): A.Expr {
    return n ? this.expr(n) : { kind: "NoneLit", span: fallback };
  }

  expr(n: C.ExprCstNode): A.Expr {
    const c = n.children;
    const cond = this.node(c, "condExpr");
    if (cond) {
      const cc = cond.children;
      const span = this.nodeSpan(cond);
      const parts = this.nodes(cc, "expr");
      return {
        kind: "CondExpr",
        cond: this.exprOr(parts[0], span),
        then: this.exprOr(parts[1], span),
        else: this.exprOr(parts[2], span),
        span,
      };
    }
    const or = this.node(c, "orExpr");
    return or ? this.orExpr(or) : { kind: "NoneLit", span: this.nodeSpan(n) };
  }

  /**
   * Precedence climbing over the flat operand/operator sequence of an `orExpr` node.
   * Binding powers (higher binds tighter): or 1, and 2, prefix not 3, comparisons 4, `..` 5,
   * + - 6, * / // % @ 7, prefix - 8, ^ 9 (right-associative; -2^2 is -(2^2)).
   */
  private orExpr(n: C.OrExprCstNode): A.Expr {
    const c = n.children;
    const operands = this.nodes(c, "operand");
    const ops = this.orderedTokens(c, BINARY_TOKENS);
    if (operands.length === 0) return { kind: "NoneLit", span: this.nodeSpan(n) };
    // One stream of prefix operators, operands and binary operators, in source order.
    type Item = { t: "prefix"; tok: IToken } | { t: "operand"; e: A.Expr } | { t: "binary"; tok: IToken };
    const stream: Item[] = [];
    operands.forEach((o, i) => {
      const prefixes = this.orderedTokens(o.children, PREFIX_TOKENS);
      for (const tok of prefixes) stream.push({ t: "prefix", tok });
      const post = this.node(o.children, "postfixExpr");
      stream.push({ t: "operand", e: post ? this.postfixExpr(post) : { kind: "NoneLit", span: this.nodeSpan(o) } });
      const op = ops[i];
      if (op && i < operands.length - 1) stream.push({ t: "binary", tok: op });
    });
    let pos = 0;
    const parse = (minBp: number): A.Expr => {
      let lhs: A.Expr;
      const head = stream[pos++];
      if (!head) return { kind: "NoneLit", span: this.nodeSpan(n) };
      if (head.t === "prefix") {
        const isNot = head.tok.image === "not";
        const operand = parse(isNot ? 4 : 9);
        const span = this.span(head.tok.startOffset, operand.span.end);
        if (!isNot && operand.kind === "NumberLit" && !operand.text.startsWith("-")) {
          // Fold `-3` into a literal so that `-1` reads as the number it is (slices, init values).
          lhs = { ...operand, value: -operand.value, text: "-" + operand.text, span };
        } else lhs = { kind: "UnaryExpr", op: isNot ? "not" : "-", operand, span };
      } else if (head.t === "operand") lhs = head.e;
      else return { kind: "NoneLit", span: this.tokenSpan(head.tok) };
      for (;;) {
        const next = stream[pos];
        if (!next || next.t !== "binary") return lhs;
        const op = next.tok.image as A.BinaryOp | "..";
        const bp = BINDING_POWER[op]!;
        if (bp < minBp) return lhs;
        pos++;
        const rhs = parse(op === "^" ? bp : bp + 1);
        const span = this.span(lhs.span.start, rhs.span.end);
        if (op === "..") lhs = { kind: "RangeExpr", start: lhs, end: rhs, span };
        else {
          if (bp === 4 && lhs.kind === "BinaryExpr" && BINDING_POWER[lhs.op] === 4) {
            this.problems.push({ message: "comparisons do not chain; write `a < b and b < c`", span });
          }
          lhs = { kind: "BinaryExpr", op, left: lhs, right: rhs, span };
        }
      }
    };
    return parse(0);
  }

  private postfixExpr(n: C.PostfixExprCstNode): A.Expr {
    const c = n.children;
    const prim = this.node(c, "primary");
    let e: A.Expr = prim ? this.primary(prim) : { kind: "NoneLit", span: this.nodeSpan(n) };
    const suffixes = [...this.nodes(c, "memberSuffix"), ...this.nodes(c, "callSuffix"), ...this.nodes(c, "indexSuffix")].sort(
      (a, b) => this.nodeSpan(a).start - this.nodeSpan(b).start,
    );
    for (const s of suffixes) {
      const end = this.nodeSpan(s).end;
      const span = this.span(e.span.start, end);
      if (s.name === "memberSuffix") {
        e = { kind: "MemberExpr", object: e, member: this.ident(this.token(s.children, "Identifier"), span), span };
      } else if (s.name === "callSuffix") {
        e = { kind: "CallExpr", callee: e, args: this.nodes(s.children, "arg").map((a) => this.arg(a)), span };
      } else {
        e = { kind: "IndexExpr", object: e, items: this.nodes(s.children, "indexItem").map((i) => this.indexItem(i)), span };
      }
    }
    return e;
  }

  private arg(n: C.ArgCstNode): A.Arg {
    const c = n.children;
    const span = this.nodeSpan(n);
    const name = this.token(c, "Identifier") ?? this.token(c, "Init");
    return {
      kind: "Arg",
      ...(name ? { name: this.ident(name, span) } : {}),
      value: this.exprOr(this.node(c, "expr"), span),
      span,
    };
  }

  private indexItem(n: C.IndexItemCstNode): A.IndexItem {
    const c = n.children;
    const span = this.nodeSpan(n);
    const ell = this.token(c, "Ellipsis");
    if (ell) return { kind: "EllipsisExpr", span };
    const exprs = this.nodes(c, "expr");
    const colon = this.token(c, "Colon");
    if (!colon) return this.exprOr(exprs[0], span);
    // Which side of the colon each expression sits on decides start vs end.
    const before = exprs.filter((e) => this.nodeSpan(e).start < colon.startOffset);
    const after = exprs.filter((e) => this.nodeSpan(e).start > colon.startOffset);
    return {
      kind: "SliceExpr",
      ...(before[0] ? { start: this.expr(before[0]) } : {}),
      ...(after[0] ? { end: this.expr(after[0]) } : {}),
      span,
    };
  }

  private primary(n: C.PrimaryCstNode): A.Expr {
    const c = n.children;
    const span = this.nodeSpan(n);
    const num = this.token(c, "NumberLiteral");
    if (num) return this.number(num);
    const str = this.token(c, "StringLiteral");
    if (str) return { kind: "StringLit", value: unquote(str.image), span };
    if (this.token(c, "True")) return { kind: "BoolLit", value: true, span };
    if (this.token(c, "False")) return { kind: "BoolLit", value: false, span };
    if (this.token(c, "None")) return { kind: "NoneLit", span };
    const id = this.token(c, "Identifier");
    if (id) return { kind: "NameExpr", name: id.image, span };
    const paren = this.node(c, "parenExpr");
    if (paren) {
      const items = this.nodes(paren.children, "expr").map((e) => this.expr(e));
      const isTuple = this.tokens(paren.children, "Comma").length > 0;
      if (!isTuple && items.length === 1) return items[0]!;
      return { kind: "TupleExpr", items, span: this.nodeSpan(paren) };
    }
    const list = this.node(c, "listExpr");
    if (list) return this.listExpr(list);
    return { kind: "NoneLit", span };
  }

  private listExpr(n: C.ListExprCstNode): A.Expr {
    const c = n.children;
    const span = this.nodeSpan(n);
    const exprs = this.nodes(c, "expr").map((e) => this.expr(e));
    if (this.token(c, "For")) {
      return {
        kind: "ComprehensionExpr",
        element: exprs[0] ?? { kind: "NoneLit", span },
        variable: this.ident(this.token(c, "Identifier"), span),
        iterable: exprs[1] ?? { kind: "NoneLit", span },
        ...(exprs[2] ? { filter: exprs[2] } : {}),
        span,
      };
    }
    return { kind: "ListExpr", items: exprs, span };
  }

  private number(t: IToken): A.NumberLit {
    const text = t.image;
    const isInt = !/[.eE]/.test(text);
    const value = Number(text.replace(/_/g, ""));
    return { kind: "NumberLit", value, isInt, text, span: this.tokenSpan(t) };
  }
}

const BINARY_TOKENS: readonly TokenName<C.OrExprCstChildren>[] = [
  "Or", "And", "EqEq", "NotEq", "LessEq", "GreaterEq", "Less", "Greater", "In", "DotDot",
  "Plus", "Minus", "Star", "SlashSlash", "Slash", "Percent", "At", "Caret",
];
const PREFIX_TOKENS: readonly TokenName<C.OperandCstChildren>[] = ["Not", "Minus"];

const BINDING_POWER: Record<A.BinaryOp | "..", number> = {
  or: 1, and: 2, "==": 4, "!=": 4, "<": 4, "<=": 4, ">": 4, ">=": 4, in: 4, "..": 5,
  "+": 6, "-": 6, "*": 7, "/": 7, "//": 7, "%": 7, "@": 7, "^": 9,
};

function unquote(s: string): string {
  const body = s.slice(1, -1);
  if (!body.includes("\\")) return body;
  return body.replace(/\\(.)/g, (_, ch: string) => (ch === "n" ? "\n" : ch === "t" ? "\t" : ch));
}
