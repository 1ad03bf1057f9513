// The training step on real specs: state updates as the IR lists them (EMA, ring-buffer queue
// writes with their pointer), frozen parameters untouched and without optimiser state, a fixed
// tensor count from step to step, identical runs from one seed, and a non-finite loss refused
// before anything changes.
import { beforeAll, describe, expect, it } from "vitest";
import { compileFile } from "../../../compiler/compile.js";
import type { IrGraph } from "../../../compiler/ir/types.js";
import { bindRunDims } from "../../../cli/commands/run-io.js";
import { useBackend } from "../../../runtime/backend.js";
import { RunError } from "../../../runtime/errors.js";
import { ModelState } from "../../../runtime/state.js";
import { syntheticInputs } from "../../../runtime/synthetic.js";
import { DEFAULT_OPTIMIZER } from "../../../runtime/train/optimizer.js";
import { Trainer, type TrainConfig } from "../../../runtime/train/trainer.js";
import { applyUpdates } from "../../../runtime/train/updates.js";
import { tf } from "../../../runtime/tf.js";
import { compileSource } from "../../harness.js";

beforeAll(async () => {
  await useBackend("wasm");
});

const CONFIG: TrainConfig = { optimizer: DEFAULT_OPTIMIZER, schedule: { kind: "constant", lr: 1e-3, warmup: 0, steps: 10, minLr: 0 }, accumulate: 1, seed: 3 };

function tiny(model: string): IrGraph {
  return compileFile(`specs/models/${model}.vlm`, { variant: "tiny" }).ir!;
}

function run(ir: IrGraph, config: TrainConfig, steps: number, batch = 2, onStep?: (t: Trainer) => void): { trainer: Trainer; losses: Record<string, number>[] } {
  const state = ModelState.initialise(ir, 1);
  const trainer = new Trainer(ir, state, config);
  const dims = bindRunDims(ir, batch, {}, new Set(ir.inputs.map((i) => i.name)));
  const losses: Record<string, number>[] = [];
  for (let s = 0; s < steps; s++) {
    losses.push({ ...trainer.trainStep([syntheticInputs(ir, dims, 5, undefined, s)], dims).losses });
    onStep?.(trainer);
  }
  return { trainer, losses };
}

describe("state updates", () => {
  it("momentum copies track their sources and queues fill as a ring, as the IR lists", () => {
    const ir = tiny("blip");
    const state = ModelState.initialise(ir, 0);
    const ema = ir.updates.find((u) => u.kind === "ema")!;
    const q = ir.updates.find((u) => u.kind === "enqueue")!;
    if (ema.kind !== "ema" || q.kind !== "enqueue") throw new Error("unexpected update kinds");
    const size = ir.buffers.get(q.queue)!.shape[0]!;
    const width = ir.buffers.get(q.queue)!.shape[1]!;
    state.assign(ema.source, tf.onesLike(state.param(ema.source)));
    state.assign(ema.param, tf.zerosLike(state.param(ema.param)));
    // Fill to two rows before the end, then write five: two land at the end, three wrap around.
    state.assign(q.pointer, tf.scalar(size - 2, "int32"));
    const before = state.read(q.queue).data;
    const rows = tf.tensor(Array.from({ length: 5 * width }, (_, i) => 100 + Math.floor(i / width)), [5, width]);
    const writes = new Map(ir.updates.flatMap((u) => (u.kind === "enqueue" ? [[u.value, rows] as const] : [])));
    applyUpdates(ir, state, [writes]);
    expect(Array.from(state.read(ema.param).data).every((v) => Math.abs(v - (1 - ema.decay)) < 1e-7)).toBe(true);
    const after = state.read(q.queue).data;
    const row = (i: number): number => after[i * width]!;
    expect([row(size - 2), row(size - 1), row(0), row(1), row(2)]).toEqual([100, 101, 102, 103, 104]);
    expect(after[3 * width]).toBe(before[3 * width]);
    expect(state.read(q.pointer).data[0]).toBe(3);
    state.dispose();
  });
});

describe("training steps", () => {
  it("leave frozen parameters bit-identical, without optimiser state", () => {
    const ir = tiny("vlmo");
    const stage = ir.stages.find((s) => s.name === "language")!;
    const state = ModelState.initialise(ir, 1);
    const before = new Map(stage.frozen.map((n) => [n, Array.from(state.read(n).data)]));
    const trainer = new Trainer(ir, state, { ...CONFIG, stage: "language" });
    const dims = bindRunDims(ir, 2, {}, new Set(ir.inputs.map((i) => i.name)));
    for (let s = 0; s < 3; s++) trainer.trainStep([syntheticInputs(ir, dims, 5, undefined, s)], dims);
    for (const [name, values] of before) expect(Array.from(state.read(name).data), name).toEqual(values);
    const optimised = new Set([...trainer.optimizer.moments().keys()].map((k) => k.slice(2)));
    for (const name of stage.frozen) expect(optimised.has(name), name).toBe(false);
    expect(optimised.has("mlm_head.decoder.weight")).toBe(true);
    trainer.dispose();
    state.dispose();
  });

  for (const model of ["clip", "blip", "albef", "vilt", "vlmo", "coca", "beit3"]) {
    it(`${model}: keep the tensor count constant from the second step on`, () => {
      const counts: number[] = [];
      const ir = tiny(model);
      const stage = ir.stages.find((s) => s.objectives.length > 0)?.name;
      const { trainer } = run(ir, { ...CONFIG, ...(stage ? { stage } : {}) }, 4, 2, () => counts.push(tf.memory().numTensors));
      expect(new Set(counts.slice(1)).size, counts.join(" ")).toBe(1);
      trainer.dispose();
      trainer.state.dispose();
    });
  }

  it("reproduce exactly from one seed", () => {
    const a = run(tiny("vilt"), CONFIG, 3);
    const b = run(tiny("vilt"), CONFIG, 3);
    expect(b.losses).toEqual(a.losses);
    for (const r of [a, b]) {
      r.trainer.dispose();
      r.trainer.state.dispose();
    }
  });

  it("refuse a non-finite loss before changing anything", () => {
    const { ir } = compileSource(`
import "std/nn.vlm"
model Diverges {
  input x: f32[B, 4]
  fc = Linear(4, 1)
  objective blowup = mean(exp(fc(x) * 1000.0))
}`);
    const state = ModelState.initialise(ir!, 0);
    const trainer = new Trainer(ir!, state, CONFIG);
    const dims = bindRunDims(ir!, 2, {}, new Set(["x"]));
    const x = new Map([["x", { dtype: "f32" as const, shape: [2, 4], data: Float32Array.of(1, 1, 1, 1, 1, 1, 1, 1) }]]);
    state.assign("fc.weight", tf.fill([1, 4], 1));
    const weight = Array.from(state.read("fc.weight").data);
    expect(() => trainer.trainStep([x], dims)).toThrow(RunError);
    try {
      trainer.trainStep([x], dims);
    } catch (e) {
      expect((e as RunError).diagnostics[0]!.code).toBe("VLM6402");
      expect((e as RunError).diagnostics[0]!.message).toMatch(/objective `blowup` is Infinity at step 1/);
    }
    expect(Array.from(state.read("fc.weight").data)).toEqual(weight);
    expect(trainer.step).toBe(0);
    trainer.dispose();
    state.dispose();
  });
});
