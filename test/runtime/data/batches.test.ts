// Batches from a pack for a model (runtime/data/batches.ts, fit.ts; the model is fit.vlm beside
// this file, whose inputs take every kind of source): values as each input's
// source declares them, an order that is a permutation per epoch — the same for a seed, another
// for another seed or epoch — a resumed source that continues exactly, and every way a pack can
// fail to fit a model refused with a coded diagnostic.
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileFile } from "../../../compiler/compile.js";
import type { IrGraph } from "../../../compiler/ir/types.js";
import type { Dataset } from "../../../runtime/data/dataset.js";
import { openDataset } from "../../../runtime/data/dataset.js";
import { packDataset } from "../../../runtime/data/pack.js";
import type { BatchOptions } from "../../../runtime/data/batches.js";
import { RunError } from "../../../runtime/errors.js";
import type { HostTensor } from "../../../runtime/init.js";
import { tempDir, writeCaptions, writeImages, writeVocab } from "./fixtures.js";

const CAPTIONS = [
  "a dog",
  "a photo of a red dog on grass",
  "the cat sits on the red grass , a photo of the cat",
  "dogs",
  "a reddish cat",
  "the dog sits",
  "a cat on a dog",
  "photo of grass",
  "the cafe",
  "a red cat sits on a red dog",
];

const dir = tempDir("batches");
/** test/runtime/data/fit.vlm: inputs from every kind of source, as ViLT's and ALBEF's. */
const FIT = "test/runtime/data/fit.vlm";
const model = compileFile(FIT, { model: "DataFit" }).ir!;
let ds: Dataset;

async function pack(out: string, options: { imageSize?: number; crop?: "center" | "none"; count?: number } = {}): Promise<string> {
  const count = options.count ?? CAPTIONS.length;
  const images = Array.from({ length: count }, (_, i) => ({ name: `${i}.png`, width: 40, height: 32 + i, seed: i + 1, format: "png" as const }));
  writeImages(dir, images);
  const captions = writeCaptions(dir, CAPTIONS.slice(0, count).map((caption, i) => ({ image: `${i}.png`, caption })), `${path.basename(out)}.jsonl`);
  const r = await packDataset({ images: path.join(dir, "images"), captions, tokenizer: `wordpiece:${writeVocab(dir)}`, imageSize: options.imageSize ?? 32, out, crop: options.crop ?? "none", maxTokens: 16, shardSize: 3 });
  expect(r.manifest, r.diagnostics.map((d) => d.message).join("\n")).toBeDefined();
  return out;
}

beforeAll(async () => {
  ds = openDataset(await pack(path.join(dir, "pack")));
});
afterAll(() => ds.close());

/** Which example each row of an image batch is, found by its pixels. */
function rowsOf(batch: Map<string, HostTensor>, input = "image"): number[] {
  const t = batch.get(input)!;
  const plane = 3 * 32 * 32;
  const firsts = Array.from({ length: ds.size }, (_, i) => ds.example(i).pixels.subarray(0, 8).join());
  return Array.from({ length: t.shape[0]! }, (_, b) => {
    // The first 8 stored bytes: pixels 0–2 of the top row, channel by channel; undo (x / 255 − 0.5) / 0.5.
    const pixels = Array.from({ length: 8 }, (_, k) => Math.round((t.data[b * plane + (k % 3) * 1024 + Math.floor(k / 3)]! * 0.5 + 0.5) * 255));
    return firsts.indexOf(pixels.join());
  });
}

function epochOrder(options: BatchOptions): number[][] {
  const source = ds.batches(model, options);
  return Array.from({ length: source.stepsPerEpoch }, () => rowsOf(source.next()));
}

describe("batches for a model reading every kind of source", () => {
  it("fill every input as declared: pixels normalised, captions cut to L keeping [SEP], masks, word indices", () => {
    const source = ds.batches(model, { batch: 2, seed: 0 });
    expect(source.warnings).toEqual([]);
    const batch = source.next();
    expect([...batch.keys()].sort()).toEqual(["image", "other", "progress", "text", "text_valid", "text_words"]);
    expect(batch.get("image")!.shape).toEqual([2, 3, 32, 32]);
    expect(batch.get("text")!.shape).toEqual([2, 8]);
    const rows = rowsOf(batch);
    rows.forEach((example, b) => {
      const e = ds.example(example);
      const image = batch.get("image")!.data;
      // (x / 255 − 0.5) / 0.5 at channel 1, pixel (2, 5).
      expect(image[b * 3072 + 1024 + 2 * 32 + 5]).toBeCloseTo((e.pixels[(2 * 32 + 5) * 3 + 1]! / 255 - 0.5) / 0.5, 6);
      const ids = Array.from(batch.get("text")!.data.subarray(b * 8, b * 8 + 8));
      const n = e.ids.length;
      const expected = n <= 8 ? [...e.ids, ...Array(8 - n).fill(0)] : [...Array.from(e.ids).slice(0, 7), 3];
      expect(ids).toEqual(expected);
      expect(Array.from(batch.get("text_valid")!.data.subarray(b * 8, b * 8 + 8))).toEqual(Array.from({ length: 8 }, (_, j) => (j < Math.min(n, 8) ? 1 : 0)));
    });
  });

  it("word indices: a word's pieces share one; every special token and padding position is a word of its own", () => {
    const source = ds.batches(model, { batch: 10, seed: 0 });
    const batch = source.next();
    const rows = rowsOf(batch);
    const at = (example: number): number[] => {
      const b = rows.indexOf(example);
      return Array.from(batch.get("text_words")!.data.subarray(b * 8, b * 8 + 8));
    };
    // "a reddish cat": [CLS] a red ##dish cat [SEP] [PAD] [PAD]
    expect(at(4)).toEqual([0, 1, 2, 2, 3, 4, 5, 6]);
    // "dogs": [CLS] dog ##s [SEP] + 4 padding
    expect(at(3)).toEqual([0, 1, 1, 2, 3, 4, 5, 6]);
    // Cut to 8: [CLS] the cat sits on the red [SEP]
    expect(at(2)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it("each epoch is a permutation of the pack; the same for a seed, another for another seed or epoch", () => {
    const epoch0 = epochOrder({ batch: 2, seed: 7 });
    expect(epoch0.flat().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(epochOrder({ batch: 2, seed: 7 })).toEqual(epoch0);
    expect(epochOrder({ batch: 2, seed: 8 })).not.toEqual(epoch0);
    const epoch1 = epochOrder({ batch: 2, seed: 7, position: { epoch: 1, index: 0 } });
    expect(epoch1.flat().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(epoch1).not.toEqual(epoch0);
  });

  it("batches never straddle epochs: 10 examples in batches of 3 give 3 steps, then the next epoch", () => {
    const source = ds.batches(model, { batch: 3, seed: 1 });
    expect(source.stepsPerEpoch).toBe(3);
    for (let i = 0; i < 3; i++) source.next();
    expect(source.position).toEqual({ epoch: 0, index: 9 });
    source.next();
    expect(source.position).toEqual({ epoch: 1, index: 3 });
  });

  it("a source built at a saved position gives exactly the batches that would have come", () => {
    const straight = ds.batches(model, { batch: 3, seed: 3 });
    const seen: Map<string, HostTensor>[] = [];
    let saved = straight.position;
    for (let i = 0; i < 7; i++) {
      if (i === 2) saved = straight.position;
      seen.push(straight.next());
    }
    const resumed = ds.batches(model, { batch: 3, seed: 3, position: saved });
    for (let i = 2; i < 7; i++) {
      const batch = resumed.next();
      for (const [name, t] of seen[i]!) expect(Array.from(batch.get(name)!.data), `${name} of batch ${i}`).toEqual(Array.from(t.data));
    }
  });

  it("other_image shows another example's image", () => {
    const source = ds.batches(model, { batch: 5, seed: 2 });
    for (let i = 0; i < 4; i++) {
      const batch = source.next();
      const images = rowsOf(batch, "image");
      const others = rowsOf(batch, "other");
      others.forEach((o, b) => {
        expect(o).toBeGreaterThanOrEqual(0);
        expect(o).not.toBe(images[b]);
      });
    }
  });
});

describe("progress and what does not fit", () => {
  it("progress counts epochs: step / steps per epoch", () => {
    const source = ds.batches(model, { batch: 4, seed: 0 });
    const values = Array.from({ length: 5 }, () => source.next().get("progress")!.data[0]!);
    expect(values).toEqual([0, 0.5, 1, 1.5, 2]);
  });

  function refusal(ir: IrGraph, options: BatchOptions, dataset = ds): string[] {
    try {
      dataset.batches(ir, options);
    } catch (e) {
      if (e instanceof RunError) return e.diagnostics.map((d) => `${d.code} ${d.message}`);
      throw e;
    }
    return [];
  }

  it("inputs without a data source are named (VLM6310)", () => {
    const unsourced = compileFile(FIT, { model: "NoSource" }).ir!;
    expect(refusal(unsourced, { batch: 2, seed: 0 })).toEqual([
      "VLM6310 input `text` i32[B, 8] declares no data source, so a data set cannot fill it",
      "VLM6310 input `text_valid` i32[B, 8] declares no data source, so a data set cannot fill it",
    ]);
    // Only the inputs the run needs count.
    expect(refusal(unsourced, { batch: 2, seed: 0, needed: new Set(["image"]) })).toEqual([]);
  });

  it("another image size, ids beyond the model's vocabulary, a batch larger than the pack (VLM6309)", async () => {
    const small = openDataset(await pack(path.join(dir, "small"), { imageSize: 16, count: 3 }));
    try {
      expect(refusal(model, { batch: 4, seed: 0 }, small)).toEqual([
        "VLM6309 input `image` takes 32×32 images, but the pack holds 16×16",
        "VLM6309 input `other` takes 32×32 images, but the pack holds 16×16",
        "VLM6309 the pack holds 3 examples, fewer than one batch of 4",
      ]);
    } finally {
      small.close();
    }
    const narrow = compileFile(FIT, { model: "DataFit", overrides: { vocab: "12" } }).ir!;
    expect(refusal(narrow, { batch: 2, seed: 0 })).toEqual(["VLM6309 input `text` indexes a table of 12 rows, but the pack holds token ids up to 19 (a wordpiece vocabulary of 20)"]);
  });

  it("images prepared another way than the model declares are a warning (VLM6311)", async () => {
    const centred = openDataset(await pack(path.join(dir, "centred"), { crop: "center" }));
    try {
      const source = centred.batches(model, { batch: 2, seed: 0 });
      expect(source.warnings.map((d) => `${d.code} ${d.message}`)).toEqual([
        'VLM6311 input `image` declares crop: "none", but the pack\'s images were prepared with crop "center"',
        'VLM6311 input `other` declares crop: "none", but the pack\'s images were prepared with crop "center"',
      ]);
    } finally {
      centred.close();
    }
  });
});
