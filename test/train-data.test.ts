// Real data end to end: images and captions the test makes are packed with `vlmc data pack`
// (JPEG and PNG decoded, resized, tokenized with a BERT vocabulary) and BLIP tiny trains on the
// pack with `vlmc train --data DIR` — shuffled per epoch, its `text_valid` from the captions'
// padding — and a resumed run continues on the same batches as an uninterrupted one.
import { readFileSync, rmSync } from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cli } from "./harness.js";
import { tempDir, writeCaptions, writeImages, writeVocab } from "./runtime/data/fixtures.js";

const dir = tempDir("train-data");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const WORDS = ["a", "photo", "of", "dog", "##s", ".", "the", "cat", "sits", "on", "red", "grass"];

function rows(csv: string): string[] {
  const [head, ...lines] = readFileSync(csv, "utf8").trim().split("\n");
  const keep = head!.split(",").map((c, i) => (c === "ms" || c === "samples_per_s" ? -1 : i)).filter((i) => i >= 0);
  return lines.map((r) => keep.map((i) => r.split(",")[i]).join(","));
}

describe("vlmc data pack → vlmc train --data", () => {
  it("packs an image-caption set and trains BLIP tiny on it, resumably", async () => {
    const images = Array.from({ length: 10 }, (_, i) => ({ name: `img${i}.${i % 2 ? "png" : "jpg"}`, width: 40 + 3 * i, height: 48 - 2 * i, seed: i, format: (i % 2 ? "png" : "jpeg") as "png" | "jpeg" }));
    writeImages(dir, images);
    const captions = writeCaptions(dir, images.map((im, i) => ({ image: im.name, caption: `a photo of ${i % 2 ? "the cat" : "dogs"} on red grass` })));
    const vocab = writeVocab(dir, ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", ...WORDS]);
    const pack = path.join(dir, "pack");
    const packed = await cli("data", "pack", "--images", path.join(dir, "images"), "--captions", captions, "--tokenizer", `wordpiece:${vocab}`, "--image-size", "32", "--out", pack, "--json");
    expect(packed.code, packed.out).toBe(0);
    expect((JSON.parse(packed.out) as { examples: number }).examples).toBe(10);

    // A constant rate lets a stopped run be resumed for more steps than it first asked for.
    const train = (out: string, ...more: string[]) =>
      cli("train", "specs/models/blip.vlm", "--variant", "tiny", "--data", pack, "--batch", "4", "--schedule", "constant", "--lr", "1e-3", "--checkpoint-every", "2", "--out", out, ...more);
    const whole = path.join(dir, "whole");
    const r = await train(whole, "--steps", "6");
    expect(r.code, r.err).toBe(0);
    expect(rows(path.join(whole, "log.csv"))).toHaveLength(6);

    // Four steps (two epochs of two batches of four: the last two examples are left out each
    // epoch), then a resume to six: the same batches, the same weights, bit for bit.
    const part = path.join(dir, "part");
    expect((await train(part, "--steps", "4")).code).toBe(0);
    const resumed = await cli("train", "specs/models/blip.vlm", "--variant", "tiny", "--out", part, "--resume", "--steps", "6");
    expect(resumed.code, resumed.err).toBe(0);
    expect(rows(path.join(part, "log.csv"))).toEqual(rows(path.join(whole, "log.csv")));
    expect(readFileSync(path.join(part, "checkpoint.safetensors")).equals(readFileSync(path.join(whole, "checkpoint.safetensors")))).toBe(true);
  });
});
