// `vlmc data pack` and `vlmc data inspect`: what they print, and every refusal and warning as a
// coded diagnostic kept as a golden under test/fixtures/run-errors/ (the catalog test counts them
// as fixtures of their codes).
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli, cliDiagnostics, expectGolden, portable } from "./harness.js";
import { tempDir, writeCaptions, writeImages, writeVocab } from "./runtime/data/fixtures.js";

const dir = tempDir("cli-data");
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const images = path.join(dir, "images");
const FIT = "test/runtime/data/fit.vlm";
let vocab: string;
let captions: string;

beforeAll(() => {
  writeImages(
    dir,
    Array.from({ length: 6 }, (_, i) => ({ name: `${i}.${i % 2 ? "png" : "jpg"}`, width: 40 + i, height: 36, seed: i, format: i % 2 ? ("png" as const) : ("jpeg" as const) })),
  );
  vocab = writeVocab(dir);
  captions = writeCaptions(
    dir,
    ["a dog", "a photo of a cat", "the red grass", "dogs on grass", "a cat sits", "the cafe"].map((caption, i) => ({ image: `${i}.${i % 2 ? "png" : "jpg"}`, caption })),
  );
});

function packArgs(out: string, ...more: string[]): string[] {
  return ["data", "pack", "--images", images, "--captions", captions, "--tokenizer", `wordpiece:${vocab}`, "--image-size", "32", "--out", out, ...more];
}

/** A command's diagnostics kept as a golden (temporary paths made portable), with its exit code. */
async function golden(name: string, expectedExit: number, ...args: string[]): Promise<void> {
  const { code, diagnostics } = await cliDiagnostics(...args);
  expect(code, JSON.stringify(diagnostics)).toBe(expectedExit);
  expect(diagnostics.length).toBeGreaterThan(0);
  expectGolden(`test/fixtures/run-errors/${name}.golden.json`, portable(diagnostics, dir));
}

describe("vlmc data pack", () => {
  it("packs, prints a summary, and --json reports the same counts", async () => {
    const out = path.join(dir, "pack");
    const r = await cli(...packArgs(out, "--crop", "none", "--max-tokens", "16"));
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(`${out}: 6 examples (6 images) in 1 shard\n`);
    expect(r.out).toContain("  images   32×32 RGB, bicubic resize, no crop\n");
    expect(r.out).toContain("  captions wordpiece tokens (vocabulary 20), at most 16 per caption: [2] … [3], padded with 0\n");
    expect(r.out).toMatch(/packed in \d+\.\d\d s, [\d.]+ examples\/s/);
    const json = JSON.parse((await cli(...packArgs(path.join(dir, "pack-json"), "--shard-size", "4", "--json"))).out) as { ok: boolean; examples: number; shards: number; diagnostics: unknown[] };
    expect([json.ok, json.examples, json.shards, json.diagnostics]).toEqual([true, 6, 2, []]);
  });

  it("inspect validates a pack and draws a batch for a model", async () => {
    const out = path.join(dir, "pack");
    const plain = await cli("data", "inspect", out);
    expect(plain.code).toBe(0);
    expect(plain.out).toContain("6 examples (6 images) in 1 shard");
    const r = await cli("data", "inspect", out, "specs/models/vilt.vlm", "--variant", "tiny", "--batch", "3");
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain("a batch for ViLT (2 steps per epoch):");
    expect(r.out).toMatch(/ {2}image +f32 \[3, 3, 32, 32\] .* from image\(mean: \[0\.5, 0\.5, 0\.5\], std: \[0\.5, 0\.5, 0\.5\], resize: "bicubic", crop: "none"\)/);
    expect(r.out).toMatch(/ {2}text_words +i32 \[3, 8\] +0 … 7 .* from caption_words/);
  });

  it("skipped lines and images are warnings with their line; the pack still succeeds", async () => {
    const bad = writeCaptions(dir, [{ image: "0.jpg", caption: "a dog" }, "not json", { image: "gone.jpg", caption: "a cat" }, { image: "1.png", caption: "" }], "some-bad.jsonl");
    await golden("data_skipped", 0, "data", "pack", "--images", images, "--captions", bad, "--tokenizer", `wordpiece:${vocab}`, "--image-size", "32", "--out", path.join(dir, "some-bad"));
  });
});

describe("vlmc data refuses what it cannot use, with coded diagnostics", () => {
  it("missing inputs (VLM6301) and unusable tokenizer files (VLM6302), exit 2", async () => {
    await golden("data_input_missing", 2, "data", "pack", "--images", path.join(dir, "nope"), "--captions", path.join(dir, "nope.jsonl"), "--tokenizer", `wordpiece:${vocab}`, "--image-size", "32", "--out", path.join(dir, "x"));
    await golden("data_tokenizer", 2, ...packArgs(path.join(dir, "y")).map((a) => (a === `wordpiece:${vocab}` ? `wordpiece:${path.join(dir, "missing-vocab.txt")}` : a)));
  });

  it("nothing packed (VLM6305, exit 1) and an --out that cannot be a folder (VLM6306, exit 2)", async () => {
    const none = writeCaptions(dir, [{ image: "gone.jpg", caption: "a cat" }], "none.jsonl");
    await golden("data_nothing_packed", 1, "data", "pack", "--images", images, "--captions", none, "--tokenizer", `wordpiece:${vocab}`, "--image-size", "32", "--out", path.join(dir, "none"));
    const file = path.join(dir, "a-file");
    writeFileSync(file, "not a folder");
    await golden("data_pack_write", 2, ...packArgs(file));
  });

  it("a folder without a finished pack (VLM6307) or with a shard gone (VLM6308), exit 2", async () => {
    const empty = path.join(dir, "unfinished");
    mkdirSync(empty, { recursive: true });
    await golden("data_manifest", 2, "data", "inspect", empty);
    const out = path.join(dir, "broken");
    expect((await cli(...packArgs(out, "--shard-size", "4"))).code).toBe(0);
    rmSync(path.join(out, "shard-00001.safetensors"));
    await golden("data_shard", 2, "data", "inspect", out);
  });

  it("a pack that does not fit the model (VLM6309), inputs without a source (VLM6310), other preprocessing (VLM6311)", async () => {
    // test/runtime/data/fit.vlm: small models whose lines the goldens quote.
    const small = path.join(dir, "small");
    expect((await cli(...packArgs(small, "--crop", "none").map((a) => (a === "32" ? "16" : a)))).code).toBe(0);
    await golden("data_mismatch", 1, "data", "inspect", small, FIT, "--model", "DataFit", "-D", "vocab=12");
    const fitting = path.join(dir, "fitting");
    expect((await cli(...packArgs(fitting, "--crop", "none"))).code).toBe(0);
    await golden("data_no_source", 1, "data", "inspect", fitting, FIT, "--model", "NoSource");
    const centred = path.join(dir, "centred");
    expect((await cli(...packArgs(centred))).code).toBe(0);
    await golden("data_preprocessing", 0, "data", "inspect", centred, FIT, "--model", "DataFit");
  });

  it("an unknown subcommand or missing options are usage errors (exit 2)", async () => {
    const { code, diagnostics } = await cliDiagnostics("data", "unpack");
    expect([code, diagnostics.map((d) => d.code)]).toEqual([2, ["VLM6006"]]);
    const missing = await cliDiagnostics("data", "pack", "--images", images);
    expect(missing.diagnostics[0]!.message).toBe("data pack needs --captions, --tokenizer, --image-size, --out");
  });
});
