import { describe, expect, it } from "vitest";
import { summarize } from "../../compiler/analysis/summary.js";
import { compileSource } from "../harness.js";

const GROUPS = `
import "std/transformer.vlm"
model M {
  hyper width = 16
  input x: f32[B, T, width]
  layers = [PreLNLayer(width, 2) for i in 0..2]
  y = layers[1](layers[0](x))
  group attention = layers[*].attn.**
  group mlp = layers[*].mlp.**
}`;

describe("summary", () => {
  it("breaks the total into groups plus the rest", () => {
    const { ir, diagnostics } = compileSource(GROUPS);
    expect(diagnostics).toEqual([]);
    const s = summarize(ir!, { dims: { T: 10 } });
    const byName = Object.fromEntries(s.groups.map((g) => [g.name, g.params]));
    expect(byName["attention"]).toBe(2 * 4 * (16 * 16 + 16));
    expect(byName["mlp"]).toBe(2 * (16 * 64 + 64 + 64 * 16 + 16));
    expect(byName["(other)"]).toBe(2 * 4 * 16);
    expect(s.groups.reduce((a, g) => a + g.params, 0)).toBe(s.params.total);
  });

  it("keeps FLOPs symbolic in unbound input dims and evaluates bound ones", () => {
    const { ir } = compileSource(GROUPS);
    expect(summarize(ir!).flops.total).toBeNull();
    expect(summarize(ir!).flops.expr).toContain("T");
    const t10 = summarize(ir!, { dims: { T: 10 } }).flops.total!;
    const t20 = summarize(ir!, { dims: { T: 20 } }).flops.total!;
    expect(t20).toBeGreaterThan(2 * t10);
  });

  it("counts FLOPs at every call of an instance", () => {
    const once = compileSource(GROUPS.replace("y = layers[1](layers[0](x))", "y = layers[1](layers[0](x))\n  z = 0"));
    const twice = compileSource(GROUPS.replace("y = layers[1](layers[0](x))", "y = layers[1](layers[0](x))\n  z = layers[1](y)"));
    const a = summarize(once.ir!, { dims: { T: 4 } });
    const b = summarize(twice.ir!, { dims: { T: 4 } });
    const one = a.rows.find((r) => r.path === "layers.1")!;
    const two = b.rows.find((r) => r.path === "layers.1")!;
    expect(two.calls).toBe(2);
    expect(two.flops).toBe(2 * one.flops!);
    expect(b.params.total).toBe(a.params.total);
  });
});
