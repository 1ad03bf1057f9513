// The kernel registry and the op registry name the same ops: every op the compiler can emit has
// exactly one kernel, and no kernel serves an op that does not exist.
import { describe, expect, it } from "vitest";
import { OPS } from "../../../compiler/ir/ops.js";
import { KERNELS } from "../../../runtime/kernels/index.js";

describe("kernel registry", () => {
  it("has one kernel for every op of compiler/ir/ops.ts, and nothing else", () => {
    const ops = [...OPS.keys()].sort();
    const kernels = [...KERNELS.keys()].sort();
    expect(ops.filter((op) => !KERNELS.has(op)), "ops without a kernel").toEqual([]);
    expect(kernels.filter((op) => !OPS.has(op)), "kernels for unknown ops").toEqual([]);
    expect(kernels).toEqual(ops);
  });
});
