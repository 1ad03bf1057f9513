// The op functions generated modules call (runtime/api/ops.ts) against the IR runtime: one spec
// computes a representative set of ops — products, norms, masked attention with dropout, a
// convolution, the cross-entropy with smoothing and an ignored label, layout ops, lookups, numbers
// standing in for tensors, dropout in the model body and inside an instance's call — and the same
// calls made by hand under withRun must give identical tensors, in eval and in training (where
// equality needs the same random stream, so the same key, for every dropout). Also: the dtype a
// number takes, a call that does not fit its op, and the spec's `//` and `%` on numbers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IrGraph } from "../../../compiler/ir/types.js";
import { useBackend } from "../../../runtime/backend.js";
import { OpCallError } from "../../../runtime/api/kernel-call.js";
import * as ops from "../../../runtime/api/ops.js";
import { currentRun, withRun, type RunOptions } from "../../../runtime/api/run.js";
import { tf, type Tensor } from "../../../runtime/tf.js";
import { compiled, expectIdentical, runIr, seeded } from "./ir-run.js";

const SPEC = `
block Drop(p: float) {
  forward(h: f32[..., 8]) -> f32[..., 8] {
    return dropout(h, p: p)
  }
}
model OpsCheck {
  input x: f32[B, T, 8]
  input w: f32[6, 8]
  input b: f32[6]
  input g: f32[8]
  input beta: f32[8]
  input ids: i32[B, T]
  input table: f32[10, 8]
  input labels: i32[B, T]
  input pos: i32[B]
  input img: f32[B, 3, 8, 8]
  input kern: f32[4, 3, 4, 4]
  input kb: f32[4]
  d = Drop(0.3)
  lin = linear(x, w, b)
  ln = layer_norm(x, g, beta, eps: 1e-6)
  att = attention(x, x, x, causal_mask(T), none, heads: 2, dropout: 0.2)
  conv = conv2d(img, kern, kb, stride: 4)
  ce = cross_entropy(lin, labels, label_smoothing: 0.1, ignore_index: -100)
  sm = softmax(lin, axis: -1)
  cat = concat([x, ln], axis: 1)
  rs = reshape(x, [B, T * 8])
  emb = embedding(ids, table)
  eot = take_at(x, pos)
  oh = one_hot(ids, depth: 10)
  wi = where(ids > 3, ids, -100)
  wf = where(x > 0.0, x, 0.5)
  arith = 1.0 - x * 0.5
  dm = dropout(x, p: 0.5)
  dd = d(x)
  objective o = mean(lin)
}`;

const B = 2;
const T = 3;

function inputs(): Map<string, Tensor> {
  // Labels 6 and up become the ignored -100 (labels index the 6 classes of lin).
  const labels = tf.tidy(() => {
    const raw = seeded([B, T], 9, 0, 9, "int32");
    return tf.where(tf.greaterEqual(raw, 6), tf.fill([B, T], -100, "int32"), raw);
  });
  return new Map<string, Tensor>([
    ["x", seeded([B, T, 8], 1)],
    ["w", seeded([6, 8], 2)],
    ["b", seeded([6], 3)],
    ["g", seeded([8], 4, 0.5, 1.5)],
    ["beta", seeded([8], 5)],
    ["ids", seeded([B, T], 6, 0, 10, "int32")],
    ["table", seeded([10, 8], 7)],
    ["labels", labels],
    ["pos", seeded([B], 8, 0, T, "int32")],
    ["img", seeded([B, 3, 8, 8], 10)],
    ["kern", seeded([4, 3, 4, 4], 11)],
    ["kb", seeded([4], 12)],
  ]);
}

/** The model's body written with ops.*, as generated code writes it. */
function byHand(f: ReadonlyMap<string, Tensor>): Map<string, Tensor> {
  const at = (name: string): Tensor => f.get(name)!;
  const x = at("x");
  const ids = at("ids");
  const lin = ops.linear(x, at("w"), at("b"));
  const ln = ops.layer_norm(x, at("g"), at("beta"), { eps: 1e-6 });
  return new Map([
    ["lin", lin],
    ["ln", ln],
    ["att", ops.attention(x, x, x, ops.causal_mask({ n: T }), undefined, { heads: 2, dropout: 0.2 })],
    ["conv", ops.conv2d(at("img"), at("kern"), at("kb"), { stride: 4 })],
    ["ce", ops.cross_entropy(lin, at("labels"), { label_smoothing: 0.1, ignore_index: -100 })],
    ["sm", ops.softmax(lin, { axis: -1 })],
    ["cat", ops.concat([x, ln], { axis: 1 })],
    ["rs", ops.reshape(x, { shape: [B, T * 8] })],
    ["emb", ops.embedding(ids, at("table"))],
    ["eot", ops.take_at(x, at("pos"))],
    ["oh", ops.one_hot(ids, { depth: 10 })],
    ["wi", ops.where(ops.gt(ids, 3), ids, -100)],
    ["wf", ops.where(ops.gt(x, 0.0), x, 0.5)],
    ["arith", ops.sub(1.0, ops.mul(x, 0.5))],
    ["dm", ops.dropout(x, { p: 0.5 })],
    ["dd", currentRun().call("d", "", () => ops.dropout(x, { p: 0.3 }))],
    ["o", ops.mean(lin)],
  ]);
}

describe("ops.* against the IR runtime", () => {
  let ir: IrGraph;
  let feeds: Map<string, Tensor>;
  beforeAll(async () => {
    await useBackend("cpu");
    ir = compiled(SPEC);
    feeds = inputs();
  });
  // An op may return its input itself (dropout in eval): dispose only what the call made.
  const made = (ts: Iterable<Tensor>): Tensor[] => [...ts].filter((t) => ![...feeds.values()].includes(t));
  afterAll(() => {
    for (const t of feeds.values()) t.dispose();
  });

  const cases: [string, RunOptions][] = [
    ["eval", {}],
    ["training, seed 7, step 3", { training: true, seed: 7, step: 3 }],
  ];
  for (const [label, opts] of cases) {
    it(`give identical tensors for every value and the loss (${label})`, () => {
      const want = runIr(ir, feeds, opts);
      const got = withRun(opts, () => byHand(feeds));
      expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
      for (const [name, t] of want) expectIdentical(name, got.get(name), t);
      if (opts.training) {
        // Not vacuous: the dropouts did drop, and another step draws other masks.
        for (const name of ["dm", "dd"]) expect(Array.from(got.get(name)!.dataSync()).filter((v) => v === 0).length, name).toBeGreaterThan(0);
        const other = withRun({ ...opts, step: 4 }, () => byHand(feeds));
        expect(Array.from(other.get("dm")!.dataSync())).not.toEqual(Array.from(want.get("dm")!.dataSync()));
        expect(Array.from(other.get("dd")!.dataSync())).not.toEqual(Array.from(want.get("dd")!.dataSync()));
        tf.dispose(made(other.values()));
      } else {
        expectIdentical("dm (eval)", got.get("dm"), feeds.get("x"));
      }
      tf.dispose([...want.values(), ...made(got.values())]);
    });
  }
});

describe("numbers and bools given for tensors", () => {
  beforeAll(async () => {
    await useBackend("cpu");
  });

  it("take the dtype of the tensor beside them, a bool operand's only when there is no other", () => {
    const ids = tf.tensor([1, 2, 3], [3], "int32");
    const x = tf.tensor([1.5, -2, 0.25]);
    const mask = tf.tensor([true, false, true], [3], "bool");
    expectIdentical("ids + 2", ops.add(ids, 2), tf.tensor([3, 4, 5], [3], "int32"));
    expectIdentical("2 * x", ops.mul(2, x), tf.tensor([3, -4, 0.5]));
    expectIdentical("where(mask, ids, -100)", ops.where(mask, ids, -100), tf.tensor([1, -100, 3], [3], "int32"));
    expectIdentical("mask and true", ops.logical_and(mask, true), mask);
    expectIdentical("maximum(x, 0)", ops.maximum(x, 0), tf.tensor([1.5, 0, 0.25]));
    tf.dispose([ids, x, mask]);
  });

  it("refuse a fraction beside integer tensors, naming the op", () => {
    const ids = tf.tensor([1, 2, 3], [3], "int32");
    expect(() => ops.add(ids, 0.5)).toThrow(OpCallError);
    expect(() => ops.add(ids, 0.5)).toThrow(/^add: the number 0.5 cannot be a i32 scalar/);
    ids.dispose();
  });
});

describe("a call that does not fit its op", () => {
  it("throws OpCallError naming the op and the misfit", () => {
    const x = tf.zeros([2, 8]);
    const w = tf.zeros([6, 7]);
    expect(() => ops.linear(x, w)).toThrow(OpCallError);
    expect(() => ops.linear(x, w)).toThrow(/^linear: /);
    expect(() => ops.concat([x, w], { axis: 0 })).toThrow(/^concat: /);
    tf.dispose([x, w]);
  });
});

describe("floorDiv and floorMod", () => {
  it("round towards minus infinity and take the divisor's sign, as the spec's // and %", () => {
    expect([ops.floorDiv(7, 2), ops.floorDiv(-7, 2), ops.floorDiv(7, -2), ops.floorDiv(-7.5, 2)]).toEqual([3, -4, -4, -4]);
    expect([ops.floorMod(7, 3), ops.floorMod(-7, 3), ops.floorMod(7, -3), ops.floorMod(-1.5, 1)]).toEqual([1, 2, -2, 0.5]);
    // Integral operands give +0 as the compiler's integer %; fractional ones a signed zero as Python's float %.
    expect(Object.is(ops.floorMod(6, -3), 0)).toBe(true);
    expect(Object.is(ops.floorMod(6.5, -6.5), -0)).toBe(true);
    // 2^53 - 1 halves exactly; (2^53 - 1) / 2 in doubles would round up to an even number first.
    expect(ops.floorDiv(2 ** 53 - 1, 2)).toBe(4503599627370495);
    expect(() => ops.floorDiv(1, 0)).toThrow(RangeError);
    expect(() => ops.floorMod(1, 0)).toThrow(RangeError);
  });
});
