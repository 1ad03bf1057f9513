// Unknown names: every name in an expression or type refers to something in scope — a local,
// a parameter, a member of the enclosing block or model, a declaration of this file or of a
// directly imported file, or a builtin. In tensor types, an unbound Capitalised name (B, T)
// introduces a shape symbol; an unbound lowercase one is an error (a misspelt hyperparameter
// must not silently become a free dimension).
import type * as A from "../../grammar/ast.js";
import { childExprs } from "../../grammar/visit.js";
import { Diag } from "../diagnostics/catalog.js";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { INIT_FUNCTIONS, isBuiltinName, isShapeSymbolName, SCALAR_TYPES } from "../prelude.js";
import { DTYPES } from "../ir/types.js";
import type { ModuleScope } from "../resolve/scope.js";
import { didYouMean } from "./suggest.js";

/** Where a name not visible here is declared in the std library, for the "add an import" hint. */
export type StdLookup = (name: string) => string | undefined;

class Scope {
  readonly names = new Set<string>();
  constructor(readonly parent?: Scope) {}
  has(n: string): boolean {
    return this.names.has(n) || (this.parent?.has(n) ?? false);
  }
  all(): string[] {
    return [...this.names, ...(this.parent?.all() ?? [])];
  }
}

/** Names a statement list declares (flow-insensitively, including inside if/for). */
function declaredIn(stmts: readonly A.Stmt[], into: Set<string>): void {
  for (const s of stmts) {
    switch (s.kind) {
      case "AssignStmt":
        for (const t of s.targets) into.add(t.name);
        break;
      case "ParamStmt":
      case "InputStmt":
        into.add(s.name.name);
        break;
      case "HyperStmt":
        for (const e of s.entries) into.add(e.name.name);
        break;
      case "ForStmt":
        into.add(s.variable.name);
        declaredIn(s.body, into);
        break;
      case "IfStmt":
        declaredIn(s.then, into);
        if (s.else) declaredIn(s.else, into);
        break;
      default:
        break;
    }
  }
}

export class NameChecker {
  readonly out: Diagnostic[] = [];

  constructor(
    private readonly module: ModuleScope,
    private readonly stdLookup: StdLookup,
  ) {}

  private unknown(name: string, span: A.Span, scope: Scope, what = "name"): void {
    let hint = didYouMean(name, [...scope.all(), ...this.module.visible.keys()]);
    if (!hint) {
      const home = this.stdLookup(name);
      if (home) hint = `\`${name}\` is declared in ${home}; add \`import "${home}"\``;
    }
    this.out.push(diagnostic(Diag.UnknownName, `unknown ${what} \`${name}\``, span, hint ? { hint } : {}));
  }

  private known(name: string, scope: Scope): boolean {
    return scope.has(name) || this.module.visible.has(name) || isBuiltinName(name);
  }

  /** Resolves every name in e; comprehension variables are in scope within their element. */
  value(e: A.Expr, scope: Scope): void {
    if (e.kind === "ComprehensionExpr") {
      this.value(e.iterable, scope);
      const inner = new Scope(scope);
      inner.names.add(e.variable.name);
      this.value(e.element, inner);
      return;
    }
    if (e.kind === "NameExpr") {
      if (!this.known(e.name, scope)) this.unknown(e.name, e.span, scope);
      return;
    }
    for (const child of childValues(e)) this.value(child, scope);
  }

  private init(e: A.Expr, scope: Scope): void {
    const s = new Scope(scope);
    for (const n of INIT_FUNCTIONS) s.names.add(n);
    this.value(e, s);
  }

  /** Checks a type; Capitalised free names in tensor dims are added to `symbols` if given. */
  type(t: A.TypeExpr, scope: Scope, symbols: Set<string> | undefined): void {
    if (t.kind === "ScalarTypeExpr") {
      if (t.name.name === "<missing>") return;
      if (!SCALAR_TYPES.has(t.name.name) && !(DTYPES as readonly string[]).includes(t.name.name)) {
        this.out.push(
          diagnostic(Diag.UnknownName, `unknown type \`${t.name.name}\``, t.name.span, {
            hint: didYouMean(t.name.name, [...SCALAR_TYPES, ...DTYPES]) ?? `types are ${[...SCALAR_TYPES].join(", ")} or a tensor type like f32[B, T]`,
          }),
        );
      }
      return;
    }
    if (!(DTYPES as readonly string[]).includes(t.dtype.name)) {
      this.out.push(
        diagnostic(Diag.UnknownName, `unknown dtype \`${t.dtype.name}\``, t.dtype.span, {
          hint: didYouMean(t.dtype.name, DTYPES) ?? `dtypes are ${DTYPES.join(", ")}`,
        }),
      );
    }
    for (const d of t.dims) {
      if (d.kind === "EllipsisExpr") continue;
      if (d.kind === "NameExpr" && symbols && !this.known(d.name, scope) && isShapeSymbolName(d.name)) {
        symbols.add(d.name);
        scope.names.add(d.name);
        continue;
      }
      this.value(d, scope);
    }
  }

  private stmts(stmts: readonly A.Stmt[], scope: Scope, inForward: boolean): void {
    for (const s of stmts) this.stmt(s, scope, inForward);
  }

  private stmt(s: A.Stmt, scope: Scope, inForward: boolean): void {
    switch (s.kind) {
      case "HyperStmt":
        for (const e of s.entries) this.value(e.value, scope);
        break;
      case "VariantStmt":
        for (const e of s.entries) this.value(e.value, scope);
        break;
      case "RequireStmt":
        this.value(s.cond, scope);
        break;
      case "ParamStmt":
        this.type(s.type, scope, undefined);
        if (s.init) this.init(s.init, scope);
        break;
      case "AssignStmt":
        this.value(s.value, scope);
        break;
      case "ExprStmt":
        this.value(s.expr, scope);
        break;
      case "IfStmt":
        this.value(s.cond, scope);
        this.stmts(s.then, scope, inForward);
        if (s.else) this.stmts(s.else, scope, inForward);
        break;
      case "ForStmt":
        this.value(s.iterable, scope);
        this.stmts(s.body, scope, inForward);
        break;
      case "ForwardDecl":
        this.callable(s.params, s.returns, s.body, scope);
        break;
      case "ReturnStmt":
        this.value(s.value, scope);
        break;
      case "InputStmt":
        this.type(s.type, scope, new Set());
        break;
      case "ObjectiveStmt":
        this.value(s.value, scope);
        if (s.weight) this.value(s.weight, scope);
        break;
      case "ShareStmt":
      case "StageStmt":
      case "GroupStmt":
        break; // paths and objective names are checked against the elaborated model
    }
  }

  private callable(params: readonly A.SigParam[], returns: A.TypeExpr | undefined, body: readonly A.Stmt[], outer: Scope): void {
    const scope = new Scope(outer);
    for (const p of params) scope.names.add(p.name.name);
    declaredIn(body, scope.names);
    const symbols = new Set<string>();
    for (const p of params) {
      if (p.type) this.type(p.type, scope, symbols);
      if (p.default) this.value(p.default, scope);
    }
    if (returns) this.type(returns, scope, symbols);
    this.stmts(body, scope, true);
  }

  item(item: A.Item): void {
    const root = new Scope();
    if (item.kind === "BlockDecl") {
      const scope = new Scope(root);
      for (const p of item.params) {
        if (p.type) this.type(p.type, scope, undefined);
        if (p.default) this.value(p.default, scope);
        scope.names.add(p.name.name);
      }
      declaredIn(item.body.filter((s) => s.kind !== "ForwardDecl"), scope.names);
      this.stmts(item.body, scope, false);
    } else if (item.kind === "FnDecl") {
      this.callable(item.params, item.returns, item.body, root);
    } else if (item.kind === "ModelDecl") {
      const scope = new Scope(root);
      declaredIn(item.body, scope.names);
      // Input shape symbols are model-wide: collect them before checking uses.
      for (const s of item.body) {
        if (s.kind === "InputStmt" && s.type.kind === "TensorTypeExpr") {
          for (const d of s.type.dims) if (d.kind === "NameExpr" && isShapeSymbolName(d.name) && !this.known(d.name, scope)) scope.names.add(d.name);
        }
      }
      this.stmts(item.body, scope, false);
    }
  }
}

/** Sub-expressions holding names to resolve (member and argument names are checked when elaborated). */
function childValues(e: A.Expr): A.Expr[] {
  return childExprs(e);
}

export function checkUnknownNames(file: A.SourceFile, module: ModuleScope, stdLookup: StdLookup): Diagnostic[] {
  const checker = new NameChecker(module, stdLookup);
  for (const item of file.items) if (item.kind !== "ImportDecl") checker.item(item);
  return checker.out;
}
