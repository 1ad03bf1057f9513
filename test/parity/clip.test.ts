// Whole-model parity, CLIP: a reference CLIP tiny written in torch with openai/CLIP's module
// names (clip_tiny.py) saves random weights under openai's names (with its JIT archives' extra
// entries) and in open_clip's two layouts; `vlmc run` loads each through its shipped
// map (specs/maps/) and must reproduce the reference's image and text embeddings and its ITC
// loss within 1e-4 (issue #6 §5).
import * as path from "node:path";
import { beforeAll, expect, it } from "vitest";
import type { HostTensor } from "../../runtime/init.js";
import { cli } from "../harness.js";
import { Ledger, TOL } from "./compare.js";
import { readTensorFile } from "./tensors.js";
import { describeWithTorch, runReference, scratchFolder } from "./torch.js";

const RUNS = [
  { layout: "openai", weights: "clip_openai.safetensors", map: "specs/maps/clip-openai.json", backend: "wasm" },
  { layout: "openai", weights: "clip_openai.safetensors", map: "specs/maps/clip-openai.json", backend: "cpu" },
  { layout: "open_clip CustomTextCLIP", weights: "clip_open_clip.safetensors", map: "specs/maps/clip-open_clip.json", backend: "wasm" },
  { layout: "open_clip CLIP", weights: "clip_open_clip_plain.safetensors", map: "specs/maps/clip-open_clip.json", backend: "wasm" },
] as const;

describeWithTorch("CLIP tiny matches its torch reference through the shipped weight maps", () => {
  const dir = scratchFolder("clip");
  const ledger = new Ledger("CLIP tiny");
  let reference: Map<string, HostTensor>;

  beforeAll(() => {
    runReference("clip_tiny.py", [dir]);
    reference = readTensorFile(path.join(dir, "reference.safetensors")).tensors;
  });

  for (const r of RUNS) {
    it(`${r.layout} checkpoint through ${r.map} on ${r.backend}: embeddings and ITC`, async () => {
      const out = path.join(dir, `out-${r.weights}-${r.backend}.safetensors`);
      const run = await cli(
        "run", "specs/models/clip.vlm", "--variant", "tiny", "--backend", r.backend,
        "--weights", path.join(dir, r.weights), "--map", r.map,
        "--inputs", path.join(dir, "inputs.safetensors"), "--save-outputs", out, "--json",
      );
      expect(run.code, `vlmc run failed:\n${run.out}${run.err}`).toBe(0);
      const got = readTensorFile(out).tensors;
      for (const name of ["image_features", "text_features"]) {
        ledger.expectClose(name, `${name} (${r.layout}, ${r.backend})`, got.get(name)!, reference.get(name), TOL.float);
      }
      ledger.expectClose("itc", `itc (${r.layout}, ${r.backend})`, got.get("loss.itc")!, reference.get("itc"), TOL.float);
    });
  }
});
