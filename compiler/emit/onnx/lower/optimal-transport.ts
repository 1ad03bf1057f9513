// optimal_transport as the runtime's kernel computes it (runtime/kernels/objectives/
// optimal_transport.ts, after dandelin/ViLT's `ipot`): the cosine cost between token sets, the
// IPOT plan unrolled for its fixed number of iterations (a graph has no gradient to hold the plan
// fixed for, so the plan is plain nodes), and the distance Σ C·T per pair.
import { attr } from "../builder.js";
import { elemOf } from "../types.js";
import type { Lower, Lowering } from "./context.js";
import { reduce } from "./reduce.js";

const NORMALIZE_EPS = 1e-5;
const PAD_DENOMINATOR = 1e4;

/** [B, L, 1] true at padded tokens (none when no validity mask is given). */
function padding(c: Lower, valid: string | undefined, tokens: string): string {
  const lead = c.op("Shape", [tokens], { start: attr.int(0), end: attr.int(2) });
  if (!valid) return c.op("Unsqueeze", [c.op("ConstantOfShape", [lead], { value: { kind: "tensor", value: { name: "value", dims: [1], dataType: elemOf("bool"), rawData: new Uint8Array([0]) } } }), c.g.int64s([2])]);
  const zero = c.op("CastLike", [c.g.scalar("i32", 0), valid]);
  return c.op("Unsqueeze", [c.op("Expand", [c.op("Equal", [valid, zero]), lead]), c.g.int64s([2])]);
}

const f32 = (c: Lower, v: number): string => c.g.scalar("f32", v);
const swapLast = (c: Lower, t: string): string => c.op("Transpose", [t], { perm: attr.ints([0, 2, 1]) });

function unit(c: Lower, t: string): string {
  const norm = c.op("Sqrt", [reduce(c, "ReduceSum", c.op("Mul", [t, t]), [-1], true)]);
  return c.op("Div", [t, c.op("Max", [norm, f32(c, NORMALIZE_EPS)])]);
}

export const optimalTransport: Lowering = (c) => {
  const [x, y] = [c.in(0), c.in(1)];
  const beta = Number(c.node.attrs["beta"]);
  const iterations = Number(c.node.attrs["iterations"]);
  const innerSteps = Math.max(1, Number(c.node.attrs["inner_steps"]));
  const xPad = padding(c, c.maybe(2), x); // [B, M, 1]
  const yPad = padding(c, c.maybe(3), y); // [B, N, 1]
  const joint = c.op("Or", [xPad, swapLast(c, yPad)]); // [B, M, N]
  const count = (pad: string): string => reduce(c, "ReduceSum", c.op("Sub", [f32(c, 1), c.op("Cast", [pad], { to: attr.int(elemOf("f32")) })]), [1, 2], true);
  const [xLen, yLen] = [count(xPad), count(yPad)]; // [B, 1, 1]
  const zero = f32(c, 0);
  const cost = c.op("Where", [joint, zero, c.op("Sub", [f32(c, 1), c.op("MatMul", [unit(c, x), swapLast(c, unit(c, y))])])]);
  const affinity = c.op("Where", [joint, zero, c.op("Exp", [c.op("Div", [c.op("Neg", [cost]), f32(c, beta)])])]);
  const padWeight = (pad: string): string => c.op("Mul", [c.op("Cast", [pad], { to: attr.int(elemOf("f32")) }), f32(c, PAD_DENOMINATOR)]);
  const [xMask, yMask] = [padWeight(xPad), padWeight(yPad)];
  let plan = c.op("Where", [joint, zero, f32(c, 1)]);
  let sigma = c.op("Where", [xPad, zero, c.op("Div", [f32(c, 1), xLen])]);
  for (let it = 0; it < iterations; it++) {
    const q = c.op("Mul", [affinity, plan]);
    let s = sigma;
    let delta = s;
    for (let step = 0; step < innerSteps; step++) {
      delta = c.op("Div", [f32(c, 1), c.op("Add", [c.op("Mul", [yLen, c.op("MatMul", [swapLast(c, q), s])]), yMask])]); // [B, N, 1]
      s = c.op("Div", [f32(c, 1), c.op("Add", [c.op("Mul", [xLen, c.op("MatMul", [q, delta])]), xMask])]); // [B, M, 1]
    }
    plan = c.op("Mul", [c.op("Mul", [s, q]), swapLast(c, delta)]);
    sigma = s;
  }
  const held = c.op("Where", [joint, zero, plan]);
  return reduce(c, "ReduceSum", c.op("Mul", [cost, held]), [1, 2], false, true);
};
