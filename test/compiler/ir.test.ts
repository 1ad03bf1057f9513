// Every shipped spec and variant elaborates to a well-formed IR whose JSON dump is
// deterministic, and re-running every op's shape rule reproduces the stored types.
import { describe, expect, it } from "vitest";
import { buildModel, frontEnd } from "../../compiler/compile.js";
import { hasErrors } from "../../compiler/diagnostics/diagnostic.js";
import { irToJson, stableStringify } from "../../compiler/ir/dump.js";
import { verifyIr } from "../../compiler/ir/verify.js";

const SPECS = ["specs/models/clip.vlm", "specs/models/blip.vlm", "test/fixtures/kitchen-sink.vlm"];

describe("IR", () => {
  for (const file of SPECS) {
    const front = frontEnd(file);
    for (const model of front.models) {
      const variants = [undefined, ...model.body.flatMap((s) => (s.kind === "VariantStmt" ? [s.name.name] : []))];
      for (const variant of variants) {
        it(`${file} ${variant ?? "(default)"} is well formed`, () => {
          const built = buildModel(front, model, variant ? { variant } : {});
          expect(hasErrors(built.diagnostics)).toBe(false);
          expect(verifyIr(built.ir!)).toEqual([]);
          expect(Object.isFrozen(built.ir)).toBe(true);
          expect(Object.isFrozen(built.ir!.nodes)).toBe(true);
          expect(built.ir!.nodes.every((n) => Object.isFrozen(n))).toBe(true);
        });
      }
    }
  }

  it("dumps deterministically", () => {
    const a = frontEnd("specs/models/blip.vlm");
    const b = frontEnd("specs/models/blip.vlm");
    const ja = stableStringify(irToJson(buildModel(a, a.models[0]!, { variant: "tiny" }).ir!, a.program.sources));
    const jb = stableStringify(irToJson(buildModel(b, b.models[0]!, { variant: "tiny" }).ir!, b.program.sources));
    expect(ja).toBe(jb);
    expect(ja.length).toBeGreaterThan(10_000);
  });

  it("names parameters hierarchically", () => {
    const f = frontEnd("specs/models/blip.vlm");
    const ir = buildModel(f, f.models[0]!, { variant: "tiny" }).ir!;
    expect(ir.params.has("decoder.bert.layers.1.cross_attn.q.weight")).toBe(true);
    expect(ir.params.has("vision.layers.0.attn.q.weight")).toBe(true);
  });

  it("records the instantiation chain behind a node", () => {
    const f = frontEnd("specs/models/clip.vlm");
    const ir = buildModel(f, f.models[0]!, { variant: "tiny" }).ir!;
    const node = ir.nodes.find((n) => n.op === "attention" && n.scope === "visual.vit.layers.1.attn")!;
    const labels: string[] = [];
    for (let fr = node.prov.frame; fr; fr = fr.parent) labels.push(fr.label);
    expect(node.prov.span.file).toBe("specs/std/attention.vlm");
    expect(labels.some((l) => l.includes("visual.vit.layers.1.attn"))).toBe(true);
    expect(labels[labels.length - 1]).toContain("visual");
  });
});
