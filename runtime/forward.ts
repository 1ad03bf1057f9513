// One forward pass: the named values and objective losses a caller asks for, computed from
// inputs with the model's current state. The front door of the runtime for `vlmc run`, tests
// and the training loop.
import type { IrGraph } from "../compiler/ir/types.js";
import type { DimBindings } from "./dims.js";
import { execute } from "./execute.js";
import { planFor } from "./plan.js";
import type { ModelState } from "./state.js";
import type { Tensor } from "./tf.js";

export interface ForwardRequest {
  /** Named values of the model body (`ir.outputs`); default: all of them. */
  readonly outputs?: readonly string[];
  /** Objectives whose loss to compute; default: all. */
  readonly objectives?: readonly string[];
  readonly training?: boolean;
  readonly seed?: number;
  readonly step?: number;
}

export interface ForwardResult {
  readonly outputs: Map<string, Tensor>;
  readonly losses: Map<string, Tensor>;
  /** Every computed target by node id (outputs, losses, update values). */
  readonly values: Map<number, Tensor>;
}

/** Node ids a request needs as targets. */
export function targetsOf(ir: IrGraph, req: ForwardRequest): { outputs: Map<string, number>; losses: Map<string, number> } {
  const outputNames = req.outputs ?? [...ir.outputs.keys()];
  const objectiveNames = req.objectives ?? ir.objectives.map((o) => o.name);
  const outputs = new Map<string, number>();
  for (const name of outputNames) {
    const id = ir.outputs.get(name);
    if (id === undefined) throw new Error(`model ${ir.model} has no named value '${name}'`);
    outputs.set(name, id);
  }
  const losses = new Map<string, number>();
  for (const name of objectiveNames) {
    const o = ir.objectives.find((x) => x.name === name);
    if (!o) throw new Error(`model ${ir.model} has no objective '${name}'`);
    losses.set(name, o.node);
  }
  return { outputs, losses };
}

export function forward(ir: IrGraph, state: ModelState, feeds: ReadonlyMap<string, Tensor>, dims: DimBindings, req: ForwardRequest = {}, extraTargets: readonly number[] = []): ForwardResult {
  const { outputs, losses } = targetsOf(ir, req);
  const plan = planFor(ir, [...outputs.values(), ...losses.values(), ...extraTargets]);
  const values = execute(ir, plan, state, feeds, dims, {
    training: req.training ?? false,
    seed: req.seed ?? 0,
    step: req.step ?? 0,
  });
  return {
    outputs: new Map([...outputs].map(([name, id]) => [name, values.get(id)!])),
    losses: new Map([...losses].map(([name, id]) => [name, values.get(id)!])),
    values,
  };
}
