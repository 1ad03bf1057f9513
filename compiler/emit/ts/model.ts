// The model as a class extending the runtime's Model: its hyperparameters as an optional config
// (the variants as presets), its inputs, named values and losses as interfaces, a constructor
// that builds the members and applies the shares, a `forward` that computes every named value
// and objective in the spec's order (so random ops take the keys the IR gives them), and one
// method per objective. Stages and `frozen` marks are data the runtime's trainer reads.
import type * as A from "../../../grammar/ast.js";
import { printExpr as printSpec, printPattern, printType } from "../../../grammar/printer.js";
import { StructureKind, type ClassDeclarationStructure, type InterfaceDeclarationStructure, type OptionalKind, type VariableStatementStructure, VariableDeclarationKind } from "ts-morph";
import type { ModelInfo } from "../program/program.js";
import { printExpr, type Ctx } from "./expr.js";
import { constructorBody, shareStatements, symbolBindings } from "./body.js";
import { fieldDeclarations, newCtx, type EmitSite } from "./classes.js";
import { fieldName, ident } from "./scope.js";
import { pruneConstants } from "./prune.js";
import { frozenMarks, modelInputs, readNames, withoutInputs } from "../program/model-facts.js";
import { TENSOR, tsType, UNKNOWN, type SType } from "./types.js";

interface ModelParts {
  readonly interfaces: OptionalKind<InterfaceDeclarationStructure>[];
  readonly presets: OptionalKind<VariableStatementStructure>;
  readonly cls: ClassDeclarationStructure;
}

function hyperEntries(body: readonly A.Stmt[]): A.HyperEntry[] {
  return body.flatMap((s) => (s.kind === "HyperStmt" ? [...s.entries] : []));
}

function hyperDoc(body: readonly A.Stmt[], e: A.HyperEntry): string | undefined {
  const s = body.find((x) => x.kind === "HyperStmt" && x.entries.includes(e)) as A.HyperStmt | undefined;
  return s?.doc;
}

/** Is an assignment's value computed when the model runs (a tensor), rather than at construction? */
function computed(t: SType): boolean {
  return t.k === "tensor" || t.k === "unknown" || t.k === "any" || (t.k === "tuple" && t.items.some((x) => x.k === "tensor" || x.k === "unknown"));
}

export function modelClass(site: EmitSite, info: ModelInfo, variant: string | undefined): ModelParts {
  const body = info.decl.body;
  const name = info.name;
  const hypers = hyperEntries(body);
  const used = new Set<string>();

  // ---- the forward: inputs, then the body's values and objectives in order
  const fwd: Ctx = { ...newCtx(site, info.file, info, false), used };
  // Inputs declared in a branch (`if task == "pretrain" { input image: … }`) are optional.
  const { inputs, conditional: conditionalInputs, params: inputParams } = modelInputs(body);
  for (const i of inputs) fwd.scope.set(i.name.name, { code: conditionalInputs.has(i.name.name) ? `${ident(i.name.name)}!` : ident(i.name.name), type: TENSOR });
  const symbols = symbolBindings(fwd, inputParams, withoutInputs(body));
  const computedStmts = new Set<A.Stmt>();
  const values: { name: string; optional: boolean; doc?: string }[] = [];
  const objectives: { stmt: A.ObjectiveStmt; params: string[]; nested: boolean }[] = [];
  const forward: string[] = [];
  const walk = (stmts: readonly A.Stmt[], nested: boolean, out: string[]): void => {
    for (const s of stmts) {
      if (s.kind === "AssignStmt") {
        const f = s.targets.length === 1 ? info.fields.get(s.targets[0]!.name) : undefined;
        if (f && f.kind !== "local") continue;
        const v = printExpr(fwd, s.value);
        if (!computed(v.type)) continue;
        computedStmts.add(s);
        if (s.targets.length === 1) {
          const n = s.targets[0]!.name;
          const known = fwd.scope.lookup(n);
          out.push(known ? `${ident(n)} = ${v.code};` : `${nested ? "" : "const "}${ident(n)} = ${v.code};`);
          if (!known) {
            fwd.scope.set(n, { code: ident(n), type: v.type });
            values.push({ name: n, optional: nested, ...(s.doc ? { doc: s.doc } : {}) });
          }
        } else {
          out.push(`const [${s.targets.map((t) => ident(t.name)).join(", ")}] = ${v.code};`);
          s.targets.forEach((t, i) => {
            fwd.scope.set(t.name, { code: ident(t.name), type: v.type.k === "tuple" ? (v.type.items[i] ?? UNKNOWN) : TENSOR });
            values.push({ name: t.name, optional: nested });
          });
        }
      } else if (s.kind === "ExprStmt") {
        computedStmts.add(s);
        out.push(`${printExpr(fwd, s.expr).code};`);
      } else if (s.kind === "ObjectiveStmt") {
        const params = freeValues(fwd, s.value);
        objectives.push({ stmt: s, params, nested });
        out.push(`${nested ? "" : "const "}${lossLocal(s.name.name)} = this.${objectiveMethod(info, s.name.name)}(${params.map((p) => fwd.scope.lookup(p)?.code ?? ident(p)).join(", ")});`);
      } else if (s.kind === "IfStmt") {
        const inner: string[] = [];
        walk(s.then, true, inner);
        const other: string[] = [];
        if (s.else) walk(s.else, true, other);
        if (inner.length || other.length) out.push(`if (${printExpr(fwd, s.cond).code}) {\n${inner.join("\n")}\n}${other.length ? ` else {\n${other.join("\n")}\n}` : ""}`);
      }
    }
  };
  walk(body, false, forward);
  // Values first assigned inside a branch are declared before it.
  const hoisted = [
    ...values.filter((v) => v.optional).map((v) => `let ${ident(v.name)}: Tensor | undefined;`),
    ...objectives.filter((o) => o.nested).map((o) => `let ${lossLocal(o.stmt.name.name)}: Tensor | undefined;`),
  ];
  // Queues are state, and named values of the model as well (the IR lists them with the others).
  const queues = [...info.fields].filter(([, f]) => f.kind === "queue").map(([n]) => n);
  const valueNames = [...values.map((v) => v.name), ...queues];
  const valueEntries = valueNames.map((n) => (queues.includes(n) ? `${n}: this.${fieldName(n)}` : n === ident(n) ? n : `${n}: ${ident(n)}`));
  const lossEntries = objectives.map((o) => `${o.stmt.name.name}: ${lossLocal(o.stmt.name.name)}`);
  forward.unshift(...(inputs.length ? [`const { ${inputs.map((i) => (ident(i.name.name) === i.name.name ? i.name.name : `${i.name.name}: ${ident(i.name.name)}`)).join(", ")} } = inputs;`] : []), ...symbols, ...hoisted);
  forward.push(`return { values: { ${valueEntries.join(", ")} }, losses: { ${lossEntries.join(", ")} } };`);

  // ---- objective methods
  const objectiveMethods = objectives.map(({ stmt, params }) => {
    const ctx: Ctx = { ...newCtx(site, info.file, info, false), used };
    for (const p of params) ctx.scope.set(p, { code: ident(p), type: fwd.scope.lookup(p)?.type ?? TENSOR });
    return {
      name: objectiveMethod(info, stmt.name.name),
      docs: [[...(stmt.doc ? [stmt.doc, ""] : []), `The objective \`${stmt.name.name}\`.`, `@see ${site.where(stmt.span)}`].join("\n")],
      parameters: params.map((p) => ({ name: ident(p), type: tsType(fwd.scope.lookup(p)?.type ?? TENSOR) })),
      returnType: "Tensor",
      statements: [`return ${printExpr(ctx, stmt.value).code};`],
    };
  });

  // ---- the constructor
  const ctor: Ctx = { ...newCtx(site, info.file, info, true), used: new Set() };
  const consts = hypers.map((h) => ({ name: ident(h.name.name), text: `${ident(h.name.name) === h.name.name ? h.name.name : `${h.name.name}: ${ident(h.name.name)}`} = ${hyperDefault(ctor, h)}` }));
  const ctorBody = constructorBody(ctor, info, body, (s) => computedStmts.has(s));
  const weights = objectiveWeights(ctor, body);
  const store = [...used].filter((n) => {
    const f = info.fields.get(n);
    return (f?.kind === "local" && !computedStmts.has(f.stmt)) || hypers.some((h) => h.name.name === n);
  });
  const stages = body.filter((s): s is A.StageStmt => s.kind === "StageStmt");
  const frozen = frozenPatterns(body);
  const ctorStatements = [
    "super(config, options);",
    `this.variant = rt.presetName(${name}Presets, config);`,
    ...pruneConstants(consts, [...ctorBody, ...shareStatements(body), ...weights, ...store.map((n) => `this.${fieldName(n)} = ${ident(n)};`)], "config"),
  ];

  // ---- declarations
  const typing: Ctx = { ...newCtx(site, info.file, info, false), used };
  const hyperFields = hypers.filter((h) => used.has(h.name.name)).map((h) => ({ name: fieldName(h.name.name), type: tsType(typeOfHyper(ctor, h)), isReadonly: true }));
  const fields = fieldDeclarations(typing, info, used, (n, f) => (f.kind === "local" && computedStmts.has(f.stmt)) || hypers.some((h) => h.name.name === n));
  const variants = body.filter((s): s is A.VariantStmt => s.kind === "VariantStmt");
  const presetEntries = variants.map((v) => `${JSON.stringify(v.name.name)}: { ${v.entries.map((e) => `${e.name.name}: ${printExpr(newCtx(site, info.file, undefined, true), e.value).code}`).join(", ")} }`);

  const interfaces: OptionalKind<InterfaceDeclarationStructure>[] = [
    {
      name: `${name}Config`,
      isExported: true,
      docs: [`The hyperparameters of ${name}; any left out take the spec's values.`],
      properties: hypers.map((h) => ({ name: ident(h.name.name), type: tsType(typeOfHyper(ctor, h)), hasQuestionToken: true, docs: [[hyperDoc(body, h), `Default: \`${printSpec(h.value)}\`.`].filter(Boolean).join("\n")] })),
    },
    {
      name: `${name}Inputs`,
      isExported: true,
      docs: [`What ${name} reads.`],
      properties: inputs.map((i) => ({ name: ident(i.name.name), type: "Tensor", ...(conditionalInputs.has(i.name.name) ? { hasQuestionToken: true } : {}), docs: [[i.doc, `${printType(i.type)}${i.source ? ` — from ${printSpec(i.source)}` : ""}`, `@see ${site.where(i.span)}`].filter(Boolean).join("\n")] })),
    },
    {
      name: `${name}Values`,
      isExported: true,
      docs: [`The named values ${name} computes.`],
      properties: valueNames.map((n) => {
        const v = values.find((x) => x.name === n);
        return { name: ident(n), type: "Tensor", ...(v?.optional ? { hasQuestionToken: true } : {}), ...(v?.doc ? { docs: [v.doc] } : {}) };
      }),
    },
    {
      name: `${name}Losses`,
      isExported: true,
      docs: [`The objectives of ${name}, each a scalar loss.`],
      properties: objectives.map(({ stmt, nested }) => ({ name: stmt.name.name, type: "Tensor", ...(nested ? { hasQuestionToken: true } : {}), ...(stmt.doc ? { docs: [stmt.doc] } : {}) })),
    },
  ];
  const presets: OptionalKind<VariableStatementStructure> = {
    declarationKind: VariableDeclarationKind.Const,
    isExported: true,
    docs: [`${name}'s variants, as configs for \`new ${name}(config)\`${variant ? `; this module was compiled for \`${variant}\`` : ""}.`],
    declarations: [{ name: `${name}Presets`, initializer: `{ ${presetEntries.join(", ")} } satisfies Record<string, ${name}Config>` }],
  };
  const cls: ClassDeclarationStructure = {
    kind: StructureKind.Class,
    name,
    isExported: true,
    extends: `Model<${name}Inputs, ${name}Values, ${name}Losses>`,
    docs: [[...(info.decl.doc ? [info.decl.doc, ""] : []), `@see ${site.where(info.decl.span)}`].join("\n")],
    properties: [
      { name: "presets", isStatic: true, isReadonly: true, initializer: `${name}Presets` },
      { name: "modelName", hasOverrideKeyword: true, isReadonly: true, initializer: JSON.stringify(name) },
      { name: "variant", type: "string | undefined", hasOverrideKeyword: true, isReadonly: true },
      { name: "objectives", type: "Readonly<Record<string, number>>", hasOverrideKeyword: true, isReadonly: true },
      { name: "stages", type: "Record<string, rt.StageSpec>", hasOverrideKeyword: true, isReadonly: true, initializer: stagesLiteral(stages) },
      { name: "frozenParams", type: "readonly rt.FrozenMark[]", hasOverrideKeyword: true, isReadonly: true, initializer: `[${frozen.join(", ")}]` },
      ...hyperFields,
      ...fields,
    ],
    ctors: [{ parameters: [{ name: "config", type: `${name}Config`, initializer: variant ? `${name}Presets.${variant}` : "{}" }, { name: "options", type: "rt.ModelOptions", initializer: "{}" }], statements: ctorStatements }],
    methods: [
      {
        name: "forward",
        hasOverrideKeyword: true,
        docs: [`Every named value and objective of ${name}, in the spec's order.`],
        parameters: [{ name: "inputs", type: `${name}Inputs` }],
        returnType: `{ values: ${name}Values; losses: ${name}Losses }`,
        statements: forward,
      },
      ...objectiveMethods,
    ],
  };
  return { interfaces, presets, cls };
}

function hyperDefault(ctx: Ctx, h: A.HyperEntry): string {
  const p = printExpr(ctx, h.value);
  ctx.scope.set(h.name.name, { code: ident(h.name.name), type: p.type });
  return p.code;
}

function typeOfHyper(ctx: Ctx, h: A.HyperEntry): SType {
  return ctx.scope.lookup(h.name.name)?.type ?? UNKNOWN;
}

/**
 * The objectives' weights, as the constructor records them: an objective declared in a branch
 * exists only when the configuration takes that branch, as in the IR.
 */
function objectiveWeights(ctx: Ctx, body: readonly A.Stmt[]): string[] {
  const inner = (stmts: readonly A.Stmt[]): string[] => {
    const out: string[] = [];
    for (const s of stmts) {
      if (s.kind === "ObjectiveStmt") out.push(`objectives.${s.name.name} = ${s.weight ? printExpr(ctx, s.weight).code : "1"};`);
      else if (s.kind === "IfStmt") {
        const then = inner(s.then);
        const other = s.else ? inner(s.else) : [];
        if (then.length || other.length) out.push(`if (${printExpr(ctx, s.cond).code}) {\n${then.join("\n")}\n}${other.length ? ` else {\n${other.join("\n")}\n}` : ""}`);
      }
    }
    return out;
  };
  const nested = body.some((s) => s.kind === "IfStmt" && inner([s]).length > 0);
  if (!nested) {
    const flat = body.filter((s): s is A.ObjectiveStmt => s.kind === "ObjectiveStmt");
    return [`this.objectives = { ${flat.map((s) => `${s.name.name}: ${s.weight ? printExpr(ctx, s.weight).code : "1"}`).join(", ")} };`];
  }
  return ["const objectives: Record<string, number> = {};", ...inner(body), "this.objectives = objectives;"];
}

function lossLocal(name: string): string {
  return `${name}_loss`;
}

function objectiveMethod(info: ModelInfo, name: string): string {
  return info.fields.has(name) ? `${name}_objective` : fieldName(name);
}

/** Computed values (and inputs) an objective reads: its method's parameters. */
function freeValues(ctx: Ctx, e: A.Expr): string[] {
  return readNames(e, (name) => ctx.scope.lookup(name) !== undefined);
}

function stagesLiteral(stages: readonly A.StageStmt[]): string {
  const entries = stages.map((s) => {
    const parts = [`objectives: [${s.objectives.map((o) => JSON.stringify(o.name)).join(", ")}]`, `frozen: [${s.freeze.map((p) => JSON.stringify(printPattern(p))).join(", ")}]`];
    if (s.except.length) parts.push(`except: [${s.except.map((p) => JSON.stringify(printPattern(p))).join(", ")}]`);
    return `${JSON.stringify(s.name.name)}: { ${parts.join(", ")} }`;
  });
  return `{ ${entries.join(", ")} }`;
}

/** The model's `frozen` marks as FrozenMark literals: a pattern, or `{ patterns, except }`. */
function frozenPatterns(body: readonly A.Stmt[]): string[] {
  const list = (ps: readonly string[]): string => `[${ps.map((p) => JSON.stringify(p)).join(", ")}]`;
  return frozenMarks(body).flatMap((m) => (m.except.length ? [`{ patterns: ${list(m.patterns)}, except: ${list(m.except)} }`] : m.patterns.map((p) => JSON.stringify(p))));
}
