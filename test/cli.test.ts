import { describe, expect, it } from "vitest";
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

  it("ir prints deterministic JSON", async () => {
    const a = await cli("ir", "specs/models/clip.vlm", "--variant", "tiny");
    const b = await cli("ir", "specs/models/clip.vlm", "--variant", "tiny");
    expect(a.code).toBe(0);
    expect(a.out).toBe(b.out);
    expect(JSON.parse(a.out)).toHaveProperty("nodes");
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
