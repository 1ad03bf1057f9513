// Elaborating a model: pick the variant, apply overrides, run the body once (hyperparameters,
// inputs and their data sources, instances, dataflow, objectives), then resolve what refers to
// the whole model — the sources' pairing, shares, stages, groups — and record the instance tree.
import type * as A from "../../grammar/ast.js";
import { Diag } from "../diagnostics/catalog.js";
import { say } from "../diagnostics/template.js";
import { inputDims } from "./report/dim-values.js";
import { checkObjectiveValue, checkObjectiveWeight } from "./report/objectives.js";
import {
  checkOverrides,
  checkVariantEntries,
  parseOverride,
  reportOverrideKind,
  reportUnknownVariant,
  reportVariantKind,
  sameHyperKind,
} from "./report/variants.js";
import { checkSourceFits, checkSourcePairing } from "./report/input-sources.js";
import type { SourcedInput } from "../ir/sources.js";
import { describe, ERROR, type Value } from "./values.js";
import type { CompileOptions } from "../context.js";
import type { IrGraph, IrInstance } from "../ir/types.js";
import { Env } from "./env.js";
import { Instance } from "./instance.js";
import type { Interp } from "./interp.js";
import { evalExpr } from "./expr.js";
import { evalSource } from "./sources.js";
import { execBody, type ModelHooks } from "./stmt.js";
import { resolveShares } from "./sharing.js";
import { resolveGroups, resolvePublished, resolveStage } from "./stages.js";
import { DEFAULT_CONFIGURATION } from "../ir/types.js";

export function elaborateModel(ip: Interp, decl: A.ModelDecl, options: CompileOptions): IrGraph | undefined {
  const file = decl.span.file;
  const env = new Env(ip.moduleEnv(file));
  const root = new Instance("", undefined, env, decl.name.span, undefined, new Map(), undefined, undefined, decl.doc);
  ip.instances.set("", root);

  const hyperNames = new Set(decl.body.flatMap((s) => (s.kind === "HyperStmt" ? s.entries.map((e) => e.name.name) : [])));
  const variants = decl.body.filter((s): s is A.VariantStmt => s.kind === "VariantStmt");
  checkVariantEntries(ip, variants, hyperNames);
  let variant: A.VariantStmt | undefined;
  if (options.variant !== undefined) {
    variant = variants.find((v) => v.name.name === options.variant);
    if (!variant) {
      reportUnknownVariant(ip, options.variant, decl, variants.map((v) => v.name.name));
      return undefined;
    }
  }
  const overrides = options.overrides ?? {};
  if (!checkOverrides(ip, overrides, hyperNames, decl)) return undefined;

  const hypers: Record<string, number | boolean | string> = {};
  const shares: A.ShareStmt[] = [];
  const deferred: (A.StageStmt | A.GroupStmt | A.PublishedStmt)[] = [];
  const sourced: (SourcedInput & { span: A.Span })[] = [];
  const hooks: ModelHooks = {
    hyper(s) {
      for (const e of s.entries) {
        const chosen = variant?.entries.find((x) => x.name.name === e.name.name);
        const text = overrides[e.name.name];
        const base = evalExpr(ip, e.value, env);
        let v = text !== undefined ? parseOverride(text) : chosen ? evalExpr(ip, chosen.value, env) : base;
        if (v !== base && !sameHyperKind(base, v)) {
          if (text !== undefined) reportOverrideKind(ip, e.name.name, base, text);
          else reportVariantKind(ip, variant!.name.name, chosen!, base, v);
          v = { k: "error" };
        }
        env.set(e.name.name, v);
        if (v.k === "int" && v.v.value !== undefined) hypers[e.name.name] = v.v.value;
        else if (v.k === "float" || v.k === "bool" || v.k === "str") hypers[e.name.name] = v.v;
        else if (v.k !== "error") {
          ip.report(say(Diag.ArgumentType, "hyperValue", { name: e.name.name, got: describe(v) }), (chosen ?? e).value.span);
        }
      }
    },
    input(s) {
      const v = declareInput(ip, s, env);
      env.set(s.name.name, v);
      // The source is evaluated once the input is declared, so that `from` naming the input
      // itself says it is not a data source rather than that it is not yet defined.
      const source = s.source ? evalSource(ip, s.source, env) : undefined;
      if (v.k !== "tensor") return;
      if (source && s.source && checkSourceFits(ip, s, source, v.type)) {
        ip.g.inputs.push({ name: s.name.name, node: v.id, source, span: s.name.span });
        sourced.push({ name: s.name.name, source, type: v.type, span: s.source.span });
      } else ip.g.inputs.push({ name: s.name.name, node: v.id, span: s.name.span });
    },
    objective(s) {
      ip.objectiveCall = s.value;
      const v = evalExpr(ip, s.value, env);
      ip.objectiveCall = undefined;
      const weight = s.weight ? checkObjectiveWeight(ip, s, evalExpr(ip, s.weight, env)) : 1;
      if (weight === undefined || !checkObjectiveValue(ip, s, v)) return;
      ip.g.objectives.push({ name: s.name.name, node: v.id, weight, span: s.name.span, ...(s.doc ? { doc: s.doc } : {}) });
    },
    deferred(s) {
      deferred.push(s);
    },
  };
  execBody(ip, decl.body, { inst: root, env, shares, model: hooks });
  if (ip.aborted) return undefined;
  checkSourcePairing(ip, sourced);
  resolveShares(ip, shares, root);
  ip.marks.apply(ip);
  const declaredObjectives = new Set<string>();
  const collect = (stmts: readonly A.Stmt[]): void => {
    for (const s of stmts) {
      if (s.kind === "ObjectiveStmt") declaredObjectives.add(s.name.name);
      if (s.kind === "IfStmt") {
        collect(s.then);
        if (s.else) collect(s.else);
      }
    }
  };
  collect(decl.body);
  for (const s of deferred) if (s.kind === "StageStmt") resolveStage(ip, s, declaredObjectives);
  resolveGroups(ip, deferred.filter((s): s is A.GroupStmt => s.kind === "GroupStmt"));
  // A claim `for` some variants is made only when one of them is elaborated; names that are not
  // variants are reported over the syntax tree (compiler/checks/published-variants.ts).
  const configuration = variant?.name.name ?? DEFAULT_CONFIGURATION;
  const claimed = (s: A.PublishedStmt): boolean => !s.variants || s.variants.some((v) => v.name === configuration);
  // A claim without a doc comment shares the doc of the figure's claim above it (one comment
  // over `published params = … for B32`, `… for B16`, `… for L14`).
  const docs = new Map<string, string>();
  for (const s of deferred) {
    if (s.kind !== "PublishedStmt") continue;
    if (s.doc) docs.set(s.name.name, s.doc);
    const doc = s.doc ?? docs.get(s.name.name);
    if (claimed(s)) resolvePublished(ip, s, env, doc);
  }

  for (const inst of ip.instances.values()) ip.g.instances.set(inst.path, instanceRecord(inst));
  return ip.g.finish({
    model: decl.name.name,
    file,
    variant: variant?.name.name,
    hypers,
    ...(decl.doc ? { doc: decl.doc } : {}),
  });
}

/** An input node of the declared dtype and shape, or the poison value after reporting. */
function declareInput(ip: Interp, s: A.InputStmt, env: Env): Value {
  if (s.type.kind !== "TensorTypeExpr") {
    return ip.report(say(Diag.ArgumentType, "inputType", { name: s.name.name }), s.type.span);
  }
  const dims = inputDims(ip, s.type, env, (e, en) => evalExpr(ip, e, en), s.name.name);
  if (!dims) return ERROR;
  return ip.emit("input", [], { name: s.name.name, dtype: s.type.dtype.name, shape: dims }, s.name.span);
}

function instanceRecord(inst: Instance): IrInstance {
  return {
    path: inst.path,
    block: inst.blockName,
    parent: inst.parent?.path,
    children: inst.children.map((c) => c.path),
    params: inst.params,
    calls: inst.calls,
    ...(inst.firstInput ? { firstInput: inst.firstInput } : {}),
    ...(inst.firstOutput ? { firstOutput: inst.firstOutput } : {}),
    ...(inst.ema ? { emaOf: inst.ema.of.path, emaDecay: inst.ema.decay } : {}),
    span: inst.span,
    ...(inst.doc ? { doc: inst.doc } : {}),
  };
}
