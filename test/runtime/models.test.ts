// Every shipped model runs: the `tiny` variant of each of the seven specs, every named value and
// every objective (and so every forward mode the model calls), in eval and in train mode. The
// executor checks each node's tensor against the type the checker computed, so this is also the
// test that the compiler's shape rules and the runtime's kernels agree on every spec.
import { beforeAll, describe, expect, it } from "vitest";
import { compileFile } from "../../compiler/compile.js";
import { hasErrors } from "../../compiler/diagnostics/diagnostic.js";
import type { IrGraph } from "../../compiler/ir/types.js";
import { useBackend } from "../../runtime/backend.js";
import { checkFeeds, toTensors } from "../../runtime/feeds.js";
import { forward } from "../../runtime/forward.js";
import { ModelState } from "../../runtime/state.js";
import { syntheticInputs } from "../../runtime/synthetic.js";
import { bindRunDims } from "../../cli/commands/run-io.js";
import { tf } from "../../runtime/tf.js";

const MODELS = ["clip", "blip", "albef", "vilt", "vlmo", "coca", "beit3"];

function tiny(model: string): IrGraph {
  const r = compileFile(`specs/models/${model}.vlm`, { variant: "tiny" });
  expect(hasErrors(r.diagnostics)).toBe(false);
  return r.ir!;
}

function runOnce(ir: IrGraph, state: ModelState, training: boolean, seed = 0, step = 0): Map<string, number> {
  const needed = new Set(ir.inputs.map((i) => i.name));
  const dims = bindRunDims(ir, 3, {}, needed);
  const host = syntheticInputs(ir, dims, seed);
  const feeds = toTensors(ir, host);
  checkFeeds(ir, host);
  try {
    const r = forward(ir, state, feeds, dims, { training, seed, step });
    const losses = new Map([...r.losses].map(([k, t]) => [k, t.dataSync()[0]!]));
    for (const t of [...r.outputs.values(), ...r.losses.values()]) t.dispose();
    return losses;
  } finally {
    for (const t of feeds.values()) t.dispose();
  }
}

describe("every model's tiny variant runs", () => {
  beforeAll(async () => {
    await useBackend("wasm");
  });

  for (const model of MODELS) {
    it(`${model}: every value and objective, eval and train, shapes as checked`, () => {
      const ir = tiny(model);
      const state = ModelState.initialise(ir, 1);
      try {
        for (const training of [false, true]) {
          const losses = runOnce(ir, state, training);
          expect([...losses.keys()].sort()).toEqual(ir.objectives.map((o) => o.name).sort());
          for (const [name, loss] of losses) expect(Number.isFinite(loss), `${model} ${name} = ${loss}`).toBe(true);
        }
      } finally {
        state.dispose();
      }
    });
  }

  for (const model of MODELS) {
    it(`${model}: the weighted loss differentiates to every parameter it reaches`, () => {
      const ir = tiny(model);
      const state = ModelState.initialise(ir, 2);
      const dims = bindRunDims(ir, 2, {}, new Set(ir.inputs.map((i) => i.name)));
      const feeds = toTensors(ir, syntheticInputs(ir, dims, 2));
      try {
        const { value, grads } = tf.variableGrads(() => {
          const r = forward(ir, state, feeds, dims, { training: true, seed: 2, outputs: [] });
          return ir.objectives.map((o) => r.losses.get(o.name)!.mul(o.weight)).reduce((a, b) => a.add(b)) as tf.Scalar;
        });
        expect(Number.isFinite(value.dataSync()[0])).toBe(true);
        const norms = Object.values(grads).map((g) => g.square().sum().dataSync()[0]!);
        expect(norms.length).toBeGreaterThan(10);
        expect(norms.every((n) => Number.isFinite(n))).toBe(true);
        expect(norms.filter((n) => n > 0).length / norms.length).toBeGreaterThan(0.8);
        value.dispose();
        for (const g of Object.values(grads)) g.dispose();
      } finally {
        for (const t of feeds.values()) t.dispose();
        state.dispose();
      }
    });
  }

  it("runs reproduce: same seed, same losses; another seed, other draws", () => {
    const ir = tiny("albef");
    const state = ModelState.initialise(ir, 0);
    try {
      const a = runOnce(ir, state, true, 7);
      const b = runOnce(ir, state, true, 7);
      const c = runOnce(ir, state, true, 8);
      expect(b).toEqual(a);
      expect(c.get("mlm")).not.toBe(a.get("mlm"));
    } finally {
      state.dispose();
    }
  });

  it("does not leak: the tensor count is the same after every pass", () => {
    const ir = tiny("blip");
    const state = ModelState.initialise(ir, 0);
    try {
      runOnce(ir, state, true);
      const after = tf.memory().numTensors;
      for (let i = 1; i <= 3; i++) {
        runOnce(ir, state, true, 0, i);
        expect(tf.memory().numTensors).toBe(after);
      }
    } finally {
      state.dispose();
    }
  });
});
