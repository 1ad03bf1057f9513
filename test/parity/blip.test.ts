// Whole-model parity, BLIP: a reference BLIP tiny in torch with the BLIP repository's module
// names (blip_tiny.py) saves random weights in the repository's layout — fused ViT qkv, BERT
// names, the decoder's tied tensors under both names, momentum copies, [embed, K] queues,
// queue_ptr, position_ids — and `vlmc run` loads them through specs/maps/blip.json. ITM samples
// hard negatives, which torch's RNG cannot reproduce, so the reference takes the ones vlmc drew
// (saved with --save-outputs); then embeddings and the ITC, ITM and LM losses must agree within
// 1e-4 (issue #6 §5).
import * as path from "node:path";
import { beforeAll, expect, it } from "vitest";
import type { HostTensor } from "../../runtime/init.js";
import { cli } from "../harness.js";
import { Ledger, TOL } from "./compare.js";
import { hostOf, readTensorFile, writeTensorFile } from "./tensors.js";
import { describeWithTorch, runReference, scratchFolder } from "./torch.js";

/**
 * Which image each row of `neg_image` is, for a spec that gathers it from `image_embeds` without
 * naming the index: found by exact row equality (a gather copies rows bit for bit).
 */
function gatheredRows(rows: HostTensor, from: HostTensor): HostTensor {
  const batch = rows.shape[0]!;
  const size = rows.data.length / batch;
  const index = Array.from({ length: batch }, (_, b) => {
    const row = rows.data.subarray(b * size, (b + 1) * size);
    const hits = Array.from({ length: from.shape[0]! }, (_, j) => j).filter((j) => from.data.subarray(j * size, (j + 1) * size).every((v, k) => v === row[k]));
    if (hits.length !== 1) throw new Error(`negative image ${b} matches ${hits.length} rows of image_embeds`);
    return hits[0]!;
  });
  return hostOf("i32", [batch], index);
}

describeWithTorch("BLIP tiny matches its torch reference through specs/maps/blip.json", () => {
  const dir = scratchFolder("blip");
  const ledger = new Ledger("BLIP tiny");
  let vlmc: Map<string, HostTensor>;
  let reference: Map<string, HostTensor>;

  beforeAll(async () => {
    runReference("blip_tiny.py", ["init", dir]);
    const out = path.join(dir, "vlmc.safetensors");
    const run = await cli(
      "run", "specs/models/blip.vlm", "--variant", "tiny",
      "--weights", path.join(dir, "blip.safetensors"), "--map", "specs/maps/blip.json",
      "--inputs", path.join(dir, "inputs.safetensors"), "--save-outputs", out, "--json",
    );
    expect(run.code, `vlmc run failed:\n${run.out}${run.err}`).toBe(0);
    vlmc = readTensorFile(out).tensors;
    const negatives = new Map([
      ["neg_text_idx", vlmc.get("neg_text_idx")!],
      ["neg_image_idx", negativeImages()],
    ]);
    writeTensorFile(path.join(dir, "negatives.safetensors"), negatives);
    runReference("blip_tiny.py", ["losses", dir]);
    reference = readTensorFile(path.join(dir, "reference.safetensors")).tensors;
  });

  const negativeImages = (): HostTensor => vlmc.get("neg_image_idx") ?? gatheredRows(vlmc.get("neg_image")!, vlmc.get("image_embeds")!);

  it("the hard negatives are never the positive pair", () => {
    vlmc.get("neg_text_idx")!.data.forEach((j, b) => expect(j, `negative text of image ${b}`).not.toBe(b));
    negativeImages().data.forEach((j, b) => expect(j, `negative image of text ${b}`).not.toBe(b));
  });

  for (const name of ["image_embeds", "image_feat", "text_feat", "image_feat_m", "text_feat_m", "fused"]) {
    it(`${name} (momentum copies, fused qkv, BERT layers and cross-attention through the map)`, () => {
      ledger.expectClose("embeddings", name, vlmc.get(name)!, reference.get(name), TOL.float);
    });
  }

  for (const objective of ["itc", "itm", "lm"]) {
    it(`loss ${objective}`, () => {
      ledger.expectClose("losses", objective, vlmc.get(`loss.${objective}`)!, reference.get(objective), TOL.float);
    });
  }
});
