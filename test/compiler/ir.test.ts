// Every shipped model in every variant (and the kitchen sink) elaborates to a well-formed,
// frozen IR that survives its JSON form: serialize → load gives an equal graph, and writing
// that again gives the same bytes. Plus what the IR records: names, provenance, keys.
import { readdirSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { describe, expect, it } from "vitest";
import { buildModel, frontEnd } from "../../compiler/compile.js";
import { hasErrors } from "../../compiler/diagnostics/diagnostic.js";
import { loadIr, serializeIr } from "../../compiler/ir/serialize.js";
import { verifyIr } from "../../compiler/ir/verify.js";

const SPECS = [
  ...readdirSync("specs/models")
    .filter((f) => f.endsWith(".vlm"))
    .sort()
    .map((f) => `specs/models/${f}`),
  "test/fixtures/kitchen-sink.vlm",
];

describe("IR", () => {
  it("covers the seven shipped models", () => {
    expect(SPECS.length).toBe(8);
  });

  for (const file of SPECS) {
    const front = frontEnd(file);
    for (const model of front.models) {
      const variants = [undefined, ...model.body.flatMap((s) => (s.kind === "VariantStmt" ? [s.name.name] : []))];
      for (const variant of variants) {
        it(`${file} ${variant ?? "(default)"} is well formed and round-trips through JSON`, () => {
          const built = buildModel(front, model, variant ? { variant } : {});
          expect(hasErrors(built.diagnostics)).toBe(false);
          const ir = built.ir!;
          expect(verifyIr(ir)).toEqual([]);
          expect(Object.isFrozen(ir)).toBe(true);
          expect(Object.isFrozen(ir.nodes)).toBe(true);
          expect(ir.nodes.every((n) => Object.isFrozen(n))).toBe(true);

          const text = serializeIr(ir, { sources: front.program.sources });
          const loaded = loadIr(text);
          expect(loaded.diagnostics).toEqual([]);
          expect(isDeepStrictEqual(loaded.ir, ir), "the loaded graph equals the original").toBe(true);
          expect(serializeIr(loaded.ir!, { sources: loaded.sources! })).toBe(text);
          expect(Object.isFrozen(loaded.ir)).toBe(true);
          expect(loaded.ir!.nodes.every((n) => Object.isFrozen(n))).toBe(true);
        });
      }
    }
  }

  it("serializes deterministically", () => {
    const a = frontEnd("specs/models/blip.vlm");
    const b = frontEnd("specs/models/blip.vlm");
    const ja = serializeIr(buildModel(a, a.models[0]!, { variant: "tiny" }).ir!);
    const jb = serializeIr(buildModel(b, b.models[0]!, { variant: "tiny" }).ir!);
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

  it("keys a node by where it was emitted, so its key survives changes elsewhere", () => {
    const f = frontEnd("specs/models/clip.vlm");
    const small = buildModel(f, f.models[0]!, { variant: "tiny" }).ir!;
    const deeper = buildModel(f, f.models[0]!, { variant: "tiny", overrides: { vision_layers: "3" } }).ir!;
    // The text tower comes after the image tower: a deeper image tower moves its nodes' ids.
    const key = "textual.transformer.layers.0.attn:forward@0/attention.0";
    const a = small.nodes.find((n) => n.key === key)!;
    const b = deeper.nodes.find((n) => n.key === key)!;
    expect(a.scope).toBe("textual.transformer.layers.0.attn");
    expect(b.scope).toBe(a.scope);
    expect(b.id).toBeGreaterThan(a.id);
  });
});
