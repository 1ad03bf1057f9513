// The model-level runtime API against the IR runtime, on a hand-written model (tiny-model.ts)
// and the spec it translates: the same parameter names and initial values for a seed, sharing
// by reference (one variable, through a checkpoint load too), momentum copies starting equal to
// their sources and following them, queue writes at the pointer, checkpoints moving both ways
// between the API and runtime/weights, and training steps that end with the IR Trainer's
// weights, buffers and losses.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IrGraph } from "../../../compiler/ir/types.js";
import { bindRunDims } from "../../../cli/commands/run-io.js";
import { ModelTrainer, loadWeights, saveWeights, share, tf, type Tensor } from "../../../runtime/api/index.js";
import { queuePointer } from "../../../runtime/api/queue.js";
import { useBackend } from "../../../runtime/backend.js";
import type { HostTensor } from "../../../runtime/init.js";
import { ModelState } from "../../../runtime/state.js";
import { syntheticInputs } from "../../../runtime/synthetic.js";
import { DEFAULT_OPTIMIZER } from "../../../runtime/train/optimizer.js";
import { Trainer } from "../../../runtime/train/trainer.js";
import { loadWeights as loadIntoIr } from "../../../runtime/weights/load.js";
import { saveWeights as saveFromIr } from "../../../runtime/weights/save.js";
import { encodeSafetensors } from "../../../runtime/weights/safetensors-bytes.js";
import { compileSource } from "../../harness.js";
import { Tiny, TINY_SPEC } from "./tiny-model.js";

let ir: IrGraph;
let dir: string;
beforeAll(async () => {
  await useBackend("wasm");
  const r = compileSource(TINY_SPEC);
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  ir = r.ir!;
  dir = mkdtempSync(path.join(tmpdir(), "vlmc-api-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const values = (t: Tensor): number[] => Array.from(t.dataSync());
const host = (t: HostTensor): number[] => Array.from(t.data);

function maxDiff(a: readonly number[], b: readonly number[]): number {
  expect(a.length).toBe(b.length);
  return a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i]!)), 0);
}

/** Batch `draw` of the spec's synthetic inputs, as host tensors (for the IR) and tf tensors (for the API). */
function batch(draw: number): { hostBatch: Map<string, HostTensor>; x: Tensor; y: Tensor; dims: ReturnType<typeof bindRunDims> } {
  const dims = bindRunDims(ir, 4, {}, new Set(ir.inputs.map((i) => i.name)));
  const hostBatch = syntheticInputs(ir, dims, 5, undefined, draw);
  const t = (name: string): Tensor => {
    const h = hostBatch.get(name)!;
    return tf.tensor(h.data, [...h.shape], h.dtype === "i32" ? "int32" : "float32");
  };
  return { hostBatch, x: t("x"), y: t("y"), dims };
}

describe("a generated model's state", () => {
  it("has the IR's parameter names and initial values, and shares by reference", () => {
    const model = new Tiny({}, { seed: 3 });
    const state = ModelState.initialise(ir, 3);
    expect([...model.namedParameters().keys()]).toEqual(state.names().filter((n) => ir.params.has(n)));
    expect([...model.namedBuffers().keys()]).toEqual([...ir.buffers.keys()]);
    for (const [name, v] of [...model.namedParameters(), ...model.namedBuffers()]) expect(values(v), name).toEqual(host(state.read(name)));
    expect(model.b.weight).toBe(model.a.weight);
    expect(model.b.params.get("weight")).toBe(model.a.weight);
    expect(Object.fromEntries(model.aliases)).toEqual({ "b.weight": "a.weight" });
    expect([...model.trainableParameters().keys()]).toEqual(["a.weight", "a.bias", "b.bias", "head.weight", "head.bias"]);
    expect([...model.trainableParameters("head_only").keys()]).toEqual(["head.weight", "head.bias"]);
    state.dispose();
    model.dispose();
  });

  it("starts a momentum copy equal to its source, never trained", () => {
    const model = new Tiny({}, { seed: 1 });
    expect(values(model.a_m.weight)).toEqual(values(model.a.weight));
    expect(model.a_m.weight).not.toBe(model.a.weight);
    expect(model.a_m.weight.trainable).toBe(false);
    expect(model.a_m.emaOf).toBe(model.a);
    expect(model.momentumLinks.map((l) => [l.param, l.source, l.decay])).toEqual([
      ["a_m.weight", "a.weight", 0.9],
      ["a_m.bias", "a.bias", 0.9],
    ]);
    model.dispose();
  });

  it("refuses a share whose pattern matches nothing, naming it", () => {
    const model = new Tiny();
    expect(() => share(model, "c.**", "a.**")).toThrow(/`c\.\*\*` matches no parameter/);
    expect(() => share(model, "head.weight", "a.weight")).toThrow(/head\.weight is f32\[3, 8\] but a\.weight is f32\[8, 12\]/);
    expect(() => share(model, "a_m.weight", "a.weight")).toThrow(/momentum copy/);
    model.dispose();
  });
});

describe("checkpoints as bytes", () => {
  it("round-trip, keeping the shared variable shared", () => {
    const a = new Tiny({}, { seed: 1 });
    const b = new Tiny({}, { seed: 2 });
    const shared = b.b.weight;
    const report = loadWeights(b, saveWeights(a));
    expect(report).toEqual({ filledMomentum: [], keptBuffers: [] });
    for (const [name, v] of [...a.namedParameters(), ...a.namedBuffers()]) expect(values(b.variableOf(name)), name).toEqual(values(v));
    expect(b.b.weight).toBe(shared);
    expect(b.b.weight).toBe(b.a.weight);
    a.dispose();
    b.dispose();
  });

  it("load what `vlmc run --save` writes, and save what it loads", () => {
    const state = ModelState.initialise(ir, 7);
    const file = path.join(dir, "ir.safetensors");
    expect(saveFromIr(state, file)).toEqual([]);
    const model = new Tiny({}, { seed: 0 });
    loadWeights(model, new Uint8Array(readFileSync(file)));
    for (const name of state.names()) expect(values(model.variableOf(name)), name).toEqual(host(state.read(name)));

    const back = path.join(dir, "api.safetensors");
    writeFileSync(back, saveWeights(model));
    const loaded = loadIntoIr(ir, back);
    expect(loaded.diagnostics).toEqual([]);
    expect([...loaded.tensors.keys()].sort()).toEqual(state.names().sort());
    for (const [name, t] of loaded.tensors) expect(host(t), name).toEqual(host(state.read(name)));
    // The same tensors and metadata: the same bytes as the IR runtime writes.
    expect(Buffer.from(saveWeights(model)).equals(readFileSync(file))).toBe(true);
    state.dispose();
    model.dispose();
  });

  it("refuse a checkpoint that does not fit, listing every problem and changing nothing", () => {
    const model = new Tiny({}, { seed: 4 });
    const before = values(model.a.weight);
    const bytes = encodeSafetensors([
      { name: "a.weight", dtype: "F32", shape: [12, 8], data: new Float32Array(96) },
      { name: "a.bias", dtype: "F32", shape: [8], data: new Float32Array(8).fill(1) },
      { name: "extra", dtype: "F32", shape: [2], data: new Float32Array(2) },
    ]);
    expect(() => loadWeights(model, bytes)).toThrow(/missing: b\.bias; head\.weight; head\.bias[\s\S]*unexpected: extra[\s\S]*shape: a\.weight is \[12, 8\], the model's is \[8, 12\]/);
    expect(values(model.a.weight)).toEqual(before);
    expect(values(model.a.bias!)).toEqual(new Array(8).fill(0));
    model.dispose();
  });
});

describe("training steps", () => {
  const schedule = { kind: "cosine", lr: 1e-2, warmup: 1, steps: 3, minLr: 0 } as const;

  it("end where the IR Trainer ends: weights, momentum copies, queue and losses", () => {
    const seed = 11;
    const state = ModelState.initialise(ir, 2);
    const trainer = new Trainer(ir, state, { optimizer: DEFAULT_OPTIMIZER, schedule, accumulate: 1, seed, clipGrad: 0.5 });
    const model = new Tiny({}, { seed: 2 });
    const api = new ModelTrainer(model, { schedule, seed, clipGrad: 0.5 });
    for (let step = 0; step < 3; step++) {
      const { hostBatch, x, y, dims } = batch(step);
      const want = trainer.trainStep([hostBatch], dims);
      const got = api.trainStep({ x, y });
      tf.dispose([x, y]);
      expect(got.step).toBe(want.step);
      expect(got.lr).toBe(want.lr);
      for (const o of ["ce", "align"]) expect(Math.abs(got.losses[o]! - want.losses[o]!), o).toBeLessThan(1e-6);
      expect(Math.abs(got.total - want.total)).toBeLessThan(1e-6);
      expect(Math.abs(got.gradNorm - want.gradNorm)).toBeLessThan(1e-6);
      for (const name of state.names()) expect(maxDiff(values(model.variableOf(name)), host(state.read(name))), `${name} after step ${step}`).toBeLessThan(1e-6);
    }
    // Three writes of 4 rows into 6: the pointer wrapped to (3 · 4) mod 6.
    expect(values(queuePointer(model.keys))).toEqual([0]);
    expect(model.b.weight).toBe(model.a.weight);
    trainer.dispose();
    api.dispose();
    state.dispose();
    model.dispose();
  });

  it("move momentum copies by the decay and leave a stage's frozen parameters alone", () => {
    const model = new Tiny({}, { seed: 5 });
    const copy0 = values(model.a_m.weight);
    const frozen = values(model.a.weight);
    const { x, y } = batch(0);
    const api = new ModelTrainer(model, { stage: "head_only", schedule, seed: 1 });
    const head0 = values(model.head.weight);
    const r = api.trainStep({ x, y });
    expect(Object.keys(r.losses)).toEqual(["ce"]);
    expect(values(model.a.weight)).toEqual(frozen);
    expect(maxDiff(values(model.head.weight), head0)).toBeGreaterThan(0);
    // a did not move, so its copy stays where it started: 0.9·c + 0.1·a with c = a.
    expect(maxDiff(values(model.a_m.weight), copy0)).toBeLessThan(1e-7);
    // Move the source by hand and step again: the copy moves a tenth of the way.
    model.a.weight.assign(tf.add(model.a.weight, 1));
    api.trainStep({ x, y });
    const expected = copy0.map((c, i) => 0.9 * c + 0.1 * (frozen[i]! + 1));
    expect(maxDiff(values(model.a_m.weight), expected)).toBeLessThan(1e-6);
    // Two writes of 4 rows into a queue of 6: the pointer is at 8 mod 6.
    expect(values(queuePointer(model.keys))).toEqual([2]);
    tf.dispose([x, y]);
    api.dispose();
    model.dispose();
  });

  it("drop the queue writes of a pass that is not a training step", () => {
    const model = new Tiny({}, { seed: 6 });
    const { x, y } = batch(0);
    const before = tf.memory().numTensors;
    const out = model.run({ x, y });
    tf.dispose([...Object.values(out.values), ...Object.values(out.losses)]);
    expect(tf.memory().numTensors).toBe(before);
    expect(values(queuePointer(model.keys))).toEqual([0]);
    tf.dispose([x, y]);
    model.dispose();
  });
});
