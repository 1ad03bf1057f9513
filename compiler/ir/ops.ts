// The closed registry of primitive ops. Each op has typed inputs and attributes, one shape rule
// and one FLOP rule (compiler/ir/ops/def.ts). The elaborator, the verifier, the analyses and the
// runtime all look ops up here; adding an op means adding it here and nowhere else in the compiler.
import type { OpDef } from "./ops/def.js";
import { elementwiseOps } from "./ops/elementwise.js";
import { layoutOps } from "./ops/layout.js";
import { linalgOps } from "./ops/linalg.js";
import { objectiveOps } from "./ops/objectives.js";
import { sourceOps } from "./ops/sources.js";

export type { OpDef, OpInput, OpAttr } from "./ops/def.js";
export { ShapeFault } from "./ops/def.js";

const ALL: readonly OpDef[] = [...sourceOps, ...elementwiseOps, ...linalgOps, ...layoutOps, ...objectiveOps];

export const OPS: ReadonlyMap<string, OpDef> = new Map(ALL.map((op) => [op.name, op]));

if (OPS.size !== ALL.length) throw new Error("duplicate op name in the registry");

export function getOp(name: string): OpDef {
  const op = OPS.get(name);
  if (!op) throw new Error(`unknown op '${name}' (internal error: ops come from the registry)`);
  return op;
}
