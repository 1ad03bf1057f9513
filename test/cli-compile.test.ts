// `vlmc compile --target onnx` and `vlmc run --backend onnx` as a user meets them: the files it
// writes (and only those), refusals that leave --out as it was, the same bytes twice, one
// forward mode, a trained checkpoint going through the ONNX graph to the same values as the
// tfjs runtime, and run's report on the ONNX engine.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { decodeModel } from "../compiler/emit/onnx/index.js";
import { openSafetensors } from "../runtime/weights/safetensors.js";
import { cli } from "./harness.js";

const root = mkdtempSync(path.join(tmpdir(), "vlmc-compile-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const CLIP = ["specs/models/clip.vlm", "--variant", "tiny"];

interface RunJson {
  ok: boolean;
  backend: { name: string; detail: string };
  outputs: { name: string; mean: number; std: number; min: number; max: number }[];
  objectives: { name: string; loss: number }[];
}

describe("vlmc compile --target onnx", () => {
  it("writes model.onnx with the model's inputs and named values, and says what it wrote", async () => {
    const out = path.join(root, "clip");
    const r = await cli("compile", ...CLIP, "--target", "onnx", "--out", out);
    expect(r.code, r.err).toBe(0);
    expect(readdirSync(out)).toEqual(["model.onnx"]);
    expect(r.out).toContain(`wrote ${out}/model.onnx`);
    expect(r.out).toContain("inputs:  image f32[B, 3, 32, 32], text i32[B, 16]");
    expect(r.out).toContain("outputs: image_features f32[B, 32], text_features f32[B, 32]");
    const model = decodeModel(readFileSync(path.join(out, "model.onnx")));
    expect(model.producerName).toBe("vlmc");
    expect(model.graph.output.map((o) => o.name)).toEqual(["image_features", "text_features"]);
  });

  it("gives the same bytes for the same spec and seed", async () => {
    const [a, b] = [path.join(root, "same-a"), path.join(root, "same-b")];
    for (const out of [a, b]) expect((await cli("compile", ...CLIP, "--target", "onnx", "--objectives", "itc", "--out", out)).code).toBe(0);
    expect(readFileSync(path.join(a, "model.onnx")).equals(readFileSync(path.join(b, "model.onnx")))).toBe(true);
  });

  it("exports one forward mode with --mode", async () => {
    const out = path.join(root, "beit3-vision");
    const r = await cli("compile", "specs/models/beit3.vlm", "--variant", "tiny", "--target", "onnx", "--mode", "encoder.vision", "--out", out, "--json");
    expect(r.code, r.out).toBe(0);
    const written = JSON.parse(r.out) as { outputs: { name: string; type: string }[]; inputs: { name: string }[] };
    expect(written.outputs).toEqual([{ name: "encoder.vision", type: "f32[B, 17, 32]" }]);
    expect(written.inputs.map((i) => i.name)).toEqual(["image", "image_mask"]);
  });

  it("leaves an existing --out untouched when the spec has errors or a value cannot be expressed", async () => {
    const out = path.join(root, "kept");
    mkdirSync(out);
    writeFileSync(path.join(out, "model.onnx"), "an earlier export");
    const broken = path.join(root, "broken.vlm");
    writeFileSync(broken, "model M {\n  input x: f32[B, 4]\n  y = softmax(x, axis: 5)\n}\n");
    expect((await cli("compile", broken, "--target", "onnx", "--out", out)).code).toBe(1);
    const sampled = await cli("compile", "specs/models/blip.vlm", "--variant", "tiny", "--target", "onnx", "--outputs", "neg_image_idx", "--out", out);
    expect(sampled.code).toBe(1);
    expect(sampled.err).toContain("VLM6501");
    expect(sampled.err).toContain("`multinomial` cannot be expressed");
    expect(readdirSync(out)).toEqual(["model.onnx"]);
    expect(readFileSync(path.join(out, "model.onnx"), "utf8")).toBe("an earlier export");
  });

  it("asks for what it needs", async () => {
    const r = await cli("compile", ...CLIP, "--target", "onnx");
    expect(r.code).toBe(2);
    expect(r.err).toContain("compile needs --out DIR");
    const unknown = await cli("compile", ...CLIP, "--target", "onnx", "--outputs", "nope", "--out", path.join(root, "unknown"));
    expect(unknown.err).toContain("has no named value or objective `nope`");
  });
});

describe("a trained checkpoint through ONNX", () => {
  it("vlmc run --backend onnx gives the tfjs runtime's values and losses for the same weights", async () => {
    const run = path.join(root, "trained");
    expect((await cli("train", ...CLIP, "--steps", "2", "--batch", "4", "--out", run)).code).toBe(0);
    const weights = path.join(run, "checkpoint.safetensors");
    const onnx = await cli("run", ...CLIP, "--weights", weights, "--backend", "onnx", "--save-outputs", path.join(root, "onnx.safetensors"), "--json");
    const wasm = await cli("run", ...CLIP, "--weights", weights, "--backend", "wasm", "--save-outputs", path.join(root, "wasm.safetensors"), "--json");
    expect(onnx.code, onnx.out).toBe(0);
    const [a, b] = [JSON.parse(onnx.out) as RunJson, JSON.parse(wasm.out) as RunJson];
    expect(a.backend.name).toBe("onnx");
    expect(a.backend.detail).toMatch(/^onnx \(onnxruntime-node 1\.30\.0, CPU, opset 23\)$/);
    expect(a.objectives.map((o) => o.name)).toEqual(["itc"]);
    expect(Math.abs(a.objectives[0]!.loss - b.objectives[0]!.loss)).toBeLessThan(1e-4);
    const [sa, sb] = [openSafetensors(path.join(root, "onnx.safetensors")).reader!, openSafetensors(path.join(root, "wasm.safetensors")).reader!];
    expect([...sa.entries.keys()].sort()).toEqual([...sb.entries.keys()].sort());
    for (const name of sa.entries.keys()) {
      const read = (r: typeof sa, n: string): ArrayLike<number> => {
        const got = r.read(n, "f32");
        if (!got.ok) throw new Error(got.message);
        return got.tensor.data;
      };
      const [x, y] = [read(sa, name), read(sb, name)];
      let d = 0;
      for (let i = 0; i < x.length; i++) d = Math.max(d, Math.abs(Number(x[i]) - Number(y[i])));
      expect(d, name).toBeLessThan(1e-4);
    }
  });

  it("refuses train mode and training on the ONNX backend", async () => {
    const r = await cli("run", ...CLIP, "--backend", "onnx", "--mode", "train");
    expect(r.code).toBe(2);
    expect(r.err).toContain("--backend onnx runs the model in eval mode only");
  });
});
