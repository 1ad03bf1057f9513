// What a user finds when they open an emitted graph (Netron, onnx.load, an ORT session): the
// inputs and outputs named as in the spec with B as a named dim, initializers named exactly as
// the IR's parameters — one per share group, read by every user — readable node names with
// spec locations, fused ops, byte-identical output for the same input, and external data for
// weights past protobuf's limit.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compileFile } from "../../compiler/compile.js";
import { decodeModel, emitOnnx, encodeModel, encodeOnnx, type OnnxWeight } from "../../compiler/emit/onnx/index.js";
import type { IrGraph } from "../../compiler/ir/types.js";
import { ownerOf } from "../../compiler/ir/types.js";
import { specRelativeNames } from "../../compiler/ir/file-names.js";
import { useBackend } from "../../runtime/backend.js";
import { onnxForward } from "../../runtime/onnx/forward.js";
import { stateWeights } from "../../runtime/onnx/weights.js";
import { maxDiff, runOnnx, tiny } from "./onnx-harness.js";

/** Zeros of each tensor's size: enough for a graph's structure, without initialising 150M parameters. */
function zeros(ir: IrGraph): (name: string) => OnnxWeight {
  return (name) => {
    const p = ir.params.get(name) ?? ir.buffers.get(name)!;
    const n = p.shape.reduce((a, b) => a * b, 1);
    return { dtype: p.dtype, shape: p.shape, data: p.dtype === "f32" ? new Float32Array(n) : new Int32Array(n) };
  };
}

describe("the emitted CLIP ViT-B/16 image tower", () => {
  const built = compileFile("specs/models/clip.vlm", { variant: "B16" });
  const ir = built.ir!;
  const { sources, entry, stdRoot } = built.front.program;
  const options = { outputs: ["image_features"], weights: zeros(ir), sources, fileName: specRelativeNames(entry, stdRoot) };
  const bytes = encodeModel(emitOnnx(ir, options).model!);
  const model = decodeModel(bytes);
  const g = model.graph;

  it("has the spec's input and output, with B as a named dim", () => {
    const shape = (v: (typeof g.input)[number]) => v.type.tensorType.shape.dim.map((d) => d.dimParam || d.dimValue);
    expect(g.input.map((v) => v.name)).toEqual(["image"]);
    expect(shape(g.input[0]!)).toEqual(["B", 3, 224, 224]);
    expect(g.output.map((v) => v.name)).toEqual(["image_features"]);
    expect(shape(g.output[0]!)).toEqual(["B", 512]);
    expect(g.input[0]!.type.tensorType.elemType).toBe(1);
  });

  it("has exactly the tower's parameters as initializers, named as in the IR and in checkpoints", () => {
    const names = g.initializer.map((t) => t.name).sort();
    const tower = [...ir.params.keys()].filter((n) => n.startsWith("visual.") && ownerOf(ir, n) === n).sort();
    expect(names).toEqual(tower);
    expect(names).toContain("visual.vit.layers.11.attn.q.weight");
    expect(names).toContain("visual.proj");
    expect(g.initializer.find((t) => t.name === "visual.vit.layers.0.mlp.fc1.weight")!.dims).toEqual([3072, 768]);
  });

  it("names nodes by scope, says where in the spec each comes from, and uses fused ops", () => {
    const names = g.node.map((n) => n.name);
    expect(new Set(names).size).toBe(names.length);
    const attention = g.node.filter((n) => n.opType === "Attention");
    expect(attention.length).toBe(12);
    expect(attention[0]!.name).toBe("visual.vit.layers.0.attn/attention");
    expect(attention[0]!.docString).toMatch(/^std\/attention\.vlm:\d+:\d+ ← in .* \(visual\.vit\.layers\.0\.attn\), called here at std\/transformer\.vlm:\d+:\d+/);
    expect(g.node.filter((n) => n.opType === "LayerNormalization").length).toBe(12 * 2 + 2);
    expect(g.node.some((n) => n.opType === "Conv" && n.input[1] === "visual.vit.patch_embed.weight")).toBe(true);
    expect(model.opsetImport).toEqual([{ domain: "", version: 23 }]);
    expect(Object.fromEntries(model.metadataProps.map((p) => [p.key, p.value]))).toMatchObject({ "vlmc.model": "CLIP", "vlmc.variant": "B16", "vlmc.forward": "model" });
  });

  it("is the same bytes when emitted again", () => {
    const again = encodeModel(emitOnnx(ir, options).model!);
    expect(Buffer.from(again).equals(Buffer.from(bytes))).toBe(true);
  });
});

describe("shared parameters and external data", () => {
  beforeAll(async () => {
    await useBackend("wasm");
  });

  it("BLIP tiny: a parameter shared by the encoder and the decoder is one initializer, read by both", () => {
    const { ir, state } = tiny("blip");
    try {
      const g = emitOnnx(ir, { objectives: ["lm"], weights: stateWeights(ir, state) }).model!.graph;
      const alias = ir.params.get("decoder.bert.embeddings.word.weight")!;
      expect(alias.sharedWith).toBe("encoder.embeddings.word.weight");
      const names = g.initializer.map((t) => t.name);
      expect(names).toContain(alias.sharedWith);
      expect(names).not.toContain(alias.name);
      const readers = g.node.filter((n) => n.input.includes(alias.sharedWith!));
      const scopes = new Set(readers.map((n) => n.name.split("/")[0]!.split(".")[0]));
      expect(scopes).toEqual(new Set(["encoder", "decoder"]));
    } finally {
      state.dispose();
    }
  });

  it("weights past the threshold go to an external data file that ONNX Runtime reads", async () => {
    const { ir, state, host } = tiny("clip");
    const dir = mkdtempSync(path.join(tmpdir(), "vlmc-onnx-"));
    try {
      const model = emitOnnx(ir, { weights: stateWeights(ir, state) }).model!;
      const inline = await runOnnx(model, host);
      const files = encodeOnnx(model, { dataFile: "model.onnx.data", externalAbove: 0 });
      expect(files.data!.bytes).toBeGreaterThan(100_000);
      expect(files.model.byteLength).toBeLessThan(files.data!.bytes / 4);
      writeFileSync(path.join(dir, "model.onnx"), files.model);
      writeFileSync(path.join(dir, "model.onnx.data"), Buffer.concat(files.data!.chunks.map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength))));
      const stored = decodeModel(readFileSync(path.join(dir, "model.onnx"))).graph.initializer.find((t) => t.name === "visual.vit.patch_embed.weight")!;
      expect(stored.dataLocation).toBe(1);
      expect(stored.externalData!.map((e) => e.key)).toEqual(["location", "offset", "length"]);
      const external = await runOnnx(path.join(dir, "model.onnx"), host);
      for (const [name, t] of inline) expect(maxDiff(external.get(name)!.data, t.data), name).toBe(0);
      // `vlmc run --backend onnx` takes the same path for a model that large, through a temporary folder.
      const viaRun = await onnxForward(ir, state, host, { objectives: [], objectivesByDefault: false, externalDataAbove: 0 });
      for (const [name, t] of viaRun.outputs) expect(maxDiff(t.data, inline.get(name)!.data), name).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      state.dispose();
    }
  });
});
