// Running a parity spec (test/parity/specs/*.vlm) through the runtime with weights the test
// chooses, and differentiating each of its results: for every named output, sum(out · cotangent),
// and for every objective its loss, differentiated with respect to every learned parameter and
// every float input. The torch reference does the same, so both sides can be compared value by
// value and gradient by gradient.
import { expect } from "vitest";
import { compileFile } from "../../compiler/compile.js";
import { hasErrors } from "../../compiler/diagnostics/diagnostic.js";
import type { IrGraph } from "../../compiler/ir/types.js";
import { checkFeeds } from "../../runtime/feeds.js";
import { forward } from "../../runtime/forward.js";
import { initialValue, type HostTensor } from "../../runtime/init.js";
import { ModelState } from "../../runtime/state.js";
import { tf, type Tensor, type Variable } from "../../runtime/tf.js";
import { toHost, toTensor, type Draws } from "./tensors.js";

export function compileSpec(file: string, variant?: string): IrGraph {
  const r = compileFile(file, variant ? { variant } : {});
  expect(hasErrors(r.diagnostics), r.diagnostics.map((d) => `${d.code} ${d.message}`).join("\n")).toBe(false);
  return r.ir!;
}

/**
 * Random weights at a scale that keeps activations of order one: LayerNorm scales near 1, biases
 * small, matrices ~ N(0, 1/fan_in); scalars (temperatures) keep their initial value.
 */
export function randomParams(ir: IrGraph, d: Draws): Map<string, HostTensor> {
  const out = new Map<string, HostTensor>();
  for (const p of ir.params.values()) {
    if (p.sharedWith !== undefined || p.emaOf !== undefined) continue;
    if (p.shape.length === 0) out.set(p.name, initialValue(p.name, p.dtype, p.shape, p.init, 0));
    else if (p.shape.length === 1) out.set(p.name, p.init.kind === "ones" ? d.normal(p.shape, 0.1, 1) : d.normal(p.shape, 0.1));
    else out.set(p.name, d.normal(p.shape, 1 / Math.sqrt(p.shape[p.shape.length - 1]!)));
  }
  return out;
}

export interface Differentiated {
  /** Named outputs and objective losses. */
  readonly values: Map<string, HostTensor>;
  /** `TARGET/p/PARAM` and `TARGET/x/INPUT`: the gradient of each target; absent where none flows. */
  readonly grads: Map<string, HostTensor>;
}

/**
 * Forward pass (eval mode) of every named output and objective, then (unless `gradients` is
 * false) one gradient per target. `cotangents` has one tensor per output.
 */
export function differentiate(
  ir: IrGraph,
  params: ReadonlyMap<string, HostTensor>,
  inputs: ReadonlyMap<string, HostTensor>,
  cotangents: ReadonlyMap<string, HostTensor>,
  opts: { gradients?: boolean } = {},
): Differentiated {
  const dims = checkFeeds(ir, inputs);
  const state = ModelState.initialise(ir, 0);
  const feeds = new Map<string, Variable | Tensor>();
  try {
    for (const [name, value] of params) state.assign(name, value);
    for (const [name, t] of inputs) {
      const tensor = toTensor(t);
      feeds.set(name, t.dtype === "f32" ? tf.variable(tensor, true) : tensor);
      if (t.dtype === "f32") tensor.dispose();
    }
    const values = new Map<string, HostTensor>();
    tf.tidy(() => {
      const r = forward(ir, state, feeds, dims);
      for (const [name, t] of [...r.outputs, ...r.losses]) values.set(name, toHost(t));
    });
    const learned = state.learnedOwners().map((name) => [name, state.param(name)] as const);
    const inputVars = [...feeds].filter((e): e is [string, Variable] => e[1] instanceof tf.Variable);
    const byVariable = new Map<string, string>([...learned.map(([n, v]) => [v.name, `p/${n}`] as const), ...inputVars.map(([n, v]) => [v.name, `x/${n}`] as const)]);
    const grads = new Map<string, HostTensor>();
    if (opts.gradients === false) return { values, grads };
    const targets = [...ir.outputs.keys()].map((name) => ({ name, objective: false })).concat(ir.objectives.map((o) => ({ name: o.name, objective: true })));
    for (const target of targets) {
      tf.tidy(() => {
        const { grads: g } = tf.variableGrads(() => {
          const r = forward(ir, state, feeds, dims, { outputs: target.objective ? [] : [target.name], objectives: target.objective ? [target.name] : [] });
          if (target.objective) return r.losses.get(target.name)! as tf.Scalar;
          return tf.sum(tf.mul(r.outputs.get(target.name)!, toTensor(cotangents.get(target.name)!))) as tf.Scalar;
        }, [...learned.map(([, v]) => v), ...inputVars.map(([, v]) => v)]);
        for (const [variable, grad] of Object.entries(g)) grads.set(`${target.name}/${byVariable.get(variable)}`, toHost(grad));
      });
    }
    return { values, grads };
  } finally {
    state.dispose();
    for (const t of feeds.values()) t.dispose();
  }
}
