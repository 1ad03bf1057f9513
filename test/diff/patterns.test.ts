// Name compression for diff reports: every pattern stands for exactly the names it came from.
import { describe, expect, it } from "vitest";
import { compressNames } from "../../compiler/diff/patterns.js";

const layerNames = (layers: number[], parts: string[]): string[] => layers.flatMap((i) => parts.map((p) => `dec.layers.${i}.${p}`));

describe("compressNames", () => {
  it("folds layer indices into ranges and shared endings into braces", () => {
    const names = layerNames([0, 1, 2, 3], ["attn.q.weight", "attn.q.bias", "attn.k.weight", "attn.k.bias"]);
    expect(compressNames(names)).toEqual([{ pattern: "dec.layers.{0..3}.attn.{q,k}.{weight,bias}", count: 16 }]);
  });

  it("lists indices that are not a run, and keeps names that are not a product apart", () => {
    expect(compressNames(["a.1.w", "a.5.w", "a.9.w"])).toEqual([{ pattern: "a.{1,5,9}.w", count: 3 }]);
    // Layer 0 has q and k, layer 1 only q: no product, so no merged brace over the endings.
    const names = ["x.0.q", "x.0.k", "x.1.q"];
    const patterns = compressNames(names);
    expect(patterns.reduce((n, p) => n + p.count, 0)).toBe(3);
    expect(patterns.map((p) => p.pattern)).not.toContain("x.{0..1}.{q,k}");
  });

  it("leaves a single name as it is", () => {
    expect(compressNames(["logit_scale"])).toEqual([{ pattern: "logit_scale", count: 1 }]);
  });
});
