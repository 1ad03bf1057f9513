// Products: linear layers, matmul, patch convolution, embedding lookup and attention.
// FLOPs: a multiply-add counts 2.
import { Dim, numel, shapeString } from "../../shapes/dim.js";
import { isFloat, isInt } from "../types.js";
import {
  attrNum,
  broadcast,
  dimGuard,
  expectDim,
  expectDtype,
  expectMinRank,
  expectRank,
  req,
  sameDtype,
  ShapeFault,
  type OpDef,
} from "./def.js";

const TWO = Dim.of(2);

export const linalgOps: OpDef[] = [
  {
    name: "linear",
    doc: "x W^T + b over the last axis: x[..., in], W[out, in], b[out] → [..., out].",
    inputs: [{ name: "x" }, { name: "weight" }, { name: "bias", optional: true }],
    attrs: [],
    shape: (ins) => {
      const x = req(ins, 0);
      const w = req(ins, 1);
      expectMinRank(x, 1, "linear input", 0);
      expectRank(w, 2, "linear weight", 1);
      expectDtype(x, isFloat, "linear input", 0, "a float tensor");
      sameDtype(x, w, "linear input and weight", [0, 1]);
      const inX = x.shape[x.shape.length - 1]!;
      expectDim(inX, w.shape[1]!, () => `linear: input has ${inX} features but the weight ${shapeString(w.shape)} expects ${w.shape[1]}`, [0, 1]);
      const b = ins[2];
      if (b) {
        expectRank(b, 1, "linear bias", 2);
        expectDim(b.shape[0]!, w.shape[0]!, () => `linear: bias has ${b.shape[0]} entries but the layer has ${w.shape[0]} outputs`, [1, 2]);
      }
      return { dtype: x.dtype, shape: [...x.shape.slice(0, -1), w.shape[0]!] };
    },
    flops: (ins, _a, out) => {
      const x = req(ins, 0);
      const rows = numel(x.shape.slice(0, -1));
      const macs = rows.mul(x.shape[x.shape.length - 1]!).mul(out.shape[out.shape.length - 1]!);
      return TWO.mul(macs).add(ins[2] ? numel(out.shape) : Dim.of(0));
    },
  },
  {
    name: "matmul",
    doc: "Batched matrix product a[..., m, k] @ b[..., k, n] → [..., m, n].",
    inputs: [{ name: "a" }, { name: "b" }],
    attrs: [],
    shape: (ins) => {
      const a = req(ins, 0);
      const b = req(ins, 1);
      expectMinRank(a, 2, "matmul left operand", 0);
      expectMinRank(b, 2, "matmul right operand", 1);
      sameDtype(a, b, "matmul operands", [0, 1]);
      const k1 = a.shape[a.shape.length - 1]!;
      const k2 = b.shape[b.shape.length - 2]!;
      expectDim(k1, k2, () => `matmul: inner dimensions differ: ${shapeString(a.shape)} @ ${shapeString(b.shape)} (${k1} vs ${k2})`, [0, 1]);
      const batch = broadcast(a.shape.slice(0, -2), b.shape.slice(0, -2), "matmul batch dimensions");
      return { dtype: a.dtype, shape: [...batch, a.shape[a.shape.length - 2]!, b.shape[b.shape.length - 1]!] };
    },
    flops: (ins, _a, out) => {
      const a = req(ins, 0);
      return TWO.mul(numel(out.shape)).mul(a.shape[a.shape.length - 1]!);
    },
  },
  {
    name: "conv2d",
    doc: "2-D convolution (NCHW), as used for patch embedding: x[N, C, H, W], W[O, C, kh, kw] → [N, O, H', W'].",
    inputs: [{ name: "x" }, { name: "weight" }, { name: "bias", optional: true }],
    attrs: [
      { name: "stride", kind: "int", default: 1 },
      { name: "padding", kind: "int", default: 0 },
    ],
    shape: (ins, attrs) => {
      const x = req(ins, 0);
      const w = req(ins, 1);
      expectRank(x, 4, "conv2d input", 0);
      expectRank(w, 4, "conv2d weight", 1);
      sameDtype(x, w, "conv2d input and weight", [0, 1]);
      expectDim(x.shape[1]!, w.shape[1]!, () => `conv2d: input has ${x.shape[1]} channels but the weight expects ${w.shape[1]}`, [0, 1]);
      const b = ins[2];
      if (b) {
        expectRank(b, 1, "conv2d bias", 2);
        expectDim(b.shape[0]!, w.shape[0]!, () => `conv2d: bias has ${b.shape[0]} entries for ${w.shape[0]} output channels`, [1, 2]);
      }
      const s = Dim.of(attrNum(attrs, "stride"));
      const p = Dim.of(attrNum(attrs, "padding"));
      if ((s.value ?? 0) < 1) throw new ShapeFault("attr", "conv2d: stride must be at least 1");
      const out = (size: Dim, k: Dim): Dim => dimGuard(() => size.add(p.mul(TWO)).sub(k).floordiv(s).add(Dim.of(1)));
      const h = out(x.shape[2]!, w.shape[2]!);
      const wd = out(x.shape[3]!, w.shape[3]!);
      for (const d of [h, wd]) {
        if (d.value !== undefined && d.value < 1) throw new ShapeFault("shape", `conv2d: the kernel is larger than the input ${shapeString(x.shape)}`, [0, 1]);
      }
      return { dtype: x.dtype, shape: [x.shape[0]!, w.shape[0]!, h, wd] };
    },
    flops: (ins, _a, out) => {
      const w = req(ins, 1);
      const macs = numel(out.shape).mul(numel(w.shape.slice(1)));
      return TWO.mul(macs).add(ins[2] ? numel(out.shape) : Dim.of(0));
    },
  },
  {
    name: "embedding",
    doc: "Table lookup: ids[...] in table[V, D] → [..., D].",
    inputs: [{ name: "ids" }, { name: "table" }],
    attrs: [],
    shape: (ins) => {
      const ids = req(ins, 0);
      const t = req(ins, 1);
      expectDtype(ids, isInt, "embedding ids", 0, "an integer tensor (i32)");
      expectRank(t, 2, "embedding table", 1);
      return { dtype: t.dtype, shape: [...ids.shape, t.shape[1]!] };
    },
    flops: () => Dim.of(0),
  },
  {
    name: "attention",
    doc:
      "Multi-head scaled dot-product attention: q[B, T, D], k[B, S, D], v[B, S, Dv] → [B, T, Dv], split into `heads`. " +
      "`mask` (bool, true = may attend) broadcasts to [B, heads, T, S]; `bias` (float, e.g. relative positions) adds to the scores; " +
      "`dropout` drops attention probabilities in training (BERT's attention_probs_dropout_prob). " +
      "FLOPs: 2·B·T·S·D (scores) + 2·B·T·S·Dv (weighted sum) + 4·B·heads·T·S (scale, softmax).",
    inputs: [{ name: "q" }, { name: "k" }, { name: "v" }, { name: "mask", optional: true }, { name: "bias", optional: true }],
    attrs: [
      { name: "heads", kind: "int" },
      { name: "scale", kind: "number?", default: null },
      { name: "dropout", kind: "float", default: 0 },
    ],
    shape: (ins, attrs) => {
      const q = req(ins, 0);
      const k = req(ins, 1);
      const v = req(ins, 2);
      expectRank(q, 3, "attention query", 0);
      expectRank(k, 3, "attention key", 1);
      expectRank(v, 3, "attention value", 2);
      expectDtype(q, isFloat, "attention query", 0, "a float tensor");
      sameDtype(q, k, "attention query and key", [0, 1]);
      sameDtype(k, v, "attention key and value", [1, 2]);
      const [B, T, D] = q.shape as [Dim, Dim, Dim];
      expectDim(k.shape[0]!, B, () => `attention: query batch ${B} but key batch ${k.shape[0]}`, [0, 1]);
      expectDim(v.shape[0]!, B, () => `attention: query batch ${B} but value batch ${v.shape[0]}`, [0, 2]);
      expectDim(k.shape[2]!, D, () => `attention: query width ${D} but key width ${k.shape[2]}`, [0, 1]);
      expectDim(k.shape[1]!, v.shape[1]!, () => `attention: ${k.shape[1]} keys but ${v.shape[1]} values`, [1, 2]);
      const p = attrNum(attrs, "dropout");
      if (!(p >= 0 && p < 1)) throw new ShapeFault("attr", `attention dropout must be in [0, 1), not ${p}`);
      const heads = attrNum(attrs, "heads");
      if (!Number.isInteger(heads) || heads < 1) throw new ShapeFault("attr", `attention: heads must be a positive integer, not ${heads}`);
      const H = Dim.of(heads);
      for (const [d, what, i] of [[D, "query/key width", 0], [v.shape[2]!, "value width", 2]] as const) {
        if (!d.mod(H).equals(Dim.of(0))) throw new ShapeFault("divisible", `attention: ${what} ${d} is not divisible by ${heads} heads`, [i]);
      }
      const S = k.shape[1]!;
      const full = [B, H, T, S];
      const mask = ins[3];
      if (mask) {
        expectDtype(mask, (d) => d === "bool", "attention mask", 3, "bool (true = may attend)");
        if (mask.shape.length < 2 || mask.shape.length > 4) throw new ShapeFault("rank", `attention mask must have rank 2 to 4, not ${shapeString(mask.shape)}`, [3]);
        const aligned = mask.shape.length === 3 ? [mask.shape[0]!, Dim.of(1), mask.shape[1]!, mask.shape[2]!] : mask.shape;
        broadcast(full, aligned, `attention mask ${shapeString(mask.shape)} against scores [B, heads, T, S] = ${shapeString(full)}`, [3]);
      }
      const bias = ins[4];
      if (bias) {
        expectDtype(bias, isFloat, "attention bias", 4, "a float tensor");
        broadcast(full, bias.shape, `attention bias ${shapeString(bias.shape)} against scores ${shapeString(full)}`, [4]);
      }
      return { dtype: q.dtype, shape: [B, T, v.shape[2]!] };
    },
    flops: (ins, attrs) => {
      const q = req(ins, 0);
      const k = req(ins, 1);
      const v = req(ins, 2);
      const [B, T, D] = q.shape as [Dim, Dim, Dim];
      const S = k.shape[1]!;
      const bts = B.mul(T).mul(S);
      return TWO.mul(bts).mul(D).add(TWO.mul(bts).mul(v.shape[2]!)).add(Dim.of(4 * attrNum(attrs, "heads")).mul(bts));
    },
  },
  {
    name: "relative_position_bias",
    doc:
      "BEiT-style relative position bias: a table[(2h-1)(2w-1) + 3, heads] (the 3 extra rows are for the class token) " +
      "gathered into f32[heads, N, N] with N = h·w + 1.",
    inputs: [{ name: "table" }],
    attrs: [
      { name: "grid_h", kind: "int" },
      { name: "grid_w", kind: "int" },
    ],
    shape: (ins, attrs) => {
      const t = req(ins, 0);
      expectRank(t, 2, "relative position table", 0);
      const h = attrNum(attrs, "grid_h");
      const w = attrNum(attrs, "grid_w");
      const rows = Dim.of((2 * h - 1) * (2 * w - 1) + 3);
      expectDim(t.shape[0]!, rows, () => `relative position table needs (2·${h}-1)(2·${w}-1)+3 = ${rows} rows, not ${t.shape[0]}`, [0]);
      const N = Dim.of(h * w + 1);
      return { dtype: t.dtype, shape: [t.shape[1]!, N, N] };
    },
    flops: () => Dim.of(0),
  },
  {
    name: "resize_positions",
    doc:
      "Resizes a position table laid out on a grid_h×grid_w patch grid to a to_h×to_w grid, bicubically as " +
      "torch.nn.functional.interpolate(mode=\"bicubic\", align_corners=False) on the [1, D, h, w] grid (fine-tuning a ViT at a new " +
      "resolution); the first `prefix` rows (class tokens) are kept as they are: table[..., prefix + h·w, D] → [..., prefix + H·W, D]. " +
      "FLOPs: the two separable passes, 2·(H·h·w + H·W·w)·D per table.",
    inputs: [{ name: "table" }],
    attrs: [
      { name: "grid_h", kind: "int" },
      { name: "grid_w", kind: "int" },
      { name: "to_h", kind: "int" },
      { name: "to_w", kind: "int" },
      { name: "prefix", kind: "int", default: 1 },
    ],
    shape: (ins, attrs) => {
      const t = req(ins, 0);
      expectMinRank(t, 2, "position table", 0);
      expectDtype(t, isFloat, "position table", 0, "a float tensor");
      const [h, w, H, W, prefix] = ["grid_h", "grid_w", "to_h", "to_w", "prefix"].map((a) => attrNum(attrs, a)) as [number, number, number, number, number];
      for (const [name, v] of [["grid_h", h], ["grid_w", w], ["to_h", H], ["to_w", W]] as const) {
        if (!(Number.isInteger(v) && v >= 1)) throw new ShapeFault("attr", `resize_positions: ${name} must be a positive integer, not ${v}`);
      }
      if (!(Number.isInteger(prefix) && prefix >= 0)) throw new ShapeFault("attr", `resize_positions: prefix must be a count of tokens (0 or more), not ${prefix}`);
      const rows = t.shape[t.shape.length - 2]!;
      if (!rows.equals(Dim.of(prefix + h * w))) {
        throw new ShapeFault(
          "shape",
          `resize_positions: a ${h}×${w} grid with ${prefix} class token${prefix === 1 ? "" : "s"} has ${prefix + h * w} rows, but the table has ${rows}`,
          [0],
          "grid_h and grid_w are the grid the table was trained on, to_h and to_w the new one; prefix counts the rows kept in front (class tokens)",
        );
      }
      return { dtype: t.dtype, shape: [...t.shape.slice(0, -2), Dim.of(prefix + H * W), t.shape[t.shape.length - 1]!] };
    },
    flops: (ins, attrs) => {
      const t = req(ins, 0);
      const [h, w, H, W] = ["grid_h", "grid_w", "to_h", "to_w"].map((a) => attrNum(attrs, a)) as [number, number, number, number];
      return numel(t.shape.slice(0, -2)).mul(t.shape[t.shape.length - 1]!).mul(Dim.of(2 * (H * h * w + H * W * w)));
    },
  },
];
