// One op of the IR's registry on tensors, outside any IR: the attributes are completed with the
// op's defaults, the op's own shape rule (compiler/ir/ops) types the result from the inputs'
// actual shapes — checking the call as the compiler checked the spec — and the runtime's kernel
// for the op computes it, keyed in the current run exactly as the IR node would be. Generated
// modules reach this only through ops.ts.
import { getOp, ShapeFault } from "../../compiler/ir/ops.js";
import type { AttrValue, Attrs, IrNode, TensorType } from "../../compiler/ir/types.js";
import { Dim } from "../../compiler/shapes/dim.js";
import { irDtypeOf } from "../dtypes.js";
import { kernelFor } from "../kernels/index.js";
import type { KernelContext } from "../kernels/types.js";
import { tf, type Tensor } from "../tf.js";
import { currentRun } from "./run.js";

/** An attribute as generated code passes it: dims are plain numbers there. */
export type OpAttrs = Readonly<Record<string, AttrValue | undefined>>;


function typeOf(t: Tensor): TensorType {
  return { dtype: irDtypeOf(t), shape: t.shape.map((d) => Dim.of(d)) };
}

const dimValue = (d: Dim | number): number => {
  if (typeof d === "number") return d;
  if (d.value === undefined) throw new Error(`the size ${String(d)} is not known when the op runs`);
  return d.value;
};

/** Thrown when a call does not fit its op (a tensor of the wrong shape reached a generated module). */
export class OpCallError extends Error {
  constructor(op: string, message: string) {
    super(`${op}: ${message}`);
    this.name = "OpCallError";
  }
}

/**
 * Runs op `name` on `inputs` (undefined for an absent optional input) with `attrs`. An op that is
 * the identity for these attributes (dropout with p = 0) returns its input and, as in the
 * compiler, takes no key.
 */
export function callKernel(name: string, inputs: readonly (Tensor | undefined)[], attrs: OpAttrs = {}): Tensor {
  const def = getOp(name);
  const full: Record<string, AttrValue> = {};
  for (const a of def.attrs) full[a.name] = attrs[a.name] ?? a.default ?? null;
  let type: TensorType;
  try {
    type = def.shape(
      inputs.map((t) => (t ? typeOf(t) : undefined)),
      full as Attrs,
    );
  } catch (e) {
    if (e instanceof ShapeFault) throw new OpCallError(name, e.message);
    throw e;
  }
  if (def.identityAtZero !== undefined && full[def.identityAtZero] === 0) return inputs[0]!;
  const run = currentRun();
  const key = run.nextKey(name);
  const node: IrNode = { id: -1, key, op: name, inputs: [], attrs: full, type, scope: "", mode: "", prov: { span: { file: "", start: 0, end: 0 }, frame: undefined } };
  const ctx: KernelContext = {
    node,
    shape: type.shape.map(dimValue),
    dim: dimValue,
    training: run.training,
    random: () => run.random(key),
    input: () => {
      throw new OpCallError(name, "sources are module fields in generated code");
    },
    param: () => {
      throw new OpCallError(name, "sources are module fields in generated code");
    },
    buffer: () => {
      throw new OpCallError(name, "sources are module fields in generated code");
    },
  };
  const kernel = kernelFor(name);
  return tf.tidy(() => kernel(inputs, ctx));
}
