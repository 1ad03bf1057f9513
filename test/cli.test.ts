import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadIr } from "../compiler/ir/serialize.js";
import { cli } from "./harness.js";

describe("vlmc CLI", () => {
  it("check passes the shipped specs in every variant (exit 0)", async () => {
    const r = await cli("check", "specs/models/clip.vlm", "specs/models/blip.vlm", "--all-variants");
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toContain("specs/models/blip.vlm: BLIP (4 configurations): ok");
  });

  it("summary --json gives the published CLIP B/32 total at params.total", async () => {
    const r = await cli("summary", "specs/models/clip.vlm", "--variant", "B32", "--json");
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out) as { params: { total: number; trainable: number }; flops: { total: number } };
    expect(s.params.total).toBe(151_277_313);
    expect(s.params.trainable).toBe(151_277_313);
    expect(s.flops.total).toBeGreaterThan(14e9);
  });

  it("summary prints a tree limited by --depth, with the FLOP convention in the header", async () => {
    const shallow = await cli("summary", "specs/models/clip.vlm", "--depth", "1");
    const deep = await cli("summary", "specs/models/clip.vlm", "--depth", "4");
    expect(shallow.out).toContain("visual (CLIPVisual)");
    expect(shallow.out).not.toContain("vit (VisionTransformer)");
    expect(deep.out).toContain("layers (12 × PreLNLayer)");
    expect(shallow.out).toContain("multiply-add = 2 FLOPs");
  });

  it("summary --stage counts what a stage trains", async () => {
    const r = await cli("summary", "specs/models/blip.vlm", "--stage", "finetune_captioner", "--json");
    const s = JSON.parse(r.out) as { params: { total: number; trainable: number }; stage: string };
    expect(s.stage).toBe("finetune_captioner");
    // The LM objective reaches the vision encoder and the decoder (with the encoder parts it shares).
    expect(s.params.trainable).toBe(223_679_804);
    expect(s.params.total).toBe(252_441_919);
  });

  it("-D overrides a hyperparameter", async () => {
    const r = await cli("summary", "specs/models/clip.vlm", "-D", "vision_layers=1", "-Dtext_layers=1", "--json");
    const s = JSON.parse(r.out) as { params: { total: number } };
    expect(s.params.total).toBeLessThan(50_000_000);
  });

  it("ir lists nodes readably and --json writes the loadable IR, the same from any working directory", async () => {
    const listing = await cli("ir", "specs/models/clip.vlm", "--variant", "tiny");
    expect(listing.code).toBe(0);
    expect(listing.err).toBe("");
    expect(listing.out).toMatch(/^ {2}%\d+ = linear\(%\d+, %\d+, %\d+\) : f32\[B, 17, 64\] {2}visual\.vit\.layers\.0\.attn\.q {2}std\/nn\.vlm:\d+:\d+$/m);
    expect(listing.out).toMatch(/^ {2}%\d+ = input image : f32\[B, 3, 32, 32\] {2}\(model\) {2}clip\.vlm:\d+:\d+$/m);
    expect(listing.out).toContain("\nobjectives (1):\n  itc = %");
    const json = await cli("ir", "specs/models/clip.vlm", "--variant", "tiny", "--json");
    expect(json.code).toBe(0);
    const loaded = loadIr(json.out);
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.ir!.file).toBe("clip.vlm");
    expect(loaded.ir!.nodes.length).toBeGreaterThan(100);
    const home = process.cwd();
    process.chdir("specs/models");
    try {
      expect((await cli("ir", "clip.vlm", "--variant", "tiny", "--json")).out).toBe(json.out);
      expect((await cli("ir", "./clip.vlm", "--variant", "tiny")).out).toBe(listing.out);
    } finally {
      process.chdir(home);
    }
  });

  it("ir --json on a spec with errors (exit 1) or on a damaged IR file (an I/O error, exit 2) writes the diagnostics as JSON", async () => {
    const r = await cli("ir", "test/fixtures/errors/shape_concat_widths.vlm", "--json");
    expect(r.code).toBe(1);
    const out = JSON.parse(r.out) as { ok: boolean; diagnostics: { code: string }[] };
    expect(out.ok).toBe(false);
    expect(out.diagnostics.map((d) => d.code)).toEqual(["VLM3001"]);

    const saved = (await cli("ir", "specs/models/clip.vlm", "--variant", "tiny", "--json")).out;
    const dir = mkdtempSync(join(tmpdir(), "vlmc-ir-"));
    try {
      writeFileSync(join(dir, "clip.json"), saved);
      expect((await cli("ir", join(dir, "clip.json"), "--json")).out).toBe(saved);
      writeFileSync(join(dir, "damaged.json"), saved.replace('"op":"attention"', '"op":"atention"'));
      const damaged = await cli("ir", join(dir, "damaged.json"), "--json");
      expect(damaged.code).toBe(2);
      const d = (JSON.parse(damaged.out) as { diagnostics: { code: string; message: string }[] }).diagnostics;
      expect(d.map((x) => x.code)).toEqual(["VLM6008"]);
      expect(d[0]!.message).toMatch(/damaged\.json is malformed at nodes\[\d+\]\.op: unknown op `atention`$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("exit code 1 for errors in a spec, 2 for usage and I/O errors", async () => {
    expect((await cli("check", "test/fixtures/errors/does-not-exist.vlm")).code).toBe(2);
    expect((await cli("summary", "specs/models/clip.vlm", "--variant", "nope")).code).toBe(2);
    expect((await cli("frobnicate")).code).toBe(2);
    expect((await cli("check", "--bogus", "x.vlm")).code).toBe(2);
    expect((await cli("summary", "specs/models/clip.vlm", "--depth", "-1")).code).toBe(2);
    expect((await cli("--help")).code).toBe(0);
  });

  it("renders diagnostics with location, source line, carets and hint", async () => {
    const r = await cli("summary", "specs/models/clip.vlm", "--variant", "nope");
    expect(r.err).toMatch(/^specs\/models\/clip\.vlm:\d+:7 - error VLM6002: model CLIP has no variant `nope`/);
    expect(r.err).toContain("^^^^");
    expect(r.err).toContain("hint: variants: B32, B16, L14, tiny");
  });
});
