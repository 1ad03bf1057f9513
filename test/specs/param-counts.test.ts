// Parameter totals of the shipped specs against the published (or code-derived) figures.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { summarize } from "../../compiler/analysis/summary.js";
import { compileFile } from "../../compiler/compile.js";
import { hasErrors } from "../../compiler/diagnostics/diagnostic.js";
import { compileSource } from "../harness.js";

function total(file: string, variant?: string): number {
  const r = compileFile(file, variant ? { variant } : {});
  expect(hasErrors(r.diagnostics), JSON.stringify(r.diagnostics.slice(0, 3))).toBe(false);
  return summarize(r.ir!).params.total;
}

describe("CLIP (openai/CLIP clip/model.py, including logit_scale)", () => {
  it.each([
    ["B32", 151_277_313],
    ["B16", 149_620_737],
    ["L14", 427_616_513],
  ])("%s has %i parameters", (variant, expected) => {
    expect(total("specs/models/clip.vlm", variant)).toBe(expected);
  });
});

describe("BLIP sharing", () => {
  const src = readFileSync("specs/models/blip.vlm", "utf8");
  const shareLine = /^\s*share decoder\.bert\.\*\* with encoder\.\*\*.*$/m;

  it("base totals the pre-training model's learned parameters", () => {
    // vision 85,798,656 + encoder 137,258,496 + decoder's own self-attention and head 28,989,500
    // + projections 2 × 196,864 + ITM head 1,538 + temperature 1
    expect(total("specs/models/blip.vlm")).toBe(252_441_919);
  });

  it("the decoder shares everything with the encoder but its self-attention layers", () => {
    const r = compileFile("specs/models/blip.vlm");
    const params = [...r.ir!.params.values()].filter((p) => p.name.startsWith("decoder.bert."));
    const own = params.filter((p) => !p.sharedWith).map((p) => p.name);
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((n) => /^decoder\.bert\.layers\.\d+\.(self_attn|self_ln)\./.test(n))).toBe(true);
    expect(params.filter((p) => p.sharedWith).every((p) => p.sharedWith!.startsWith("encoder."))).toBe(true);
    // The LM head is tied to the (shared) word embeddings, whose owner is the encoder's.
    expect(r.ir!.params.get("decoder.head.decoder.weight")!.sharedWith).toBe("encoder.embeddings.word.weight");
  });

  it("removing the share line adds exactly the parameters it shared", () => {
    expect(src).toMatch(shareLine);
    const withShare = compileSource(src, {}, "specs/models/blip-copy.vlm");
    const without = compileSource(src.replace(shareLine, ""), {}, "specs/models/blip-copy.vlm");
    const a = summarize(withShare.ir!);
    const b = summarize(without.ir!);
    // The encoder's parameters minus the decoder's unshared self-attention (12 × (4·(768² + 768) + 2·768)).
    expect(b.params.total - a.params.total).toBe(137_258_496 - 12 * (4 * (768 * 768 + 768) + 2 * 768));
    // …which is exactly what the share statement saved (the LM-head tie remains in both).
    expect(b.params.total - a.params.total).toBe(a.params.shared - b.params.shared);
  });
});
