// Unknown names: every name in an expression or type refers to something in scope — a local,
// a parameter, a member of the enclosing block or model, a declaration of this file or of a
// directly imported file, or a builtin (initialisers only inside `init`, data sources only inside
// an input's `from`). In tensor types, an unbound Capitalised name (B, T)
// introduces a shape symbol; an unbound lowercase one is an error (a misspelt hyperparameter
// must not silently become a free dimension).
import type * as A from "../../grammar/ast.js";
import { childExprs } from "../../grammar/visit.js";
import { Diag } from "../diagnostics/catalog.js";
import { phrase, say } from "../diagnostics/template.js";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { HELPER_FUNCTIONS, INIT_FUNCTIONS, isBuiltinName, isShapeSymbolName, OP_FUNCTIONS, SCALAR_TYPES, SOURCE_FUNCTIONS, takesInitialiser } from "../prelude.js";
import { DTYPES } from "../ir/types.js";
import type { ModuleScope } from "../resolve/scope.js";
import { didYouMean } from "../diagnostics/suggest.js";

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

/** Names from other languages, mapped to ours. */
const TYPE_ALIASES: Record<string, string> = {
  float32: "f32", float16: "f16", bfloat16: "bf16", int32: "i32", int64: "i64", long: "i64",
  integer: "int", double: "float", boolean: "bool", string: "str", bool_: "bool",
};

export class NameChecker {
  readonly out: Diagnostic[] = [];
  /** Hyperparameters of the file's models, to explain their use inside a block. */
  private readonly modelHypers = new Map<string, string>();
  /** Names written right after `//`: probably a comment in another language's syntax. */
  private readonly afterFloorDiv = new Set<A.Expr>();

  constructor(
    private readonly module: ModuleScope,
    private readonly stdLookup: StdLookup,
  ) {
    for (const d of module.own.values()) {
      if (d.kind !== "model") continue;
      for (const s of d.decl.body) if (s.kind === "HyperStmt") for (const e of s.entries) this.modelHypers.set(e.name.name, d.decl.name.name);
    }
  }

  private unknown(name: string, span: A.Span, scope: Scope, what = "name", e?: A.Expr): void {
    let hint: string | undefined;
    if (e && this.afterFloorDiv.has(e)) hint = phrase(Diag.UnknownName, "floorDivHint");
    const model = this.modelHypers.get(name);
    if (!hint && model && !scope.has(name)) {
      hint = phrase(Diag.UnknownName, "modelHyperHint", { name, model });
    }
    hint ??= didYouMean(name, [...scope.all(), ...this.module.visible.keys(), ...OP_FUNCTIONS, ...HELPER_FUNCTIONS]);
    if (!hint) {
      const home = this.stdLookup(name);
      if (home) hint = phrase(Diag.UnknownName, "importHint", { name, file: home });
    }
    this.out.push(diagnostic(say(Diag.UnknownName, "unknown", { what, name }), span, hint ? { hint } : {}));
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
      if (e.filter) this.value(e.filter, inner);
      return;
    }
    if (e.kind === "NameExpr") {
      if (!this.known(e.name, scope)) this.unknown(e.name, e.span, scope, "name", e);
      return;
    }
    if (e.kind === "BinaryExpr" && e.op === "//") this.afterFloorDiv.add(e.right.kind === "BinaryExpr" ? leftmost(e.right) : e.right);
    const builtin = e.kind === "CallExpr" && e.callee.kind === "NameExpr" ? e.callee.name : undefined;
    if (builtin !== undefined && e.kind === "CallExpr" && e.args.some((a) => a.name && takesInitialiser(builtin, a.name.name))) {
      // An initialiser argument (`queue(…, init: unit_normal)`) is an `init` clause.
      this.value(e.callee, scope);
      for (const a of e.args) {
        if (a.name && takesInitialiser(builtin, a.name.name)) this.clause(a.value, scope, INIT_FUNCTIONS);
        else this.value(a.value, scope);
      }
      return;
    }
    // Member and argument names are not values: they are checked when elaborated.
    for (const child of childExprs(e)) this.value(child, scope);
  }

  /** An `init` or `from` clause: its initialisers or data sources are in scope there alone. */
  private clause(e: A.Expr, scope: Scope, names: ReadonlySet<string>): void {
    const s = new Scope(scope);
    for (const n of names) s.names.add(n);
    this.value(e, s);
  }

  /**
   * Checks a type; Capitalised free names in tensor dims are added to `symbols` if given.
   * `tensors` (a signature's tensor parameters) are never offered for a misspelt dim: a
   * lowercase `b` in `f32[b, d]` is a shape symbol written in lowercase, not a typo of `x`.
   */
  type(t: A.TypeExpr, scope: Scope, symbols: Set<string> | undefined, tensors: ReadonlySet<string> = new Set()): void {
    if (t.kind === "ScalarTypeExpr") {
      if (t.name.name === "<missing>") return;
      if (!SCALAR_TYPES.has(t.name.name) && !(DTYPES as readonly string[]).includes(t.name.name)) {
        const alias = TYPE_ALIASES[t.name.name];
        this.out.push(
          diagnostic(say(Diag.UnknownName, "type", { name: t.name.name }), t.name.span, {
            hint: alias
              ? phrase(Diag.UnknownName, "aliasHint", { alias })
              : (didYouMean(t.name.name, [...SCALAR_TYPES, ...DTYPES]) ?? phrase(Diag.UnknownName, "typesHint", { scalars: [...SCALAR_TYPES].join(", ") })),
          }),
        );
      }
      return;
    }
    if (!(DTYPES as readonly string[]).includes(t.dtype.name)) {
      this.out.push(
        diagnostic(say(Diag.UnknownName, "dtype", { name: t.dtype.name }), t.dtype.span, {
          hint: TYPE_ALIASES[t.dtype.name]
            ? phrase(Diag.UnknownName, "aliasHint", { alias: TYPE_ALIASES[t.dtype.name]! })
            : (didYouMean(t.dtype.name, DTYPES) ?? phrase(Diag.UnknownName, "dtypesHint", { dtypes: DTYPES.join(", ") })),
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
      if (d.kind === "NameExpr" && symbols && !this.known(d.name, scope) && !this.modelHypers.has(d.name)) {
        const suggestion = didYouMean(d.name, [...scope.all()].filter((n) => !tensors.has(n)));
        this.out.push(
          diagnostic(say(Diag.UnknownName, "shapeName", { name: d.name }), d.span, {
            hint: suggestion ?? phrase(Diag.UnknownName, "capitaliseHint", { capitalised: `${d.name[0]!.toUpperCase()}${d.name.slice(1)}` }),
          }),
        );
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
        if (s.init) this.clause(s.init, scope, INIT_FUNCTIONS);
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
      case "ForwardDecl": {
        const own = new Scope(scope);
        own.names.add("self");
        this.callable(s.params, s.returns, s.body, own);
        break;
      }
      case "ReturnStmt":
        this.value(s.value, scope);
        break;
      case "InputStmt":
        this.type(s.type, scope, new Set());
        if (s.source) this.clause(s.source, scope, SOURCE_FUNCTIONS);
        break;
      case "ObjectiveStmt":
        this.value(s.value, scope);
        if (s.weight) this.value(s.weight, scope);
        break;
      case "PublishedStmt":
        this.value(s.value, scope);
        if (s.tolerance) this.value(s.tolerance, scope);
        break;
      case "ShareStmt":
      case "StageStmt":
      case "GroupStmt":
        break; // paths and objective names are checked against the elaborated model
    }
  }

  private callable(params: readonly A.SigParam[], returns: A.ReturnType | undefined, body: readonly A.Stmt[], outer: Scope): void {
    const scope = new Scope(outer);
    for (const p of params) scope.names.add(p.name.name);
    declaredIn(body, scope.names);
    const symbols = new Set<string>();
    const tensors = new Set(params.filter((p) => p.type?.kind === "TensorTypeExpr").map((p) => p.name.name));
    for (const p of params) {
      if (p.type) this.type(p.type, scope, symbols, tensors);
      if (p.default) this.value(p.default, scope);
    }
    for (const t of returns?.kind === "TupleTypeExpr" ? returns.items : returns ? [returns] : []) this.type(t, scope, symbols, tensors);
    this.stmts(body, scope, true);
  }

  /**
   * A derived block's overrides, which see the base block's parameters and members (`known`)
   * and this file's declarations (compiler/checks/block-derivations.ts calls this).
   */
  overrides(stmts: readonly A.Stmt[], known: Iterable<string>): void {
    const scope = new Scope(new Scope());
    for (const n of known) scope.names.add(n);
    this.stmts(stmts, scope, false);
  }

  item(item: A.Item): void {
    const root = new Scope();
    if (item.kind === "BlockDecl" && item.derive) {
      // Its overrides are checked with the base's members in scope, by block-derivations.ts.
      const base = item.derive.base;
      if (!this.known(base.name, root)) this.unknown(base.name, base.span, root, "block");
    } else if (item.kind === "BlockDecl") {
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

function leftmost(e: A.Expr): A.Expr {
  return e.kind === "BinaryExpr" ? leftmost(e.left) : e;
}

export function checkUnknownNames(file: A.SourceFile, module: ModuleScope, stdLookup: StdLookup): Diagnostic[] {
  const checker = new NameChecker(module, stdLookup);
  for (const item of file.items) if (item.kind !== "ImportDecl") checker.item(item);
  return checker.out;
}
