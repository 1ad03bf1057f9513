// The optimisers and schedules against hand-computed values (torch.optim's formulas): AdamW's
// decoupled decay and bias correction, no decay on rank ≤ 1 parameters, per-parameter step
// counts, plain SGD; warm-up then cosine, linear or constant rates.
import { beforeAll, describe, expect, it } from "vitest";
import { useBackend } from "../../../runtime/backend.js";
import { Optimizer, DEFAULT_OPTIMIZER } from "../../../runtime/train/optimizer.js";
import { learningRate } from "../../../runtime/train/schedule.js";
import { tf } from "../../../runtime/tf.js";

beforeAll(async () => {
  await useBackend("cpu");
});

function values(t: tf.Tensor): number[] {
  return Array.from(t.dataSync());
}

describe("AdamW", () => {
  it("takes torch.optim.AdamW's steps: decoupled decay on matrices only, bias-corrected moments", () => {
    const w = tf.variable(tf.tensor([[1, -2], [3, 0.5]]));
    const b = tf.variable(tf.tensor([0.1, -0.1]));
    const opt = new Optimizer({ ...DEFAULT_OPTIMIZER, weightDecay: 0.1 }, new Map([["w", w], ["b", b]]));
    const gw = [0.5, -1, 0.25, 2];
    const gb = [1, -3];
    const lr = 0.01;
    const ref = (p: number[], g: number[], decay: boolean, steps: number): number[] => {
      const m = g.map(() => 0);
      const v = g.map(() => 0);
      let x = [...p];
      for (let t = 1; t <= steps; t++) {
        x = x.map((xi, i) => {
          const d = decay ? xi * (1 - lr * 0.1) : xi;
          m[i] = 0.9 * m[i]! + 0.1 * g[i]!;
          v[i] = 0.999 * v[i]! + 0.001 * g[i]! ** 2;
          const denom = Math.sqrt(v[i]!) / Math.sqrt(1 - 0.999 ** t) + 1e-8;
          return d - (lr / (1 - 0.9 ** t)) * (m[i]! / denom);
        });
      }
      return x;
    };
    for (let step = 0; step < 3; step++) opt.apply(new Map([["w", tf.tensor(gw, [2, 2])], ["b", tf.tensor(gb)]]), lr);
    values(w).forEach((x, i) => expect(x).toBeCloseTo(ref([1, -2, 3, 0.5], gw, true, 3)[i]!, 6));
    values(b).forEach((x, i) => expect(x).toBeCloseTo(ref([0.1, -0.1], gb, false, 3)[i]!, 6));
    expect(opt.steps()).toEqual({ w: 3, b: 3 });
    expect([...opt.moments().keys()].sort()).toEqual(["m.b", "m.w", "v.b", "v.w"]);
  });

  it("leaves a parameter without a gradient alone: no decay, no moment, no step (torch skips a None grad)", () => {
    const a = tf.variable(tf.tensor([[1, 2], [3, 4]]));
    const c = tf.variable(tf.tensor([[5, 6], [7, 8]]));
    const opt = new Optimizer({ ...DEFAULT_OPTIMIZER, weightDecay: 0.5 }, new Map([["a", a], ["c", c]]));
    opt.apply(new Map([["a", tf.ones([2, 2])]]), 0.1);
    expect(values(c)).toEqual([5, 6, 7, 8]);
    expect(opt.steps()).toEqual({ a: 1, c: 0 });
  });
});

describe("SGD", () => {
  it("is p ← p − lr·(g + wd·p), weight decay on matrices only", () => {
    const p = tf.variable(tf.tensor([1, 2, 3]));
    const w = tf.variable(tf.tensor([[2, 4]]));
    new Optimizer({ ...DEFAULT_OPTIMIZER, kind: "sgd", weightDecay: 0.5 }, new Map([["p", p], ["w", w]])).apply(
      new Map([
        ["p", tf.tensor([1, -1, 0.5])],
        ["w", tf.tensor([[1, 1]])],
      ]),
      0.5,
    );
    expect(values(p)).toEqual([0.5, 2.5, 2.75]);
    expect(values(w)).toEqual([2 - 0.5 * (1 + 1), 4 - 0.5 * (1 + 2)]);
  });
});

describe("learning-rate schedules", () => {
  const base = { lr: 1, warmup: 4, steps: 14, minLr: 0.1 };
  it("warm up linearly, then decay to the minimum at the last step", () => {
    expect([0, 1, 2, 3].map((s) => learningRate({ ...base, kind: "cosine" }, s))).toEqual([0.25, 0.5, 0.75, 1]);
    expect(learningRate({ ...base, kind: "cosine" }, 4)).toBeCloseTo(1, 12);
    expect(learningRate({ ...base, kind: "cosine" }, 13)).toBeCloseTo(0.1, 12);
    expect(learningRate({ ...base, kind: "cosine" }, 8.5)).toBeCloseTo(0.1 + 0.9 * 0.5, 12);
    expect(learningRate({ ...base, kind: "linear" }, 8.5)).toBeCloseTo(0.55, 12);
    expect(learningRate({ ...base, kind: "constant" }, 12)).toBe(1);
  });
});
