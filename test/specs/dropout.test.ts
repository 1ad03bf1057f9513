// Dropout and stochastic depth: the ops' behaviour in the elaborator (a zero rate adds no node,
// the shape rule still checks the call), the std blocks' defaults (BERT 0.1, ViT 0), timm's
// linear drop-path schedule, and the rates each model publishes.
import { describe, expect, it } from "vitest";
import { compileFile } from "../../compiler/compile.js";
import type { IrGraph } from "../../compiler/ir/types.js";
import { compileSource } from "../harness.js";

function rates(ir: IrGraph, op: "dropout" | "drop_path"): number[] {
  return ir.nodes.filter((n) => n.op === op).map((n) => n.attrs["p"] as number);
}

function attentionDropout(ir: IrGraph): Set<number> {
  return new Set(ir.nodes.filter((n) => n.op === "attention").map((n) => n.attrs["dropout"] as number));
}

describe("dropout ops", () => {
  it("emit a keyed random node for a positive rate and nothing for a zero rate", () => {
    const { ir, diagnostics } = compileSource("model M {\n  input x: f32[B, 8]\n  y = dropout(x, p: 0.25)\n  z = drop_path(y, p: 0.0)\n  objective o = mean(z)\n}\n");
    expect(diagnostics).toEqual([]);
    const drop = ir!.nodes.find((n) => n.op === "dropout")!;
    expect(drop.attrs).toEqual({ p: 0.25 });
    expect(drop.key).toBe("model/dropout.0");
    expect(rates(ir!, "drop_path")).toEqual([]);
    expect(ir!.nodes.find((n) => n.op === "mean")!.inputs).toEqual([drop.id]);
  });

  it("check a zero-rate call like any other", () => {
    const { diagnostics } = compileSource("model M {\n  input ids: i32[B, 8]\n  input x: f32[B, 8]\n  y = dropout(ids, p: 0.0)\n  z = drop_path(x, p: 1.0)\n  objective o = mean(x)\n}\n");
    expect(diagnostics.map((d) => [d.code, d.message])).toEqual([
      ["VLM3002", "dropout input must be a float tensor, but is i32"],
      ["VLM2010", "drop_path probability must be in [0, 1), not 1"],
    ]);
  });

  it("rise linearly over a ViT's layers, as timm's torch.linspace(0, rate, depth)", () => {
    const { ir } = compileSource('import "std/vision.vlm"\nmodel M {\n  input image: f32[B, 3, 32, 32]\n  vision = VisionTransformer(32, 8, 32, 5, 2, drop_path_rate: 0.2)\n  objective o = mean(vision(image))\n}\n');
    // Two residual branches per layer; layer 0's rate is 0 and adds nothing.
    expect(rates(ir!, "drop_path")).toEqual([0.05, 0.05, 0.1, 0.1, 0.15000000000000002, 0.15000000000000002, 0.2, 0.2]);
    expect(rates(ir!, "dropout")).toEqual([]);
  });

  it("default to BERT's 0.1 in the BERT blocks", () => {
    const { ir } = compileSource('import "std/text.vlm"\nmodel M {\n  input ids: i32[B, 8]\n  bert = BertEncoder(64, 16, 1, 2)\n  objective o = mean(bert.unimodal(ids))\n}\n');
    // Embeddings, self-attention output, FFN output.
    expect(rates(ir!, "dropout")).toEqual([0.1, 0.1, 0.1]);
    expect(attentionDropout(ir!)).toEqual(new Set([0.1]));
  });
});

describe("published dropout rates", () => {
  it("CLIP, CoCa and ALBEF's ViT have none", () => {
    for (const file of ["clip", "coca"]) {
      const ir = compileFile(`specs/models/${file}.vlm`, { variant: "tiny" }).ir!;
      expect([...rates(ir, "dropout"), ...rates(ir, "drop_path")], file).toEqual([]);
      expect(attentionDropout(ir), file).toEqual(new Set([0]));
    }
    const albef = compileFile("specs/models/albef.vlm", { variant: "tiny" }).ir!;
    expect(albef.nodes.filter((n) => n.scope.startsWith("visual_encoder") && (n.op === "dropout" || n.op === "drop_path"))).toEqual([]);
    expect(new Set(rates(albef, "dropout"))).toEqual(new Set([0.1]));
  });

  it("BLIP: stochastic depth up to 0.1 for ViT-L only, BERT's 0.1 in the text stack", () => {
    const base = compileFile("specs/models/blip.vlm", { variant: "base" }).ir!;
    const large = compileFile("specs/models/blip.vlm", { variant: "large" }).ir!;
    expect(rates(base, "drop_path")).toEqual([]);
    const path = rates(large, "drop_path");
    expect(Math.max(...path)).toBeCloseTo(0.1, 12);
    expect(Math.min(...path)).toBeCloseTo(0.1 / 23, 12);
    expect(new Set(rates(large, "dropout"))).toEqual(new Set([0.1]));
  });

  it("ViLT: 0.1 on hidden states, none on attention probabilities", () => {
    const ir = compileFile("specs/models/vilt.vlm", { variant: "tiny" }).ir!;
    expect(new Set(rates(ir, "dropout"))).toEqual(new Set([0.1]));
    expect(attentionDropout(ir)).toEqual(new Set([0]));
    expect(rates(ir, "drop_path")).toEqual([]);
  });

  it("VLMo: stochastic depth up to 0.1 and 0.1 on the text embeddings", () => {
    const ir = compileFile("specs/models/vlmo.vlm", { variant: "tiny" }).ir!;
    expect(Math.max(...rates(ir, "drop_path"))).toBeCloseTo(0.1, 12);
    expect(new Set(rates(ir, "dropout"))).toEqual(new Set([0.1]));
  });

  it("BEiT-3: 0.1 when fine-tuning for captioning, 0.2 for retrieval, none in pre-training", () => {
    const top = (variant: string): number => Math.max(0, ...rates(compileFile("specs/models/beit3.vlm", { variant }).ir!, "drop_path"));
    expect(top("base_captioning")).toBeCloseTo(0.1, 12);
    expect(top("base_retrieval")).toBeCloseTo(0.2, 12);
    expect(top("tiny")).toBe(0);
  });
});
