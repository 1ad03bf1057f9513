// The program view of a checked spec, for emitters of source code (TypeScript now, PyTorch
// next). The IR is the model flattened and inlined; source targets want what a person writes
// instead: one class per block with its parameters as configuration, one method per forward
// mode, the model as a class, and spec functions as functions. This step finds exactly the
// declarations the model reaches (through its body, members, defaults, fn bodies and derived
// blocks, whatever variant is chosen), in dependency order, and describes each block's body:
// which names are configuration, compile-time locals, parameters, buffers, member instances or
// lists of them — the facts an emitter needs to declare fields and type expressions. The
// elaborated IR stays the ground truth for one variant; this view is variant-independent, so
// one generated module serves every preset.
import type * as A from "../../../grammar/ast.js";
import type { ModuleScope, TopDecl } from "../../resolve/scope.js";
import { INSTANCE_HELPERS } from "../../prelude.js";

/** What a name declared in a block (or model) body is. */
export type FieldKind =
  | { readonly kind: "config"; readonly param: A.BlockParam }
  | { readonly kind: "hyper"; readonly entry: A.HyperEntry }
  | { readonly kind: "local"; readonly stmt: A.AssignStmt }
  | { readonly kind: "param"; readonly stmt: A.ParamStmt; readonly conditional: boolean }
  | { readonly kind: "member"; readonly stmt: A.AssignStmt; readonly block: string | undefined; readonly conditional: boolean; readonly union: string[] }
  | { readonly kind: "list"; readonly stmt: A.AssignStmt; readonly block: string | undefined; readonly conditional: boolean; readonly union: string[] }
  | { readonly kind: "queue"; readonly stmt: A.AssignStmt; readonly conditional: boolean };

export interface BlockInfo {
  /** The block as declared (a derived block keeps its own name). */
  readonly decl: A.BlockDecl;
  readonly name: string;
  /** The parameters (a derived block's are its root's). */
  readonly params: readonly A.BlockParam[];
  /** The body with a derivation's overrides in place. */
  readonly body: readonly A.Stmt[];
  readonly fields: ReadonlyMap<string, FieldKind>;
  /** Forward modes by name ("" for the default forward), in declaration order. */
  readonly modes: ReadonlyMap<string, A.ForwardDecl>;
  readonly file: string;
}

export interface ModelInfo {
  readonly decl: A.ModelDecl;
  readonly name: string;
  readonly fields: ReadonlyMap<string, FieldKind>;
  readonly file: string;
}

export interface ProgramView {
  readonly model: ModelInfo;
  /** Reached blocks, each after the blocks it instantiates. */
  readonly blocks: readonly BlockInfo[];
  /** Reached spec functions, each after the functions it calls. */
  readonly fns: readonly { readonly decl: A.FnDecl; readonly file: string }[];
  /** Which declaration a name means in a file. */
  lookup(file: string, name: string): TopDecl | undefined;
  block(name: string): BlockInfo | undefined;
  /**
   * Names a generated module cannot hold twice: two reached blocks (or fns) of one name from
   * different files, or a block named like the model. Emitters report them.
   */
  readonly clashes: readonly { readonly message: string; readonly span: A.Span }[];
}


export function programView(scopes: ReadonlyMap<string, ModuleScope>, model: A.ModelDecl): ProgramView {
  const lookup = (file: string, name: string): TopDecl | undefined => scopes.get(file)?.visible.get(name);
  const blocks = new Map<string, BlockInfo>();
  const fns = new Map<string, { decl: A.FnDecl; file: string }>();
  const visiting = new Set<string>();

  /** The block a derivation chain ends in, with the overrides collected on the way (nearest first). */
  const rootOf = (decl: A.BlockDecl, file: string): { root: A.BlockDecl; rootFile: string; overrides: Map<string, A.Stmt> } => {
    const overrides = new Map<string, A.Stmt>();
    let cur = decl;
    let curFile = file;
    const seen = new Set<A.BlockDecl>();
    while (cur.derive && !seen.has(cur)) {
      seen.add(cur);
      for (const s of cur.derive.overrides) {
        const n = s.kind === "ParamStmt" ? s.name.name : s.kind === "AssignStmt" && s.targets.length === 1 ? s.targets[0]!.name : undefined;
        if (n !== undefined && !overrides.has(n)) overrides.set(n, s);
      }
      const base = lookup(curFile, cur.derive.base.name);
      if (base?.kind !== "block") break;
      cur = base.decl;
      curFile = base.file;
    }
    return { root: cur, rootFile: curFile, overrides };
  };

  const visitExprNames = (file: string, node: unknown, locals: ReadonlySet<string>): void => {
    walkNames(node, (name) => {
      if (locals.has(name)) return;
      const d = lookup(file, name);
      if (d?.kind === "block") visitBlock(d.decl, d.file);
      else if (d?.kind === "fn") visitFn(d.decl, d.file);
    });
  };

  const clashes: { message: string; span: A.Span }[] = [];
  const clash = (what: string, decl: A.BlockDecl | A.FnDecl, other: { decl: A.BlockDecl | A.FnDecl; file: string } | undefined): void => {
    if (other && other.decl !== decl) clashes.push({ message: `two ${what}s named \`${decl.name.name}\` are reached (the other in ${other.file}): one generated module cannot hold both`, span: decl.name.span });
  };

  const visitFn = (decl: A.FnDecl, file: string): void => {
    const key = decl.name.name;
    clash("fn", decl, fns.get(key));
    if (fns.has(key) || visiting.has(`fn:${key}`)) return;
    visiting.add(`fn:${key}`);
    visitExprNames(file, [decl.params, decl.body], new Set(decl.params.map((p) => p.name.name)));
    fns.set(key, { decl, file });
  };

  const visitBlock = (decl: A.BlockDecl, file: string): void => {
    const key = decl.name.name;
    const seen = blocks.get(key);
    clash("block", decl, seen ? { decl: seen.decl, file: seen.file } : undefined);
    if (blocks.has(key) || visiting.has(`block:${key}`)) return;
    visiting.add(`block:${key}`);
    const { root, rootFile, overrides } = rootOf(decl, file);
    const body = root.body.map((s) => substitute(s, overrides));
    // Overrides name blocks of the file that wrote them; the base body names its own file's.
    visitExprNames(rootFile, [root.params, root.body], new Set());
    if (decl.derive) visitExprNames(file, [...overrides.values()], new Set());
    if (root !== decl) visitBlock(root, rootFile);
    const fields = fieldsOf(root.params, body, (name) => {
      const d = lookup(rootFile, name) ?? lookup(file, name);
      return d?.kind === "block" ? d.decl.name.name : undefined;
    });
    const modes = new Map<string, A.ForwardDecl>();
    collectModes(body, modes);
    blocks.set(key, { decl, name: key, params: root.params, body, fields, modes, file: rootFile });
  };

  const modelFile = model.span.file;
  visitExprNames(modelFile, model.body, new Set());
  const modelFields = fieldsOf([], model.body, (name) => {
    const d = lookup(modelFile, name);
    return d?.kind === "block" ? d.decl.name.name : undefined;
  });
  const generatedNames = ["Config", "Inputs", "Values", "Losses", "Presets"].map((x) => `${model.name.name}${x}`);
  for (const b of blocks.values()) {
    if (b.name === model.name.name || generatedNames.includes(b.name)) clashes.push({ message: `block \`${b.name}\` has the name of model ${model.name.name}'s generated class or types`, span: b.decl.name.span });
  }
  return {
    clashes,
    model: { decl: model, name: model.name.name, fields: modelFields, file: modelFile },
    blocks: [...blocks.values()],
    fns: [...fns.values()],
    lookup,
    block: (name) => blocks.get(name),
  };
}

function substitute(s: A.Stmt, overrides: ReadonlyMap<string, A.Stmt>): A.Stmt {
  if (overrides.size === 0) return s;
  if (s.kind === "ParamStmt" || (s.kind === "AssignStmt" && s.targets.length === 1)) {
    const n = s.kind === "ParamStmt" ? s.name.name : s.targets[0]!.name;
    return overrides.get(n) ?? s;
  }
  if (s.kind === "IfStmt") return { ...s, then: s.then.map((x) => substitute(x, overrides)), ...(s.else ? { else: s.else.map((x) => substitute(x, overrides)) } : {}) };
  return s;
}

function collectModes(body: readonly A.Stmt[], into: Map<string, A.ForwardDecl>): void {
  for (const s of body) {
    if (s.kind === "ForwardDecl") into.set(s.name?.name ?? "", s);
    else if (s.kind === "IfStmt") {
      collectModes(s.then, into);
      if (s.else) collectModes(s.else, into);
    }
  }
}

/** The block an expression instantiates, if it is a block call (`Linear(…)`, or a block-typed parameter's call). */
export function instantiated(e: A.Expr, blockOf: (name: string) => string | undefined, blockParams: ReadonlySet<string>): { block: string | undefined } | undefined {
  if (e.kind === "CondExpr") return instantiated(e.then, blockOf, blockParams) ?? instantiated(e.else, blockOf, blockParams);
  if (e.kind !== "CallExpr" || e.callee.kind !== "NameExpr") return undefined;
  const name = e.callee.name;
  if (blockParams.has(name)) return { block: undefined };
  const b = blockOf(name);
  if (b !== undefined) return { block: b };
  // A momentum copy (`ema(source, …)`): its class is the source's, which the field table resolves.
  return INSTANCE_HELPERS.has(name) ? { block: undefined } : undefined;
}

function fieldsOf(params: readonly A.BlockParam[], body: readonly A.Stmt[], blockOf: (name: string) => string | undefined): Map<string, FieldKind> {
  const fields = new Map<string, FieldKind>();
  const blockParams = new Set(params.filter((p) => p.type?.kind === "ScalarTypeExpr" && p.type.name.name === "block").map((p) => p.name.name));
  for (const p of params) fields.set(p.name.name, { kind: "config", param: p });
  for (const st of body) if (st.kind === "HyperStmt") for (const e of st.entries) fields.set(e.name.name, { kind: "hyper", entry: e });
  const visit = (stmts: readonly A.Stmt[], conditional: boolean): void => {
    for (const s of stmts) {
      if (s.kind === "ParamStmt") {
        if (!fields.has(s.name.name)) fields.set(s.name.name, { kind: "param", stmt: s, conditional });
      } else if (s.kind === "AssignStmt" && s.targets.length === 1) {
        const name = s.targets[0]!.name;
        const v = s.value;
        const prev = fields.get(name);
        if (prev && prev.kind !== "local") {
          // The same member built by another branch (`if paper { layers = [A…] } else { layers = [B…] }`): a union.
          const other = v.kind === "ComprehensionExpr" ? instantiated(v.element, blockOf, blockParams) : instantiated(v, blockOf, blockParams);
          if ((prev.kind === "member" || prev.kind === "list") && other?.block && !prev.union.includes(other.block)) prev.union.push(other.block);
          continue;
        }
        if (v.kind === "ComprehensionExpr" && instantiated(v.element, blockOf, blockParams)) {
          const block = instantiated(v.element, blockOf, blockParams)!.block;
          fields.set(name, { kind: "list", stmt: s, block, conditional, union: block ? [block] : [] });
        } else if (v.kind === "CallExpr" && v.callee.kind === "NameExpr" && v.callee.name === "queue") {
          fields.set(name, { kind: "queue", stmt: s, conditional });
        } else if (v.kind === "CallExpr" && v.callee.kind === "NameExpr" && v.callee.name === "ema") {
          const src = v.args[0]?.value;
          const srcField = src?.kind === "NameExpr" ? fields.get(src.name) : undefined;
          const block = srcField?.kind === "member" ? srcField.block : undefined;
          fields.set(name, { kind: "member", stmt: s, block, conditional, union: block ? [block] : [] });
        } else {
          const inst = instantiated(v, blockOf, blockParams);
          if (inst) fields.set(name, { kind: "member", stmt: s, block: inst.block, conditional, union: inst.block ? [inst.block] : [] });
          else if (!fields.has(name)) fields.set(name, { kind: "local", stmt: s });
        }
      } else if (s.kind === "IfStmt") {
        visit(s.then, true);
        if (s.else) visit(s.else, true);
      }
    }
  };
  visit(body, false);
  return fields;
}

/** Calls `f` with every name an AST fragment mentions (NameExpr and the callees of calls). */
export function walkNames(node: unknown, f: (name: string) => void): void {
  if (node === null || typeof node !== "object") return;
  if (Array.isArray(node)) {
    for (const x of node) walkNames(x, f);
    return;
  }
  const n = node as { kind?: string; name?: unknown };
  if (n.kind === "NameExpr" && typeof n.name === "string") f(n.name);
  for (const [k, v] of Object.entries(node)) {
    if (k === "span") continue;
    walkNames(v, f);
  }
}
