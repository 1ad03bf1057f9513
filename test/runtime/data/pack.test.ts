// Packing (runtime/data/pack.ts) and reading back (dataset.ts): pixels as the resize gives them,
// ids as the tokenizer gives them, every kind of bad line or image reported with its line and
// counted, shards that split where asked, and a pack that was interrupted or damaged refused.
import { existsSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Diagnostic } from "../../../compiler/diagnostics/diagnostic.js";
import { openDataset } from "../../../runtime/data/dataset.js";
import { decodeImage } from "../../../runtime/data/decode.js";
import { ImageLoader } from "../../../runtime/data/image-loader.js";
import { prepareImage } from "../../../runtime/data/prepare.js";
import { MANIFEST_FILE, type Manifest } from "../../../runtime/data/manifest.js";
import { packDataset, type PackResult } from "../../../runtime/data/pack.js";
import { resizeAndCrop } from "../../../runtime/data/resample.js";
import { loadTokenizer } from "../../../runtime/data/tokenizer.js";
import { RunError } from "../../../runtime/errors.js";
import { tempDir, writeCaptions, writeImages, writeVocab, type ImageSpec } from "./fixtures.js";

const IMAGES: ImageSpec[] = [
  { name: "a.jpg", width: 40, height: 30, seed: 1, format: "jpeg" },
  { name: "b.png", width: 30, height: 40, seed: 2, format: "png" },
  { name: "c.png", width: 20, height: 20, seed: 3, format: "png-grey" },
  { name: "d.png", width: 25, height: 25, seed: 4, format: "png-alpha" },
  { name: "sub/e.jpg", width: 64, height: 48, seed: 5, format: "jpeg" },
];

const LINES = [
  { image: "a.jpg", caption: "a photo of a dog." },
  { file: "b.png", text: ["the cat sits on red grass", "a reddish cat"] },
  "{not json",
  { image: "c.png" },
  { caption: "a cat" },
  { image: "d.png", caption: "   " },
  { image: "missing.jpg", caption: "a dog" },
  { image: "corrupt.jpg", caption: "a dog" },
  "",
  { image: "sub/e.jpg", caption: "dogs on grass" },
  { image: "c.png", caption: "the grey cat" },
  { image: "d.png", caption: "a dog sits" },
  { image: "trunc.png", caption: "a cat" },
];

/** (image, caption, line) of each example, in file order. */
const PACKED = [
  ["a.jpg", "a photo of a dog.", 1],
  ["b.png", "the cat sits on red grass", 2],
  ["b.png", "a reddish cat", 2],
  ["sub/e.jpg", "dogs on grass", 10],
  ["c.png", "the grey cat", 11],
  ["d.png", "a dog sits", 12],
] as const;

function messages(ds: readonly Diagnostic[]): string[] {
  return ds.map((d) => `${d.code} ${d.message}`);
}

describe("vlmc data pack, then reading the pack", () => {
  const dir = tempDir("pack");
  const out = path.join(dir, "out");
  let sources: Map<string, Uint8Array>;
  let result: PackResult;
  let vocab: string;

  beforeAll(async () => {
    sources = writeImages(dir, IMAGES);
    writeFileSync(path.join(dir, "images", "corrupt.jpg"), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5]));
    const png = readFileSync(path.join(dir, "images", "b.png"));
    writeFileSync(path.join(dir, "images", "trunc.png"), png.subarray(0, png.length - 30));
    vocab = writeVocab(dir);
    const captions = writeCaptions(dir, LINES);
    result = await packDataset({ images: path.join(dir, "images"), captions, tokenizer: `wordpiece:${vocab}`, imageSize: 8, out, maxTokens: 6, shardSize: 4 });
  });

  it("packs every usable pair and reports each skipped line with its file and line", () => {
    expect(result.manifest).toBeDefined();
    const m = result.manifest!;
    expect([m.examples, m.images, m.shards.map((s) => s.examples)]).toEqual([6, 5, [4, 2]]);
    expect(m.skipped.total).toBe(7);
    expect(m.skipped.reasons).toEqual({ "not JSON": 1, "no caption": 1, "no image": 1, "empty caption": 1, "image missing": 1, "image undecodable": 2 });
    const said = messages(result.diagnostics);
    const captionsFile = path.join(dir, "captions.jsonl");
    expect(said).toHaveLength(7);
    expect(said[0]).toBe(`VLM6303 ${captionsFile}:3: not valid JSON ("{not json"); skipped`);
    expect(said.slice(1, 5)).toEqual([
      `VLM6303 ${captionsFile}:4: no caption: it has no "caption" or "text" (expected a string or a list of strings); skipped`,
      `VLM6303 ${captionsFile}:5: no image file name: it has keys "caption" (expected a non-empty "image" or "file" string); skipped`,
      `VLM6303 ${captionsFile}:6: the caption is empty; skipped`,
      `VLM6304 ${captionsFile}:7: image missing.jpg: no such file; skipped`,
    ]);
    expect(said[5]).toMatch(new RegExp(`^VLM6304 ${captionsFile}:8: image corrupt.jpg: a damaged or unsupported JPEG`));
    expect(said[6]).toMatch(new RegExp(`^VLM6304 ${captionsFile}:13: image trunc.png: a damaged or unsupported PNG`));
    // Cut to 6 tokens: "a photo of a dog." and "the cat sits on red grass".
    expect(m.text).toMatchObject({ maxTokens: 6, truncated: 2, wordsApproximate: 0 });
  });

  it("stores each image resized and cropped as the resampler gives it (JPEG within its loss)", () => {
    const ds = openDataset(out);
    try {
      expect(ds.size).toBe(6);
      PACKED.forEach(([name, , line], i) => {
        const e = ds.example(i);
        expect(e.line).toBe(line);
        const spec = IMAGES.find((s) => s.name === name)!;
        const expected = resizeAndCrop(sources.get(name)!, spec.width, spec.height, 8, "bicubic", "center");
        let worst = 0;
        for (let k = 0; k < expected.length; k++) worst = Math.max(worst, Math.abs(e.pixels[k]! - expected[k]!));
        expect(worst, name).toBeLessThanOrEqual(spec.format === "jpeg" ? 8 : 0);
      });
      // The decoded file, resized, is exactly what was stored.
      const decoded = decodeImage(readFileSync(path.join(dir, "images", "a.jpg")));
      if (!("image" in decoded)) throw new Error(decoded.problem);
      expect(Array.from(ds.example(0).pixels)).toEqual(Array.from(resizeAndCrop(decoded.image.rgb, 40, 30, 8, "bicubic", "center")));
    } finally {
      ds.close();
    }
  });

  it("stores the tokenizer's ids, cut to --max-tokens keeping [SEP], and word indices", () => {
    const tokenizer = loadTokenizer(`wordpiece:${vocab}`).tokenizer!;
    const ds = openDataset(out);
    try {
      PACKED.forEach(([, caption], i) => {
        const e = ds.example(i);
        const expected = tokenizer.encode(caption, 6);
        if (!expected.ok) throw new Error(expected.problem);
        expect(Array.from(e.ids)).toEqual(expected.caption.ids);
        expect(Array.from(e.words)).toEqual(expected.caption.words);
      });
      // "the cat sits on red grass": [CLS] the cat sits on [SEP] — cut, the end token kept.
      expect(Array.from(ds.example(1).ids)).toEqual([2, 11, 12, 19, 15, 3]);
      expect(Array.from(ds.example(2).words)).toEqual([-1, 0, 1, 1, 2, -1]);
      expect(ds.example(1).imageKey).toBe(ds.example(2).imageKey);
      expect(ds.example(0).imageKey).not.toBe(ds.example(1).imageKey);
    } finally {
      ds.close();
    }
  });

  it("a pack where every line is skipped is an error, and writes no manifest", async () => {
    const empty = path.join(dir, "empty");
    const captions = writeCaptions(dir, [{ image: "missing.jpg", caption: "a" }, "[1, 2]"], "bad.jsonl");
    const r = await packDataset({ images: path.join(dir, "images"), captions, tokenizer: `wordpiece:${vocab}`, imageSize: 8, out: empty });
    expect(r.manifest).toBeUndefined();
    expect(r.diagnostics.map((d) => d.code)).toEqual(["VLM6304", "VLM6303", "VLM6305"]);
    expect(r.diagnostics[2]!.message).toBe(`nothing was packed from ${captions}: all 2 captions were skipped`);
    expect(existsSync(path.join(empty, MANIFEST_FILE))).toBe(false);
  });

  it("missing inputs are VLM6301 and a tokenizer problem VLM6302, before anything is written", async () => {
    const r = await packDataset({ images: path.join(dir, "nope"), captions: path.join(dir, "nope.jsonl"), tokenizer: "wordpiece:nope.txt", imageSize: 8, out: path.join(dir, "never") });
    expect(r.diagnostics.map((d) => d.code)).toEqual(["VLM6301", "VLM6301", "VLM6302"]);
    expect(existsSync(path.join(dir, "never"))).toBe(false);
  });

  it("packing again into the folder replaces the pack: one manifest, no stale shards", async () => {
    const again = path.join(dir, "again");
    const captions = path.join(dir, "captions.jsonl");
    const images = path.join(dir, "images");
    await packDataset({ images, captions, tokenizer: `wordpiece:${vocab}`, imageSize: 8, out: again, shardSize: 1 });
    expect(readdirSync(again).filter((f) => f.startsWith("shard-"))).toHaveLength(6);
    const r = await packDataset({ images, captions, tokenizer: `wordpiece:${vocab}`, imageSize: 8, out: again, shardSize: 4 });
    expect(readdirSync(again).sort()).toEqual([MANIFEST_FILE, "shard-00000.safetensors", "shard-00001.safetensors"]);
    const ds = openDataset(again);
    expect(ds.size).toBe(r.manifest!.examples);
    ds.close();
  });
});

describe("decoding on worker threads", () => {
  it("gives the same pack, byte for byte, as decoding on one thread", async () => {
    const dir = tempDir("workers");
    const names = Array.from({ length: 24 }, (_, i) => `${i}.${i % 3 ? "png" : "jpg"}`);
    writeImages(dir, names.map((name, i) => ({ name, width: 30 + i, height: 20 + (i % 5), seed: i, format: name.endsWith("png") ? ("png" as const) : ("jpeg" as const) })));
    const captions = writeCaptions(dir, [...names.map((image) => ({ image, caption: "a dog" })), { image: "gone.png", caption: "a cat" }]);
    const vocab = writeVocab(dir);
    const packs = await Promise.all(
      [0, 2].map(async (workers) => {
        const out = path.join(dir, `out-${workers}`);
        const r = await packDataset({ images: path.join(dir, "images"), captions, tokenizer: `wordpiece:${vocab}`, imageSize: 8, out, workers });
        expect(r.manifest!.examples).toBe(24);
        expect(r.diagnostics.map((d) => d.code)).toEqual(["VLM6304"]);
        return readFileSync(path.join(out, "shard-00000.safetensors"));
      }),
    );
    expect(packs[1]!.equals(packs[0]!)).toBe(true);
  });

  it("the workers do the work once the first images are done", async () => {
    const dir = tempDir("loader");
    writeImages(dir, Array.from({ length: 6 }, (_, i) => ({ name: `${i}.png`, width: 12, height: 12, seed: i, format: "png" as const })));
    const recipe = { size: 8, resize: "bicubic", crop: "center" } as const;
    const loader = new ImageLoader(recipe, 2, 2);
    try {
      const got = await Promise.all(Array.from({ length: 6 }, (_, i) => loader.load(path.join(dir, "images", `${i}.png`))));
      expect(loader.prepared).toEqual({ here: 2, onWorkers: 4 });
      got.forEach((g, i) => expect(g).toEqual(prepareImage(path.join(dir, "images", `${i}.png`), recipe)));
    } finally {
      await loader.close();
    }
  });
});

describe("a damaged or unfinished pack is refused", () => {
  async function freshPack(name: string): Promise<string> {
    const dir = tempDir(name);
    writeImages(dir, IMAGES.slice(0, 2));
    const captions = writeCaptions(dir, [LINES[0]!, LINES[1]!]);
    const out = path.join(dir, "out");
    const r = await packDataset({ images: path.join(dir, "images"), captions, tokenizer: `wordpiece:${writeVocab(dir)}`, imageSize: 8, out, shardSize: 2 });
    expect(r.manifest).toBeDefined();
    return out;
  }

  function refusal(dir: string): string[] {
    try {
      openDataset(dir).close();
    } catch (e) {
      if (e instanceof RunError) return e.diagnostics.map((d) => `${d.code} ${d.message.split(dir).join("$PACK")}`);
      throw e;
    }
    return [];
  }

  it("no manifest (an interrupted pack), a manifest that is not JSON or does not add up: VLM6307", async () => {
    const out = await freshPack("damaged-manifest");
    const file = path.join(out, MANIFEST_FILE);
    const good = readFileSync(file, "utf8");
    rmSync(file);
    expect(refusal(out)).toEqual(["VLM6307 $PACK/manifest.json: no manifest: this folder holds no finished pack (was packing interrupted?)"]);
    writeFileSync(file, good.slice(0, 40));
    expect(refusal(out)[0]).toMatch(/^VLM6307 \$PACK\/manifest\.json: not valid JSON/);
    const m = JSON.parse(good) as Manifest;
    writeFileSync(file, JSON.stringify({ ...m, examples: 5 }));
    expect(refusal(out)).toEqual(['VLM6307 $PACK/manifest.json: its shards hold 3 examples, but "examples" says 5']);
    writeFileSync(file, JSON.stringify({ ...m, image: { ...m.image, resize: "nearest" } }));
    expect(refusal(out)).toEqual(['VLM6307 $PACK/manifest.json: "image.resize" is "nearest", not bicubic or bilinear']);
  });

  it("a missing shard, a truncated one, one of other shapes: VLM6308", async () => {
    const out = await freshPack("damaged-shard");
    const first = path.join(out, "shard-00000.safetensors");
    const second = path.join(out, "shard-00001.safetensors");
    const bytes = readFileSync(first);
    truncateSync(first, bytes.length - 10);
    rmSync(second);
    expect(refusal(out)).toEqual([
      `VLM6308 $PACK/shard-00000.safetensors: is ${bytes.length - 10} bytes long, but the manifest recorded ${bytes.length}: it was truncated or replaced`,
      "VLM6308 $PACK/shard-00001.safetensors: missing: the manifest names it but it is not there",
    ]);
    const m = JSON.parse(readFileSync(path.join(out, MANIFEST_FILE), "utf8")) as Manifest;
    writeFileSync(first, bytes);
    writeFileSync(path.join(out, MANIFEST_FILE), JSON.stringify({ ...m, shards: [m.shards[0]], examples: 2, text: { ...m.text, maxTokens: 7 } }));
    expect(refusal(out)).toEqual([
      "VLM6308 $PACK/shard-00000.safetensors: tensor 'tokens' is I32 [2, 128], but the manifest implies I32 [2, 7]",
      "VLM6308 $PACK/shard-00000.safetensors: tensor 'words' is I32 [2, 128], but the manifest implies I32 [2, 7]",
    ]);
  });
});
