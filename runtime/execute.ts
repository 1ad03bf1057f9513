// Evaluates a plan on TensorFlow.js: one kernel call per node, in topological order. Every value
// is checked against the type the checker computed (dtype, and shape with the run's dims bound):
// the shape rules the compiler used and the tensors the runtime makes must agree, and a
// disagreement is a bug reported with the node's key and spec location. Intermediates are freed
// at their last reader: under a gradient tape this only drops the executor's reference, since
// the tape keeps what each gradient saved (runtime/train/backprop.ts frees it as it goes).
import type { IrGraph, IrNode } from "../compiler/ir/types.js";
import type { DimBindings } from "./dims.js";
import { tfDtype } from "./dtypes.js";
import { kernelFor } from "./kernels/index.js";
import type { KernelContext } from "./kernels/types.js";
import type { Plan } from "./plan.js";
import { RandomStream } from "./random.js";
import type { ModelState } from "./state.js";
import { tf, type Tensor } from "./tf.js";

export interface ExecOptions {
  readonly training: boolean;
  readonly seed: number;
  /** The training step (0 for a single run): part of every random stream's key. */
  readonly step: number;
}

export function execute(
  ir: IrGraph,
  plan: Plan,
  state: ModelState,
  feeds: ReadonlyMap<string, Tensor>,
  dims: DimBindings,
  opts: ExecOptions,
): Map<number, Tensor> {
  const values = new Map<number, Tensor>();
  // Several nodes may hold the same tensor (identity kernels, sources); free it once, when the
  // last holder is done, and never free what the state or the caller owns.
  const holders = new Map<Tensor, number>();
  const owned = new Set<Tensor>(feeds.values());
  const release = (id: number): void => {
    const t = values.get(id);
    values.delete(id);
    if (!t) return;
    const n = (holders.get(t) ?? 1) - 1;
    if (n > 0) holders.set(t, n);
    else {
      holders.delete(t);
      if (!owned.has(t)) t.dispose();
    }
  };
  for (let at = 0; at < plan.order.length; at++) {
    const node = ir.nodes[plan.order[at]!]!;
    const inputs = node.inputs.map((i) => (i < 0 ? undefined : values.get(i)));
    const shape = dims.shape(node.type.shape);
    const ctx = contextFor(node, shape, state, feeds, dims, opts);
    // Temporaries a kernel makes are freed with it; only its result survives.
    const kernel = kernelFor(node.op);
    const out = tf.tidy(() => kernel(inputs, ctx));
    if (node.op === "param" || node.op === "buffer" || node.op === "input") owned.add(out);
    checkValue(ir, node, out, shape);
    values.set(node.id, out);
    holders.set(out, (holders.get(out) ?? 0) + 1);
    for (const i of new Set(node.inputs)) if (i >= 0 && plan.lastUse.get(i) === at) release(i);
  }
  for (const id of [...values.keys()]) if (!plan.targets.has(id)) release(id);
  // A target that is the state's own tensor (a queue read as a named value) or a feed is handed
  // out as a clone, so that callers may dispose every result they get.
  for (const id of plan.targets) {
    const t = values.get(id);
    if (t && owned.has(t)) values.set(id, t.clone());
  }
  return values;
}

function contextFor(node: IrNode, shape: number[], state: ModelState, feeds: ReadonlyMap<string, Tensor>, dims: DimBindings, opts: ExecOptions): KernelContext {
  return {
    node,
    shape,
    dim: (d) => dims.value(d),
    training: opts.training,
    random: () => new RandomStream(opts.seed, opts.step, node.key),
    input: (name) => {
      const t = feeds.get(name);
      if (!t) throw new Error(`input '${name}' was not fed (internal error: feeds are checked first)`);
      return t;
    },
    param: (name) => state.param(name),
    buffer: (name) => state.buffer(name),
  };
}

/** A node's value must be what the checker said: its dtype, and its shape with the dims bound. */
function checkValue(ir: IrGraph, node: IrNode, out: Tensor, shape: readonly number[]): void {
  const dtypeOk = out.dtype === tfDtype(node.type.dtype);
  const shapeOk = out.shape.length === shape.length && out.shape.every((d, i) => d === shape[i]);
  if (dtypeOk && shapeOk) return;
  const where = `${node.prov.span.file}:${node.prov.span.start}`;
  throw new Error(
    `runtime and checker disagree at node ${node.id} (${node.key}, ${where}): ${node.op} made ${out.dtype}[${out.shape.join(", ")}] ` +
      `but the shape rule says ${tfDtype(node.type.dtype)}[${shape.join(", ")}] (model ${ir.model})`,
  );
}
