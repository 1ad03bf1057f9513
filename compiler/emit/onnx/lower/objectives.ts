// Losses (compiler/ir/ops/objectives.ts) as the tfjs kernels compute them
// (runtime/kernels/objectives/), so that an exported objective gives the runtime's value. The
// sampling ops (masks, multinomial) and the queue write are refused before lowering (emit.ts).
import { attr } from "../builder.js";
import { elemOf } from "../types.js";
import type { Lower, Lowering } from "./context.js";
import { optimalTransport } from "./optimal-transport.js";
import { allAxes, reduce } from "./reduce.js";

/** The `reduction` attribute: "none" keeps per-item losses, "sum" adds them, "mean" averages (over `count` when given). */
function reduceLoss(c: Lower, perItem: string, rank: number, count?: string): string {
  const reduction = String(c.node.attrs["reduction"]);
  if (reduction === "none") return c.result("Identity", [perItem]);
  if (reduction === "sum") return reduce(c, "ReduceSum", perItem, allAxes(rank), false, true);
  if (count) return c.result("Div", [reduce(c, "ReduceSum", perItem, allAxes(rank), false), count]);
  return reduce(c, "ReduceMean", perItem, allAxes(rank), false, true);
}

/** The rank of two operands broadcast together. */
function broadcastRank(c: Lower): number {
  return Math.max(c.type(0).shape.length, c.type(1).shape.length);
}

/**
 * (1 − ε)·(−log p[y]) + ε·mean_c(−log p[c]) per label; ignored labels count nothing, and "mean"
 * divides by the labels kept (at least 1, so an all-ignored batch gives 0, as the runtime).
 */
const crossEntropy: Lowering = (c) => {
  const classes = c.type(0).shape[c.type(0).shape.length - 1]!;
  const labelsShape = c.dims.vector(c.type(1).shape);
  const logProbs = c.op("LogSoftmax", [c.op("Reshape", [c.in(0), c.dims.vector([-1, classes])])], { axis: attr.int(-1) });
  const labels = c.op("Reshape", [c.in(1), c.g.int64s([-1])]);
  const kept = c.op("Not", [c.op("Equal", [labels, c.g.scalar("i32", Number(c.node.attrs["ignore_index"]))])]);
  const target = c.op("Where", [kept, labels, c.g.scalar("i32", 0)]);
  const picked = c.op("GatherElements", [logProbs, c.op("Unsqueeze", [target, c.g.int64s([1])])], { axis: attr.int(1) });
  const nll = c.op("Neg", [c.op("Squeeze", [picked, c.g.int64s([1])])]);
  const smoothing = Number(c.node.attrs["label_smoothing"]);
  const perRow =
    smoothing > 0
      ? c.op("Add", [c.op("Mul", [nll, c.g.scalar("f32", 1 - smoothing)]), c.op("Mul", [c.op("Neg", [reduce(c, "ReduceMean", logProbs, [1], false)]), c.g.scalar("f32", smoothing)])])
      : nll;
  const perItem = c.op("Reshape", [c.op("Where", [kept, perRow, c.g.scalar("f32", 0)]), labelsShape]);
  const counted = c.op("Max", [reduce(c, "ReduceSum", c.op("Cast", [kept], { to: attr.int(elemOf("f32")) }), [0], false), c.g.scalar("f32", 1)]);
  return reduceLoss(c, perItem, c.type(1).shape.length, counted);
};

const softCrossEntropy: Lowering = (c) => {
  const logProbs = c.op("LogSoftmax", [c.in(0)], { axis: attr.int(-1) });
  const perItem = c.op("Neg", [reduce(c, "ReduceSum", c.op("Mul", [c.in(1), logProbs]), [-1], false)]);
  return reduceLoss(c, perItem, c.type(0).shape.length - 1);
};

/** (1 − t)·x − log σ(x), with −log σ(x) = softplus(−x). */
const bceWithLogits: Lowering = (c) => {
  const [x, t] = [c.in(0), c.in(1)];
  const perItem = c.op("Add", [c.op("Mul", [c.op("Sub", [c.g.scalar("f32", 1), t]), x]), c.op("Softplus", [c.op("Neg", [x])])]);
  return reduceLoss(c, perItem, broadcastRank(c));
};

const mse: Lowering = (c) => {
  const diff = c.op("Sub", [c.in(0), c.in(1)]);
  return reduceLoss(c, c.op("Mul", [diff, diff]), broadcastRank(c));
};

export const objectiveLowerings: Readonly<Record<string, Lowering>> = {
  cross_entropy: crossEntropy,
  soft_cross_entropy: softCrossEntropy,
  bce_with_logits: bceWithLogits,
  mse,
  optimal_transport: optimalTransport,
};
