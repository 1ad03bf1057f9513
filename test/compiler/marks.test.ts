// `frozen` and `checkpoint` (specs/README.md, "Frozen and checkpoint-only parameters"), end to
// end on the fixtures that use them (test/fixtures/ok/frozen.vlm, checkpoint.vlm): the marks in
// the IR and its JSON form, the trainable counts with and without a stage, a training run that
// leaves frozen tensors bit-identical with no optimiser state, weights that save and load the
// checkpoint-only tensors, an ONNX graph that never holds them, the diff and the printer.
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { summarize } from "../../compiler/analysis/summary.js";
import { compileFile } from "../../compiler/compile.js";
import { emitOnnx } from "../../compiler/emit/onnx/index.js";
import { trainableOwners } from "../../compiler/ir/params.js";
import { loadIr, serializeIr } from "../../compiler/ir/serialize.js";
import type { IrGraph } from "../../compiler/ir/types.js";
import { parse } from "../../grammar/parse.js";
import { printFile } from "../../grammar/printer.js";
import { useBackend } from "../../runtime/backend.js";
import { stateWeights } from "../../runtime/onnx/weights.js";
import { ModelState } from "../../runtime/state.js";
import { syntheticInputs } from "../../runtime/synthetic.js";
import { DEFAULT_OPTIMIZER } from "../../runtime/train/optimizer.js";
import { Trainer } from "../../runtime/train/trainer.js";
import { loadWeights } from "../../runtime/weights/load.js";
import { saveWeights } from "../../runtime/weights/save.js";
import { bindRunDims } from "../../cli/commands/run-io.js";
import { cli } from "../harness.js";
import { tempFolder } from "../runtime/weights/files.js";

const FROZEN = "test/fixtures/ok/frozen.vlm";
const CHECKPOINT = "test/fixtures/ok/checkpoint.vlm";

function compiled(file: string): IrGraph {
  const { ir, diagnostics } = compileFile(file);
  expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return ir!;
}

describe("frozen", () => {
  const ir = compiled(FROZEN);
  const frozen = [...ir.params.values()].filter((p) => p.frozen).map((p) => p.name);

  it("marks every parameter under a frozen instance and every one a model-level pattern matches", () => {
    expect(frozen).toContain("lm.0.attn.q.weight");
    expect(frozen).toContain("lm.1.mlp.fc2.bias");
    expect(frozen).toContain("ids_embed.weight");
    expect(frozen.every((n) => n.startsWith("lm.") || n === "ids_embed.weight")).toBe(true);
    expect(ir.params.get("adapters.0.weight")!.frozen).toBeUndefined();
  });

  it("is honoured without a stage and in every stage, which cannot train it", () => {
    const trained = trainableOwners(ir, undefined);
    expect([...trained].sort()).toEqual(["adapters.0.bias", "adapters.0.weight", "adapters.1.bias", "adapters.1.weight", "head.bias", "head.weight"]);
    const stage = ir.stages.find((s) => s.name === "adapt")!;
    for (const n of frozen) expect(stage.frozen).toContain(n);
    expect([...trainableOwners(ir, stage)].every((n) => n.startsWith("adapters."))).toBe(true);
    const s = summarize(ir);
    expect(s.params.trainable).toBe(2 * (32 * 32 + 32) + 32 * 64 + 64);
    expect(s.stages[0]!.trainable).toBe(2 * (32 * 32 + 32));
  });

  it("survives the IR's JSON form", () => {
    const back = loadIr(serializeIr(ir)).ir!;
    expect([...back.params.values()].filter((p) => p.frozen).map((p) => p.name)).toEqual(frozen);
  });

  it("prints back as written", () => {
    const { ast } = parse(fs.readFileSync(FROZEN, "utf8"), FROZEN);
    const printed = printFile(ast);
    expect(printed).toContain("  frozen lm = [PreLNLayer(32, 4) for i in 0..2]");
    expect(printed).toContain("  frozen ids_embed.**");
    expect(parse(printed, FROZEN).diagnostics).toEqual([]);
  });

  it("diff shows the trainable count and each stage's frozen set change", async () => {
    const dir = tempFolder("marks");
    const unfrozen = path.join(dir, "unfrozen.vlm");
    fs.writeFileSync(unfrozen, fs.readFileSync(FROZEN, "utf8").replace("  frozen lm = ", "  lm = ").replace("  frozen ids_embed.**\n", ""));
    const { out } = await cli("diff", unfrozen, FROZEN);
    expect(out).toMatch(/trainable\s+31,680\s+→\s+4,224/);
    expect(out).toContain("frozen ids_embed.weight");
  });
});

describe("frozen in training: never differentiated, never updated, no optimiser state", () => {
  const ir = compiled(FROZEN);
  let trainer: Trainer;
  let before: Map<string, Float32Array>;
  let after: Map<string, Float32Array>;

  beforeAll(async () => {
    await useBackend("wasm");
    const state = ModelState.initialise(ir, 0);
    trainer = new Trainer(ir, state, { stage: undefined, optimizer: DEFAULT_OPTIMIZER, schedule: { kind: "constant", lr: 1e-2, warmup: 0, steps: 3, minLr: 0 }, accumulate: 1, seed: 0 });
    const dims = bindRunDims(ir, 2, { T: 5 }, new Set(ir.inputs.map((i) => i.name)));
    const read = (): Map<string, Float32Array> => new Map(state.names().map((n) => [n, Float32Array.from(state.read(n).data as Float32Array)]));
    before = read();
    for (let step = 0; step < 3; step++) trainer.trainStep([syntheticInputs(ir, dims, 0, undefined, step)], dims);
    after = read();
    trainer.dispose();
    state.dispose();
  });

  it("trains only what is not frozen", () => {
    expect(trainer.selection.trainable.some((n) => ir.params.get(n)!.frozen)).toBe(false);
    expect(trainer.selection.frozen).toContain("lm.0.attn.q.weight");
    expect(new Set(Object.keys(trainer.optimizer.steps()))).toEqual(new Set(trainer.selection.trainable));
  });

  it("leaves every frozen tensor bit-identical and moves the trained ones", () => {
    for (const p of ir.params.values()) {
      const same = after.get(p.name)!.every((v, i) => Object.is(v, before.get(p.name)![i]));
      expect(same, p.name).toBe(p.frozen === true);
    }
  });
});

describe("checkpoint", () => {
  const ir = compiled(CHECKPOINT);
  const kept = ["embed.mask_token", "embed.position_embeddings.weight", "head.bias"];

  it("marks the parameters, counts them in the total, trains none of them", () => {
    expect([...ir.params.values()].filter((p) => p.checkpoint).map((p) => p.name).sort()).toEqual(kept);
    const s = summarize(ir);
    expect(s.params.total).toBe(64 * 16 + 40 * 16 + 16 + 2 * 16 + 64 * 16 + 64);
    for (const n of kept) expect(trainableOwners(ir, undefined).has(n)).toBe(false);
  });

  it("saves and loads them like any other tensor", async () => {
    await useBackend("wasm");
    const file = path.join(tempFolder("checkpoint"), "w.safetensors");
    const state = ModelState.initialise(ir, 7);
    expect(saveWeights(state, file)).toEqual([]);
    const { tensors, diagnostics } = loadWeights(ir, file);
    expect(diagnostics).toEqual([]);
    for (const n of kept) expect(Array.from(tensors.get(n)!.data as Float32Array), n).toEqual(Array.from(state.read(n).data as Float32Array));
    state.dispose();
  });

  it("never reaches the ONNX graph, which reads no tensor it does not need", async () => {
    await useBackend("wasm");
    const state = ModelState.initialise(ir, 0);
    const emitted = emitOnnx(ir, { objectives: ir.objectives.map((o) => o.name), weights: stateWeights(ir, state) });
    const names = emitted.model!.graph.initializer.map((t) => t.name);
    expect(names).toContain("embed.words.weight");
    for (const n of kept) expect(names).not.toContain(n);
    state.dispose();
  });
});
