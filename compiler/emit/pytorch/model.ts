// The model as a Python class extending the runtime's Model: hyperparameters as keyword
// arguments (the variants as `presets`), a constructor building the members and applying the
// shares, a `forward(inputs)` computing every named value and objective in the spec's order,
// one method per objective, and the training metadata (objective weights, stages, `frozen`
// marks, each input's data source) the trainer reads. Under DDP an objective sees the whole
// global batch: its batch-major arguments pass through `rt.gather_batch` (all_gather with
// gradient), so every rank computes the loss a single process computes over the global batch.
import type * as A from "../../../grammar/ast.js";
import { printPattern, printType } from "../../../grammar/printer.js";
import type { IrGraph } from "../../ir/types.js";
import type { ModelInfo } from "../program/program.js";
import { frozenMarks, modelInputs, readNames, withoutInputs } from "../program/model-facts.js";
import { typeOf, type Ctx } from "../ts/expr.js";
import { TENSOR, UNKNOWN, type SType } from "../ts/types.js";
import { conditionalDefaults, indent, pyConstructorBody, pyShares, pySymbols } from "./body.js";
import { pyExpr, pyField, pyIdent } from "./expr.js";
import { docstring, pyCtx, pyHint, type PySite } from "./module.js";
import type { InputRoleSpec } from "./emit.js";

function computed(t: SType): boolean {
  return t.k === "tensor" || t.k === "unknown" || t.k === "any" || (t.k === "tuple" && t.items.some((x) => x.k === "tensor" || x.k === "unknown"));
}

function sourceLiteral(ir: IrGraph, name: string): string | undefined {
  const input = ir.inputs.find((i) => i.name === name);
  if (!input?.source) return undefined;
  const args = Object.entries(input.source.args ?? {}).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  return `{"kind": ${JSON.stringify(input.source.kind)}${args.length ? ", " + args.join(", ") : ""}}`;
}

export function modelLines(site: PySite, info: ModelInfo, ir: IrGraph, variant: string | undefined, roles: ReadonlyMap<string, InputRoleSpec>): string[] {
  const body = info.decl.body;
  const name = info.name;
  const hypers = body.flatMap((s) => (s.kind === "HyperStmt" ? [...s.entries] : []));
  const used = new Set<string>();
  const fwd: Ctx = { ...pyCtx(site, info.file, info, false), used };

  // ---- inputs (those declared in a branch may be absent)
  const { inputs, conditional, params } = modelInputs(body);
  for (const i of inputs) fwd.scope.set(i.name.name, { code: pyIdent(i.name.name), type: TENSOR });
  const symbols = pySymbols(fwd, params, withoutInputs(body));

  // ---- the forward, in the spec's order
  const batch = ir.inputs.length ? ir.nodes[ir.inputs[0]!.node]!.type.shape[0] : undefined;
  const batchMajor = (value: string): boolean => {
    const id = ir.outputs.get(value) ?? ir.inputs.find((i) => i.name === value)?.node;
    const first = id !== undefined ? ir.nodes[id]!.type.shape[0] : undefined;
    return batch !== undefined && first !== undefined && first.value === undefined && String(first) === String(batch);
  };
  const computedStmts = new Set<A.Stmt>();
  const values: string[] = [];
  const objectives: { stmt: A.ObjectiveStmt; args: string[] }[] = [];
  // Under DDP, values computed from the whole batch at once (a similarity between two
  // batch-major values, and everything computed from such a value) are computed on the global
  // batch on every rank: their batch-major local operands are gathered, and the batch symbol
  // reads the global size. One process computes exactly the same thing (gathering is the identity).
  const globalValues = new Set<string>();
  const batchName = batch !== undefined && batch.value === undefined ? String(batch) : undefined;
  const readsOf = (e: A.Expr): string[] => freeNames(fwd, e);
  const mixes = (e: A.Expr): boolean => {
    let found = false;
    const visit = (node: unknown): void => {
      if (found || node === null || typeof node !== "object") return;
      if (Array.isArray(node)) return node.forEach(visit);
      const n = node as A.Expr;
      const pair = n.kind === "BinaryExpr" && n.op === "@" ? [n.left, n.right] : n.kind === "CallExpr" && n.callee.kind === "NameExpr" && n.callee.name === "matmul" && n.args.length >= 2 ? [n.args[0]!.value, n.args[1]!.value] : undefined;
      if (pair && pair.every((x) => readsOf(x).some((v) => batchMajor(v) || globalValues.has(v)))) found = true;
      for (const [k, v] of Object.entries(node)) if (k !== "span") visit(v);
    };
    visit(e);
    return found;
  };
  /**
   * An expression printed for the global batch: local batch-major values gathered (once per
   * block: `image_embeds_all = rt.gather_batch(image_embeds)`, emitted into `out` before the
   * statement), the batch symbol global.
   */
  const onGlobalBatch = <T>(names: readonly string[], out: string[], gathered: Map<string, string>, print: () => T): T => {
    const saved = fwd.scope;
    fwd.scope = saved.child();
    for (const n of names) {
      const b = saved.lookup(n);
      if (!b) continue;
      if (n === batchName) fwd.scope.set(n, { code: `rt.global_batch(${b.code})`, type: b.type });
      else if (batchMajor(n) && !globalValues.has(n)) {
        let all = gathered.get(n);
        if (all === undefined) {
          all = pyIdent(`${n}_all`);
          out.push(`${all} = rt.gather_batch(${b.code})`);
          gathered.set(n, all);
        }
        fwd.scope.set(n, { code: all, type: b.type });
      }
    }
    try {
      return print();
    } finally {
      fwd.scope = saved;
    }
  };
  const walk = (stmts: readonly A.Stmt[], outer: ReadonlyMap<string, string> = new Map()): string[] => {
    const out: string[] = [];
    // What this block gathered (a branch sees its enclosing block's, not the other way round).
    const gathered = new Map(outer);
    for (const s of stmts) {
      if (s.kind === "AssignStmt") {
        const f = s.targets.length === 1 ? info.fields.get(s.targets[0]!.name) : undefined;
        if (f && f.kind !== "local") continue;
        const t = typeOf(fwd, s.value);
        if (!computed(t)) continue;
        computedStmts.add(s);
        const reads = readsOf(s.value);
        const global = reads.some((r) => globalValues.has(r)) || mixes(s.value);
        const code = global ? onGlobalBatch(reads, out, gathered, () => pyExpr(fwd, s.value).code) : pyExpr(fwd, s.value).code;
        out.push(`${s.targets.map((x) => pyIdent(x.name)).join(", ")} = ${code}`);
        s.targets.forEach((x, i) => {
          fwd.scope.set(x.name, { code: pyIdent(x.name), type: s.targets.length === 1 ? t : t.k === "tuple" ? (t.items[i] ?? UNKNOWN) : TENSOR });
          if (!values.includes(x.name)) values.push(x.name);
          if (global) globalValues.add(x.name);
        });
      } else if (s.kind === "ExprStmt") {
        computedStmts.add(s);
        out.push(pyExpr(fwd, s.expr).code);
      } else if (s.kind === "ObjectiveStmt") {
        const args = freeNames(fwd, s.value);
        objectives.push({ stmt: s, args });
        // An objective sees the global batch: what it reads is gathered unless already global.
        const passed = onGlobalBatch(args, out, gathered, () => args.map((a) => fwd.scope.lookup(a)!.code));
        out.push(`losses[${JSON.stringify(s.name.name)}] = self.${objectiveMethod(info, s.name.name)}(${passed.join(", ")})`);
      } else if (s.kind === "IfStmt") {
        const then = walk(s.then, gathered);
        const other = s.else ? walk(s.else, gathered) : [];
        if (then.length || other.length) {
          out.push(`if ${pyExpr(fwd, s.cond).code}:`, ...indent(then.length ? then : ["pass"]));
          if (other.length) out.push("else:", ...indent(other));
        }
      }
    }
    return out;
  };
  const forwardBody = walk(body);
  const queues = [...info.fields].filter(([, f]) => f.kind === "queue").map(([n]) => n);
  const forwardLines = [
    `def forward(self, inputs: dict[str, Tensor]) -> tuple[dict[str, Tensor], dict[str, Tensor]]:`,
    ...indent([
      ...docstring([`Every named value and objective of ${name}, in the spec's order.`, "", "Args:", ...inputs.map((i) => `    inputs[${JSON.stringify(i.name.name)}]: ${printType(i.type)}${conditional.has(i.name.name) ? " (when this configuration reads it)" : ""}`)]),
      ...inputs.map((i) => `${pyIdent(i.name.name)} = inputs${conditional.has(i.name.name) ? `.get(${JSON.stringify(i.name.name)})` : `[${JSON.stringify(i.name.name)}]`}`),
      ...symbols,
      ...values.map((v) => `${pyIdent(v)} = None`).filter(() => body.some((s) => s.kind === "IfStmt")),
      "losses: dict[str, Tensor] = {}",
      ...forwardBody,
      `values = {${[...values.map((v) => `${JSON.stringify(v)}: ${pyIdent(v)}`), ...queues.map((q) => `${JSON.stringify(q)}: self.${pyField(q)}`)].join(", ")}}`,
      "return {k: v for k, v in values.items() if v is not None}, losses",
    ]),
  ];

  // ---- objective methods
  const objectiveMethods = objectives.flatMap(({ stmt, args }) => {
    const ctx: Ctx = { ...pyCtx(site, info.file, info, false), used };
    for (const a of args) ctx.scope.set(a, { code: pyIdent(a), type: fwd.scope.lookup(a)?.type ?? TENSOR });
    const doc = [...(stmt.doc ? [stmt.doc, ""] : []), `The objective \`${stmt.name.name}\`${stmt.weight ? "" : " (weight 1)"}.`, "", `Spec: ${site.where(stmt.span)}`];
    return [
      "",
      `def ${objectiveMethod(info, stmt.name.name)}(${["self", ...args.map((a) => `${pyIdent(a)}: ${/^[A-Z]/.test(a) && fwd.scope.lookup(a)?.type.k === "number" ? "int" : pyHint(fwd.scope.lookup(a)?.type ?? TENSOR)}`)].join(", ")}) -> Tensor:`,
      ...indent([...docstring(doc), `return ${pyExpr(ctx, stmt.value).code}`]),
    ];
  });

  // ---- the constructor
  const ctor: Ctx = { ...pyCtx(site, info.file, info, true), used: new Set() };
  const sig: string[] = ["self"];
  const fill: string[] = [];
  for (const h of hypers) {
    const t = typeOf(ctor, h.value);
    const literal = h.value.kind === "NumberLit" || h.value.kind === "BoolLit" || h.value.kind === "StringLit" || (h.value.kind === "UnaryExpr" && h.value.operand.kind === "NumberLit");
    const hint = h.value.kind === "NumberLit" && h.value.isInt ? "int" : pyHint(t);
    if (literal) sig.push(`${pyIdent(h.name.name)}: ${hint} = ${pyExpr(ctor, h.value).code}`);
    else {
      sig.push(`${pyIdent(h.name.name)}: ${hint} | None = None`);
      fill.push(`if ${pyIdent(h.name.name)} is None:`, `    ${pyIdent(h.name.name)} = ${pyExpr(ctor, h.value).code}`);
    }
    ctor.scope.set(h.name.name, { code: pyIdent(h.name.name), type: t });
  }
  sig.push("*", "seed: int = 0", "variant: str | None = None");
  const ctorBody = pyConstructorBody(ctor, info, body, (s) => computedStmts.has(s));
  const store = [...used].filter((n) => {
    const f = info.fields.get(n);
    return (f?.kind === "local" && !computedStmts.has(f.stmt)) || f?.kind === "hyper";
  });
  const variants = body.filter((s): s is A.VariantStmt => s.kind === "VariantStmt");
  const presetCtx = pyCtx(site, info.file, undefined, true);
  const presets = variants.map((v) => `    ${JSON.stringify(v.name.name)}: {${v.entries.map((e) => `${JSON.stringify(e.name.name)}: ${pyExpr(presetCtx, e.value).code}`).join(", ")}},`);
  const stages = body.filter((s): s is A.StageStmt => s.kind === "StageStmt");
  const stageLines = stages.map((s) => `    ${JSON.stringify(s.name.name)}: {"objectives": [${s.objectives.map((o) => JSON.stringify(o.name)).join(", ")}], "frozen": [${s.freeze.map((p) => JSON.stringify(printPattern(p))).join(", ")}], "except": [${s.except.map((p) => JSON.stringify(printPattern(p))).join(", ")}]},`);
  const sources = inputs.flatMap((i) => {
    const lit = sourceLiteral(ir, i.name.name);
    return lit ? [`${JSON.stringify(i.name.name)}: ${lit}`] : [];
  });
  const initLines = [
    `def __init__(${sig.join(", ")}):`,
    ...indent([
      "super().__init__()",
      ...fill,
      ...conditionalDefaults(info),
      ...ctorBody,
      ...pyShares(body),
      ...objectiveWeights(ctor, body),
      ...(stages.length ? ["self.stages = {", ...stageLines, "}"] : ["self.stages = {}"]),
      `self.frozen_params = [${frozenLiterals(body).join(", ")}]`,
      `self.sources = {${sources.join(", ")}}`,
      ...inputSpecs(ctor, inputs, ir, roles),
      ...store.map((n) => `self.${pyField(n)} = ${pyIdent(n)}`),
      `self.finish(${JSON.stringify(name)}, variant, seed)`,
    ]),
  ];
  const doc = [...(info.decl.doc ? info.decl.doc.split("\n") : [`The model ${name}.`]), "", `Variants: \`${name}(**${name}.presets[NAME], variant=NAME)\`${variant ? `; this package was compiled for \`${variant}\`` : ""}.`, `Spec: ${site.where(info.decl.span)}`];
  return [
    `class ${name}(rt.Model):`,
    ...indent([
      ...docstring(doc),
      "",
      `presets: dict[str, dict[str, Any]] = {`,
      ...presets,
      "}",
      ...(variant ? [`default_preset = ${JSON.stringify(variant)}`] : ["default_preset = None"]),
      "",
      ...initLines,
      "",
      ...forwardLines,
      ...objectiveMethods,
    ]),
  ];
}

/**
 * What each input holds, for synthetic training data (runtime/data.py): its dtype, its shape
 * without the batch axis (as the spec writes it, so another preset gets its own), and its role
 * in this configuration — ids below a table's size, a validity prefix, a scalar of progress.
 */
function inputSpecs(ctx: Ctx, inputs: readonly A.InputStmt[], ir: IrGraph, roles: ReadonlyMap<string, InputRoleSpec>): string[] {
  const entries = inputs.flatMap((i) => {
    if (i.type.kind !== "TensorTypeExpr") return [];
    const dims = i.type.dims.slice(1).map((d) => (d.kind === "EllipsisExpr" ? "1" : pyExpr(ctx, d).code));
    const role = roles.get(i.name.name);
    const parts = [`"dtype": ${JSON.stringify(i.type.dtype.name)}`, `"shape": [${dims.join(", ")}]`];
    if (i.type.dims.length === 0 && i.type.dtype.name.startsWith("f")) parts.push(`"kind": "progress"`);
    else if (role?.kind === "ids") parts.push(`"below": ${role.below}`);
    else if (role) parts.push(`"kind": ${JSON.stringify(role.kind)}`);
    return ir.inputs.some((x) => x.name === i.name.name) ? [`    ${JSON.stringify(i.name.name)}: {${parts.join(", ")}},`] : [];
  });
  return entries.length ? ["self.input_specs = {", ...entries, "}"] : ["self.input_specs = {}"];
}

function objectiveMethod(info: ModelInfo, name: string): string {
  return info.fields.has(name) ? `${name}_objective` : pyField(name);
}

/** Computed values (and inputs) an objective reads: its method's parameters. */
function freeNames(ctx: Ctx, e: A.Expr): string[] {
  return readNames(e, (name) => ctx.scope.lookup(name) !== undefined);
}

/** The objectives' weights as the constructor records them (a branch's only when it is taken). */
function objectiveWeights(ctx: Ctx, body: readonly A.Stmt[]): string[] {
  const inner = (stmts: readonly A.Stmt[]): string[] => {
    const out: string[] = [];
    for (const s of stmts) {
      if (s.kind === "ObjectiveStmt") out.push(`self.objectives[${JSON.stringify(s.name.name)}] = ${s.weight ? pyExpr(ctx, s.weight).code : "1.0"}`);
      else if (s.kind === "IfStmt") {
        const then = inner(s.then);
        const other = s.else ? inner(s.else) : [];
        if (then.length || other.length) {
          out.push(`if ${pyExpr(ctx, s.cond).code}:`, ...indent(then.length ? then : ["pass"]));
          if (other.length) out.push("else:", ...indent(other));
        }
      }
    }
    return out;
  };
  return ["self.objectives = {}", ...inner(body)];
}

/** The model's `frozen` marks as the runtime reads them: a pattern, or {"patterns", "except"}. */
function frozenLiterals(body: readonly A.Stmt[]): string[] {
  const list = (ps: readonly string[]): string => `[${ps.map((p) => JSON.stringify(p)).join(", ")}]`;
  return frozenMarks(body).flatMap((m) => (m.except.length ? [`{"patterns": ${list(m.patterns)}, "except": ${list(m.except)}}`] : m.patterns.map((p) => JSON.stringify(p))));
}
