// Duplicate names: within one scope a name is declared once — top-level declarations, block
// and signature parameters, hyperparameters, variants, and the members (instances, parameters,
// values, modes) of a block or model body. The two branches of an `if` may each declare a name;
// a forward body may reassign its locals. Top-level clashes, within a file or through imports,
// are found while building module scopes (compiler/resolve/scope.ts) and reported here.
import type * as A from "../../grammar/ast.js";
import { Diag } from "../diagnostics/catalog.js";
import { say } from "../diagnostics/template.js";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { ModuleScope } from "../resolve/scope.js";

function duplicateDiagnostic(name: string, what: string, span: A.Span, previous: A.Span): Diagnostic {
  return diagnostic(say(Diag.DuplicateName, "duplicate", { what, name }), span, {
    related: [{ message: `\`${name}\` was first declared here`, span: previous }],
  });
}

class Namespace {
  private readonly seen = new Map<string, A.Span>();
  constructor(
    private readonly what: string,
    private readonly out: Diagnostic[],
  ) {}
  declare(id: A.Ident): void {
    const prev = this.seen.get(id.name);
    if (prev) this.out.push(duplicateDiagnostic(id.name, this.what, id.span, prev));
    else this.seen.set(id.name, id.span);
  }
  has(name: string): boolean {
    return this.seen.has(name);
  }
  fork(): Namespace {
    const ns = new Namespace(this.what, this.out);
    for (const [k, v] of this.seen) ns.seen.set(k, v);
    return ns;
  }
}

/** Member declarations of a body; each `if` branch continues from the names declared so far. */
function bodyMembers(stmts: readonly A.Stmt[], ns: Namespace, objectives: Namespace, stages: Namespace, groups: Namespace, published?: Namespace): void {
  for (const s of stmts) {
    switch (s.kind) {
      case "ParamStmt":
      case "InputStmt":
        ns.declare(s.name);
        break;
      case "AssignStmt":
        for (const t of s.targets) ns.declare(t);
        break;
      case "HyperStmt":
        for (const e of s.entries) ns.declare(e.name);
        break;
      case "ForwardDecl":
        ns.declare(s.name ?? { kind: "Ident", name: "forward", span: s.span });
        break;
      case "ObjectiveStmt":
        objectives.declare(s.name);
        break;
      case "StageStmt":
        stages.declare(s.name);
        break;
      case "GroupStmt":
        groups.declare(s.name);
        break;
      case "PublishedStmt":
        // A claim `for` some variants is checked per variant: compiler/checks/published-variants.ts.
        if (!s.variants) published?.declare(s.name);
        break;
      case "IfStmt": {
        const thenNs = ns.fork();
        bodyMembers(s.then, thenNs, objectives, stages, groups, published?.fork());
        if (s.else) bodyMembers(s.else, ns.fork(), objectives, stages, groups, published?.fork());
        break;
      }
      default:
        break;
    }
  }
}

function params(list: readonly (A.BlockParam | A.SigParam)[], out: Diagnostic[]): void {
  const ns = new Namespace("parameter", out);
  for (const p of list) ns.declare(p.name);
}

function forwardsIn(stmts: readonly A.Stmt[], visit: (f: A.ForwardDecl) => void): void {
  for (const s of stmts) {
    if (s.kind === "ForwardDecl") visit(s);
    if (s.kind === "IfStmt") {
      forwardsIn(s.then, visit);
      if (s.else) forwardsIn(s.else, visit);
    }
  }
}

export function checkDuplicateNames(file: A.SourceFile): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const item of file.items) {
    if (item.kind === "ImportDecl") continue;
    const members = new Namespace("name", out);
    const objectives = new Namespace("objective", out);
    const stages = new Namespace("stage", out);
    const groups = new Namespace("group", out);
    if (item.kind === "BlockDecl") {
      params(item.params, out);
      for (const p of item.params) members.declare(p.name);
      bodyMembers(item.body, members, objectives, stages, groups);
      forwardsIn(item.body, (f) => params(f.params, out));
    } else if (item.kind === "FnDecl") {
      params(item.params, out);
    } else {
      bodyMembers(item.body, members, objectives, stages, groups, new Namespace("published figure", out));
      const variants = new Namespace("variant", out);
      for (const s of item.body) {
        if (s.kind !== "VariantStmt") continue;
        variants.declare(s.name);
        const entries = new Namespace("override", out);
        for (const e of s.entries) entries.declare(e.name);
      }
    }
  }
  return out;
}

export function checkDuplicateDeclarations(scopes: ReadonlyMap<string, ModuleScope>): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const scope of scopes.values()) {
    for (const c of scope.clashes) {
      const where = c.previous.file === scope.file ? "this file" : c.previous.file;
      const what = c.importedFrom === undefined ? "declaration" : `declaration imported from ${c.importedFrom} (also in ${where})`;
      out.push(duplicateDiagnostic(c.name, what, c.span, c.previous.decl.name.span));
    }
  }
  return out;
}
