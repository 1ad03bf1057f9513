// One forward mode of one instance as its own graph (`vlmc compile --mode encoder.vision`): for
// every model's tiny variant and every (block, mode) the model calls, the graph of its first
// call, fed the values that call read in a runtime forward, gives the values the call returned,
// within 1e-4. BEiT-3's model-level values all need random masks; its modes export all the same.
import { beforeAll, describe, expect, it } from "vitest";
import { emitOnnx } from "../../compiler/emit/onnx/index.js";
import { callCut, callText, forwardCalls } from "../../compiler/emit/onnx/cut.js";
import type { IrGraph } from "../../compiler/ir/types.js";
import { useBackend } from "../../runtime/backend.js";
import { toTensors } from "../../runtime/feeds.js";
import { forward } from "../../runtime/forward.js";
import type { HostData } from "../../runtime/init.js";
import { stateWeights } from "../../runtime/onnx/weights.js";
import { MODELS, maxDiff, runOnnx, tiny } from "./onnx-harness.js";

/** The first call of each distinct (block, mode): layers of one stack are one case. */
function distinctModes(ir: IrGraph): string[] {
  const seen = new Set<string>();
  const keys: string[] = [];
  for (const key of forwardCalls(ir).keys()) {
    if (key.startsWith("model:")) continue;
    const [scope, rest] = key.split(":") as [string, string];
    const what = `${ir.instances.get(scope)?.block}:${rest.replace(/@\d+$/, "")}`;
    if (seen.has(what)) continue;
    seen.add(what);
    keys.push(key);
  }
  return keys;
}

describe("ONNX graphs of one forward mode", () => {
  beforeAll(async () => {
    await useBackend("wasm");
  });

  for (const model of MODELS) {
    it(`${model} tiny: every (block, mode) it calls`, async () => {
      const { ir, state, dims, host } = tiny(model);
      const feeds = toTensors(ir, host);
      const calls = forwardCalls(ir);
      const keys = distinctModes(ir);
      expect(keys.length).toBeGreaterThan(5);
      try {
        for (const key of keys) {
          const emitted = emitOnnx(ir, { mode: callText(key), weights: stateWeights(ir, state) });
          expect(emitted.model, `${key}: ${emitted.diagnostics.map((d) => d.message).join("; ")}`).toBeDefined();
          const cut = callCut(ir, key, calls.get(key)!);
          const ref = forward(ir, state, feeds, dims, { outputs: [], objectives: [] }, [...cut.inputs, ...cut.outputs].map((v) => v.node));
          const given = new Map(cut.inputs.map((i) => [i.name, { dtype: i.type.dtype, shape: ref.values.get(i.node)!.shape, data: ref.values.get(i.node)!.dataSync() as HostData }]));
          const got = await runOnnx(emitted.model!, given);
          for (const o of cut.outputs) expect(maxDiff(got.get(o.name)!.data, ref.values.get(o.node)!.dataSync()), `${key} → ${o.name}`).toBeLessThan(1e-4);
          for (const t of ref.values.values()) t.dispose();
        }
      } finally {
        for (const t of feeds.values()) t.dispose();
        state.dispose();
      }
    });
  }
});
