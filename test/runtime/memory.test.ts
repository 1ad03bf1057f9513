// The memory a run needs is estimated from the plan before anything is allocated: the state it
// holds, the packed weight copies WASM's XNNPACK keeps, the inputs, and the peak of live
// intermediates when each is freed at its last reader (or all of them, under a gradient tape).
import { describe, expect, it } from "vitest";
import { DimBindings } from "../../runtime/dims.js";
import { ensureFits, estimateMemory } from "../../runtime/memory.js";
import { planFor, stateRead } from "../../runtime/plan.js";
import { RunError } from "../../runtime/errors.js";
import { compileSource } from "../harness.js";

const MLP = `
import "std/nn.vlm"
model Tiny {
  input x: f32[B, 4]
  fc1 = Linear(4, 8)
  fc2 = Linear(8, 2)
  unused = Linear(2, 2)
  y = fc2(relu(fc1(x)))
  objective o = mean(y)
}`;

describe("memory estimate", () => {
  const { ir } = compileSource(MLP);
  const plan = planFor(ir!, [ir!.outputs.get("y")!]);
  const dims = new DimBindings(new Map([["B", 3]]));

  it("counts the state a run reads, the inputs and the peak of live intermediates exactly", () => {
    const e = estimateMemory(ir!, plan, dims, { keepIntermediates: false, state: stateRead(ir!, plan) });
    // fc1: 8·4 + 8, fc2: 2·8 + 2 floats (the unused layer is not read); x: 3·4 floats.
    expect(e.stateBytes).toBe((40 + 18) * 4);
    expect(e.inputBytes).toBe(12 * 4);
    // fc1's output [3, 8] and relu's [3, 8] are alive together; fc2's [3, 2] comes after fc1's is freed.
    expect(e.activationBytes).toBe(2 * 24 * 4);
    expect(e.packedBytes).toBe(0);
    expect(e.totalBytes).toBe(e.stateBytes + e.inputBytes + e.activationBytes);
  });

  it("adds XNNPACK's packed copies of the weights products read on WASM, and keeps everything under a tape", () => {
    const e = estimateMemory(ir!, plan, dims, { keepIntermediates: true, state: stateRead(ir!, plan), packsWeights: true });
    expect(e.packedBytes).toBe((32 + 16) * 4);
    expect(e.activationBytes).toBe((24 + 24 + 6) * 4);
  });

  it("refuses a run that cannot fit, naming its parts", () => {
    const huge = new DimBindings(new Map([["B", 2 ** 28]]));
    const e = estimateMemory(ir!, plan, huge, { keepIntermediates: false });
    expect(() => ensureFits(e, "wasm", 2 ** 28)).toThrow(RunError);
    try {
      ensureFits(e, "wasm", 2 ** 28);
    } catch (err) {
      const d = (err as RunError).diagnostics[0]!;
      expect(d.code).toBe("VLM6107");
      expect(d.message).toMatch(/needs about [\d.]+ GiB \(state .*, inputs .*, activations .*\), more than what the WASM heap can hold/);
    }
  });
});
