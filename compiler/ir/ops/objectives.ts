// Losses, random sampling for pretraining objectives, and state updates.
// Losses reduce to a scalar f32[] (mean) unless reduction: "none".
import { Dim, numel, shapeString } from "../../shapes/dim.js";
import { isFloat, isInt, type TensorType } from "../types.js";
import {
  attrNum,
  expectDim,
  expectDtype,
  expectMinRank,
  expectRank,
  noFlops,
  req,
  sameDtype,
  ShapeFault,
  type OpDef,
} from "./def.js";

function reduced(attrs: Readonly<Record<string, unknown>>, perItem: readonly Dim[]): TensorType {
  const r = attrs["reduction"] ?? "mean";
  if (r !== "mean" && r !== "sum" && r !== "none") throw new ShapeFault("attr", `reduction must be "mean", "sum" or "none", not ${JSON.stringify(r)}`);
  return { dtype: "f32", shape: r === "none" ? perItem : [] };
}

function sameShape(a: TensorType, b: TensorType, what: string, operands: readonly number[]): void {
  if (a.shape.length !== b.shape.length || a.shape.some((d, i) => !d.equals(b.shape[i]!))) {
    throw new ShapeFault("shape", `${what}: ${shapeString(a.shape)} vs ${shapeString(b.shape)}`, operands);
  }
}

const reductionAttr = { name: "reduction", kind: "str", default: "mean" } as const;

export const objectiveOps: OpDef[] = [
  {
    name: "cross_entropy",
    doc: "Softmax cross-entropy: logits[..., C] against integer labels[...]; label smoothing; labels equal to ignore_index are skipped. 3 FLOPs per logit.",
    inputs: [{ name: "logits" }, { name: "labels" }],
    attrs: [
      { name: "label_smoothing", kind: "float", default: 0 },
      { name: "ignore_index", kind: "int", default: -100 },
      reductionAttr,
    ],
    shape: (ins, attrs) => {
      const logits = req(ins, 0);
      const labels = req(ins, 1);
      expectMinRank(logits, 1, "cross_entropy logits", 0);
      expectDtype(logits, isFloat, "cross_entropy logits", 0, "a float tensor");
      expectDtype(labels, isInt, "cross_entropy labels", 1, "an integer tensor");
      const lead = logits.shape.slice(0, -1);
      if (lead.length !== labels.shape.length || lead.some((d, i) => !d.equals(labels.shape[i]!))) {
        throw new ShapeFault("shape", `cross_entropy: logits ${shapeString(logits.shape)} need labels ${shapeString(lead)}, got ${shapeString(labels.shape)}`, [0, 1]);
      }
      const ls = attrNum(attrs, "label_smoothing");
      if (ls < 0 || ls >= 1) throw new ShapeFault("attr", `label_smoothing must be in [0, 1), not ${ls}`);
      return reduced(attrs, lead);
    },
    flops: (ins) => numel(req(ins, 0).shape).mul(Dim.of(3)),
  },
  {
    name: "soft_cross_entropy",
    doc: "Cross-entropy against soft targets (distillation): -Σ targets · log_softmax(logits). 4 FLOPs per logit.",
    inputs: [{ name: "logits" }, { name: "targets" }],
    attrs: [reductionAttr],
    shape: (ins, attrs) => {
      const logits = req(ins, 0);
      const targets = req(ins, 1);
      expectMinRank(logits, 1, "soft_cross_entropy logits", 0);
      sameDtype(logits, targets, "soft_cross_entropy", [0, 1]);
      sameShape(logits, targets, "soft_cross_entropy logits and targets differ", [0, 1]);
      return reduced(attrs, logits.shape.slice(0, -1));
    },
    flops: (ins) => numel(req(ins, 0).shape).mul(Dim.of(4)),
  },
  {
    name: "bce_with_logits",
    doc: "Binary cross-entropy on logits (sigmoid losses). 4 FLOPs per element.",
    inputs: [{ name: "logits" }, { name: "targets" }],
    attrs: [reductionAttr],
    shape: (ins, attrs) => {
      const logits = req(ins, 0);
      const targets = req(ins, 1);
      sameDtype(logits, targets, "bce_with_logits", [0, 1]);
      sameShape(logits, targets, "bce_with_logits logits and targets differ", [0, 1]);
      return reduced(attrs, logits.shape);
    },
    flops: (ins) => numel(req(ins, 0).shape).mul(Dim.of(4)),
  },
  {
    name: "mse",
    doc: "Mean squared error. 3 FLOPs per element.",
    inputs: [{ name: "a" }, { name: "b" }],
    attrs: [reductionAttr],
    shape: (ins, attrs) => {
      const a = req(ins, 0);
      const b = req(ins, 1);
      sameDtype(a, b, "mse", [0, 1]);
      sameShape(a, b, "mse operands differ", [0, 1]);
      return reduced(attrs, a.shape);
    },
    flops: (ins) => numel(req(ins, 0).shape).mul(Dim.of(3)),
  },
  {
    name: "optimal_transport",
    doc:
      "Inexact proximal-point optimal transport (IPOT) distance between token sets x[B, T, D] and y[B, N, D] under cosine cost, " +
      "with optional validity masks; returns f32[B]. FLOPs: 2·B·T·N·D for the cost plus about 6·B·T·N per iteration.",
    inputs: [{ name: "x" }, { name: "y" }, { name: "x_valid", optional: true }, { name: "y_valid", optional: true }],
    attrs: [
      { name: "beta", kind: "float", default: 0.5 },
      { name: "iterations", kind: "int", default: 50 },
      { name: "inner_steps", kind: "int", default: 1 },
    ],
    shape: (ins) => {
      const x = req(ins, 0);
      const y = req(ins, 1);
      expectRank(x, 3, "optimal_transport x", 0);
      expectRank(y, 3, "optimal_transport y", 1);
      sameDtype(x, y, "optimal_transport", [0, 1]);
      expectDim(x.shape[0]!, y.shape[0]!, () => `optimal_transport: batch ${x.shape[0]} vs ${y.shape[0]}`, [0, 1]);
      expectDim(x.shape[2]!, y.shape[2]!, () => `optimal_transport: token widths ${x.shape[2]} vs ${y.shape[2]}`, [0, 1]);
      for (const [i, t, len] of [[2, ins[2], x.shape[1]!], [3, ins[3], y.shape[1]!]] as const) {
        if (!t) continue;
        expectRank(t, 2, "optimal_transport validity mask", i);
        expectDim(t.shape[1]!, len, () => `optimal_transport: validity mask covers ${t.shape[1]} tokens, not ${len}`, [i]);
      }
      return { dtype: "f32", shape: [x.shape[0]!] };
    },
    flops: (ins, attrs) => {
      const x = req(ins, 0);
      const y = req(ins, 1);
      const btn = x.shape[0]!.mul(x.shape[1]!).mul(y.shape[1]!);
      return Dim.of(2).mul(btn).mul(x.shape[2]!).add(btn.mul(Dim.of(6 * attrNum(attrs, "iterations") * attrNum(attrs, "inner_steps"))));
    },
    blocksGradient: false,
  },
  {
    name: "bernoulli_mask",
    doc:
      "Random bool mask shaped like x, true with probability p (MLM's 15%). With `groups` (word ids, same shape), whole words are " +
      "masked together. Token ids listed in `exclude` (e.g. [CLS], [SEP], padding) are never masked.",
    inputs: [{ name: "x" }, { name: "groups", optional: true }],
    attrs: [
      { name: "p", kind: "float" },
      { name: "exclude", kind: "axes", default: [] },
    ],
    shape: (ins, attrs) => {
      const x = req(ins, 0);
      const g = ins[1];
      if (g) {
        expectDtype(g, isInt, "bernoulli_mask groups", 1, "an integer tensor of word ids");
        sameShape(x, g, "bernoulli_mask groups must match x", [0, 1]);
      }
      const p = attrNum(attrs, "p");
      if (!(p > 0 && p < 1)) throw new ShapeFault("attr", `masking probability must be in (0, 1), not ${p}`);
      return { dtype: "bool", shape: x.shape };
    },
    flops: noFlops,
    blocksGradient: true,
    random: true,
    shapeOnly: [0, 1],
  },
  {
    name: "budget_mask",
    doc:
      "Random bool mask shaped like x with exactly ⌈p·n⌉ of the n positions of each row (the last axis) true, chosen uniformly " +
      "(MAE's and FLIP's fixed masking ratio, unlike bernoulli_mask's count that varies per row). p·n within 1e-9 of an integer " +
      "counts as that integer, so p: 0.15 masks 3 of 20.",
    inputs: [{ name: "x" }],
    attrs: [{ name: "p", kind: "float" }],
    shape: (ins, attrs) => {
      const x = req(ins, 0);
      expectMinRank(x, 1, "budget_mask input", 0);
      const p = attrNum(attrs, "p");
      if (!(p > 0 && p <= 1)) throw new ShapeFault("attr", `masking ratio must be in (0, 1], not ${p}`, [], p > 1 && p <= 100 ? `a ratio, not a percentage: p: ${p / 100}` : undefined);
      return { dtype: "bool", shape: x.shape };
    },
    flops: noFlops,
    blocksGradient: true,
    random: true,
    shapeOnly: [0],
  },
  {
    name: "mask_tokens",
    doc:
      "Corrupts token ids where mask is true: p_mask of them become mask_id, p_random a random id below vocab, the rest stay " +
      "(BERT's 80/10/10); random ids are drawn from [random_min, vocab) (e.g. past the special tokens). " +
      "Its output no longer reveals the masked tokens.",
    inputs: [{ name: "ids" }, { name: "mask" }],
    attrs: [
      { name: "mask_id", kind: "int" },
      { name: "vocab", kind: "int" },
      { name: "p_mask", kind: "float", default: 0.8 },
      { name: "p_random", kind: "float", default: 0.1 },
      { name: "random_min", kind: "int", default: 0 },
    ],
    shape: (ins, attrs) => {
      const ids = req(ins, 0);
      const m = req(ins, 1);
      expectDtype(ids, isInt, "mask_tokens ids", 0, "an integer tensor");
      expectDtype(m, (d) => d === "bool", "mask_tokens mask", 1, "bool");
      sameShape(ids, m, "mask_tokens mask must match ids", [0, 1]);
      const pm = attrNum(attrs, "p_mask");
      const pr = attrNum(attrs, "p_random");
      if (pm < 0 || pr < 0 || pm + pr > 1) throw new ShapeFault("attr", `p_mask + p_random must be within [0, 1] (got ${pm} + ${pr})`);
      return ids;
    },
    flops: noFlops,
    blocksGradient: true,
    random: true,
    sanitizes: true,
  },
  {
    name: "patch_block_mask",
    shapeOnly: [0],
    doc: "BEiT block-wise masking: bool[B, h·w] with about `ratio` of the patches masked in rectangular blocks of at least min_block patches.",
    inputs: [{ name: "x" }],
    attrs: [
      { name: "grid_h", kind: "int" },
      { name: "grid_w", kind: "int" },
      { name: "ratio", kind: "float" },
      { name: "min_block", kind: "int", default: 16 },
    ],
    shape: (ins, attrs) => {
      const x = req(ins, 0);
      expectMinRank(x, 2, "patch_block_mask input", 0);
      const n = attrNum(attrs, "grid_h") * attrNum(attrs, "grid_w");
      expectDim(x.shape[1]!, Dim.of(n), () => `patch_block_mask: the grid has ${n} patches but the input has ${x.shape[1]}`, [0]);
      const r = attrNum(attrs, "ratio");
      if (!(r > 0 && r < 1)) throw new ShapeFault("attr", `mask ratio must be in (0, 1), not ${r}`);
      return { dtype: "bool", shape: [x.shape[0]!, x.shape[1]!] };
    },
    flops: noFlops,
    blocksGradient: true,
    random: true,
  },
  {
    name: "multinomial",
    doc: "Draws one index per row of probs[N, C] (hard negatives ∝ softmax of similarity).",
    inputs: [{ name: "probs" }],
    attrs: [],
    shape: (ins) => {
      const p = req(ins, 0);
      expectRank(p, 2, "multinomial probabilities", 0);
      expectDtype(p, isFloat, "multinomial probabilities", 0, "a float tensor");
      return { dtype: "i32", shape: [p.shape[0]!] };
    },
    flops: noFlops,
    blocksGradient: true,
    random: true,
  },
  {
    name: "enqueue",
    doc: "Pushes x[B, D] into a FIFO feature queue[K, D] after the step; reads give the queue before the update.",
    inputs: [{ name: "queue" }, { name: "x" }],
    attrs: [],
    shape: (ins) => {
      const q = req(ins, 0);
      const x = req(ins, 1);
      expectRank(q, 2, "queue", 0);
      expectRank(x, 2, "enqueued features", 1);
      sameDtype(q, x, "enqueue", [0, 1]);
      expectDim(x.shape[1]!, q.shape[1]!, () => `enqueue: features of width ${x.shape[1]} into a queue of width ${q.shape[1]}`, [0, 1]);
      return q;
    },
    flops: noFlops,
    blocksGradient: true,
    effect: true,
  },
];
