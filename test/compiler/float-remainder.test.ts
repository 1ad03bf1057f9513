// `%` on compile-time floats follows Python (and the tensor op `remainder`): the result takes
// the divisor's sign, so a hyperparameter computed with `%` means the same in a spec as in the
// PyTorch code it reproduces, and the same as `%` on a tensor.
import { describe, expect, it } from "vitest";
import { compileSource } from "../harness.js";

function constantOf(expr: string): number {
  const { ir, diagnostics } = compileSource(`model M {\n  input x: f32[B, 4]\n  y = x * (${expr})\n}\n`);
  expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const c = ir!.nodes.find((n) => n.op === "constant")!;
  return Number(c.attrs["value"]);
}

describe("float %", () => {
  it("takes the divisor's sign, as Python's", () => {
    expect(constantOf("-7.5 % 2.0")).toBe(0.5);
    expect(constantOf("7.5 % -2.0")).toBe(-0.5);
    expect(constantOf("7.5 % 2.0")).toBe(1.5);
    expect(constantOf("-4.0 % 2.0")).toBe(0);
  });
});
