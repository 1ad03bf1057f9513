// The ONNX graph computes what the runtime computes: for every model's tiny variant, every named
// value and objective that ONNX can express, with the same weights and inputs, on ONNX Runtime
// with every graph optimisation on, within 1e-4 of the tfjs runtime (in eval mode). Values that
// need vlmc's random sampling ops are left out with VLM6504; at opset 17 the decomposed forms
// of attention, GELU and RMSNorm are checked the same way.
import { beforeAll, describe, expect, it } from "vitest";
import { emitOnnx, lossOutput } from "../../compiler/emit/onnx/index.js";
import { useBackend } from "../../runtime/backend.js";
import { toTensors } from "../../runtime/feeds.js";
import { forward } from "../../runtime/forward.js";
import { stateWeights } from "../../runtime/onnx/weights.js";
import { MODELS, maxDiff, runOnnx, tiny } from "./onnx-harness.js";

const TOLERANCE = 1e-4;

/** Named values whose graph needs a sampling op (multinomial, masks), as the spec writes them. */
const RANDOM_ONLY: Readonly<Record<string, number>> = { clip: 0, blip: 6, albef: 10, vilt: 3, vlmo: 12, coca: 0 };

describe("ONNX graphs equal the runtime", () => {
  beforeAll(async () => {
    await useBackend("wasm");
  });

  it("beit3 tiny: every named value and objective masks its input at random, so none is a graph (its forward modes are: onnx-modes.test.ts)", () => {
    const { ir, state } = tiny("beit3");
    try {
      const emitted = emitOnnx(ir, { objectives: ir.objectives.map((o) => o.name), optionalObjectives: true, weights: stateWeights(ir, state) });
      expect(emitted.model).toBeUndefined();
      expect(emitted.diagnostics.map((d) => [d.code, d.severity])).toEqual([
        ["VLM6504", "warning"],
        ["VLM6507", "error"],
      ]);
      expect(emitted.diagnostics[0]!.message).toContain("`image_hidden` (patch_block_mask)");
    } finally {
      state.dispose();
    }
  });

  for (const model of MODELS.filter((m) => m !== "beit3")) {
    for (const opset of model === "clip" || model === "blip" || model === "coca" ? [23, 17] : [23]) {
      it(`${model} tiny, opset ${opset}: every expressible named value and objective`, async () => {
        const { ir, state, dims, host } = tiny(model);
        try {
          const emitted = emitOnnx(ir, { objectives: ir.objectives.map((o) => o.name), optionalObjectives: true, weights: stateWeights(ir, state), opset });
          expect(emitted.model, emitted.diagnostics.map((d) => d.message).join("\n")).toBeDefined();
          const left = emitted.diagnostics.filter((d) => d.code === "VLM6504");
          const skippedValues = [...ir.outputs.keys()].filter((n) => !emitted.outputs.includes(n));
          expect(skippedValues.length).toBe(RANDOM_ONLY[model]);
          if (skippedValues.length) expect(left.length).toBe(1);
          const got = await runOnnx(emitted.model!, host);
          const feeds = toTensors(ir, host);
          const objectives = ir.objectives.filter((o) => emitted.outputs.includes(lossOutput(o.name))).map((o) => o.name);
          const outputs = [...ir.outputs.keys()].filter((n) => emitted.outputs.includes(n));
          const ref = forward(ir, state, feeds, dims, { outputs, objectives });
          for (const name of outputs) {
            const want = ref.outputs.get(name)!;
            expect(got.get(name)!.shape, name).toEqual(want.shape);
            expect(maxDiff(got.get(name)!.data, want.dataSync()), name).toBeLessThan(TOLERANCE);
          }
          for (const name of objectives) expect(maxDiff(got.get(lossOutput(name))!.data, ref.losses.get(name)!.dataSync()), name).toBeLessThan(TOLERANCE);
          expect(outputs.length + objectives.length).toBeGreaterThan(0);
          for (const t of [...feeds.values(), ...ref.outputs.values(), ...ref.losses.values()]) t.dispose();
        } finally {
          state.dispose();
        }
      });
    }
  }
});
