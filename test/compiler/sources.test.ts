// Data sources in the language: `input x: T from SOURCE` elaborates to IrInput.source with every
// argument (defaults filled in); the source names exist only inside `from`; conditions and
// hyperparameters work there as anywhere; mistakes are coded diagnostics at the right place.
import { describe, expect, it } from "vitest";
import { parse } from "../../grammar/parse.js";
import { printFile } from "../../grammar/printer.js";
import { formatIrListing } from "../../compiler/ir/listing.js";
import { SOURCES } from "../../compiler/ir/sources.js";
import { compileSource } from "../harness.js";

const IMAGE = "image(mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5])";

function model(body: string): string {
  return `model M {\n${body}\n}\n`;
}

function codes(text: string): string[] {
  return compileSource(text).diagnostics.filter((d) => d.severity === "error").map((d) => d.code);
}

describe("data sources", () => {
  it("fill in every default, keep the order of the registry, and leave inputs without `from` alone", () => {
    const { ir, diagnostics } = compileSource(
      model(
        [
          `  input image: f32[B, 3, 16, 16] from ${IMAGE}`,
          "  input text: i32[B, 8] from caption",
          "  input valid: i32[B, 8] from caption_mask()",
          "  input ids: i32[B, 8]",
          '  objective o = mean(image) + mean(cast(text + valid + ids, dtype: "f32"))',
        ].join("\n"),
      ),
    );
    expect(diagnostics).toEqual([]);
    const [image, text, valid, ids] = ir!.inputs;
    expect(image!.source).toEqual({ kind: "image", args: { mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5], resize: "bicubic", crop: "center" } });
    expect(Object.keys(image!.source!.args)).toEqual(SOURCES.get("image")!.args.map((a) => a.name));
    expect(text!.source).toEqual({ kind: "caption", args: {} });
    expect(valid!.source).toEqual({ kind: "caption_mask", args: {} });
    expect(ids!.source).toBeUndefined();
    expect(Object.isFrozen(image!.source) && Object.isFrozen(image!.source!.args) && Object.isFrozen(image!.source!.args["mean"])).toBe(true);
  });

  it("evaluate their arguments and conditions in the model's scope", () => {
    const { ir, diagnostics } = compileSource(
      model(
        [
          "  hyper m = 0.25, fast = true",
          '  input image: f32[B, 3, 16, 16] from other_image([m, m, m * 2], [1, 1, 1], if fast then "bilinear" else "bicubic", crop: "none")',
          "  input valid: i32[B, 8] from if fast then caption_words else caption_mask",
          "  input text: i32[B, 8] from caption",
          '  objective o = mean(image) + mean(cast(text + valid, dtype: "f32"))',
        ].join("\n"),
      ),
    );
    expect(diagnostics).toEqual([]);
    expect(ir!.inputs[0]!.source).toEqual({ kind: "other_image", args: { mean: [0.25, 0.25, 0.5], std: [1, 1, 1], resize: "bilinear", crop: "none" } });
    expect(ir!.inputs[1]!.source!.kind).toBe("caption_words");
  });

  it("accept any channel count the input declares, and integer or float types of either width", () => {
    const { ir, diagnostics } = compileSource(
      model(
        [
          "  input gray: f16[B, 1, 16, 16] from image(mean: [0.5], std: [0.25])",
          "  input text: i64[B, T] from caption",
          "  input progress: f32[] from progress",
          '  objective o = mean(cast(gray, dtype: "f32")) * progress + mean(cast(text, dtype: "f32"))',
        ].join("\n"),
      ),
    );
    expect(diagnostics).toEqual([]);
    expect(ir!.inputs.map((i) => i.source?.kind)).toEqual(["image", "caption", "progress"]);
  });

  it("bind the source names only inside `from`", () => {
    expect(codes(model("  x = caption\n  input t: i32[B, 4] from caption\n  objective o = mean(cast(t, dtype: \"f32\"))"))).toEqual(["VLM2001"]);
    const misspelt = compileSource(model('  input t: i32[B, 4] from captoin\n  objective o = mean(cast(t, dtype: "f32"))')).diagnostics[0]!;
    expect(misspelt).toMatchObject({ code: "VLM2001", hint: "did you mean `caption`?" });
  });

  it("report each mistake once, where it is", () => {
    const bad = compileSource(model(`  input t: i32[B, 4] from caption(max: 3)\n  input i: f32[B, 3, 8, 8] from image(mean: [0.5, 0.5, 0.5])\n  objective o = mean(i) + mean(cast(t, dtype: "f32"))`));
    expect(bad.diagnostics.map((d) => d.code)).toEqual(["VLM2007", "VLM2008"]);
    expect(codes(model(`  input t: i32[B, 4] from t\n  objective o = mean(cast(t, dtype: "f32"))`))).toEqual(["VLM5013"]);
    expect(codes(model(`  input t: i32[B, 4] from none\n  objective o = mean(cast(t, dtype: "f32"))`))).toEqual(["VLM5013"]);
    // A broken input type still has its source checked; a broken source leaves the input usable.
    expect(codes(model(`  input t: i32[B, -4] from caption(3)\n  objective o = mean(cast(t, dtype: "f32"))`))).toEqual(["VLM3006", "VLM2009"]);
    expect(codes(model(`  input i: f32[B, 3, 8, 8] from image(mean: [1, 2, 3], std: [1, 2, -3])\n  objective o = mean(i)`))).toEqual(["VLM5014"]);
  });

  it("parse, print and parse again with `from`, which stays usable as a name", () => {
    const src = model(`  input from: f32[B, 3, 8, 8] from ${IMAGE}\n  input t: i32[B, 4] from if true then caption else caption_mask\n  x = from`);
    const first = parse(src, "t.vlm");
    expect(first.diagnostics).toEqual([]);
    const printed = printFile(first.ast);
    expect(printed).toContain(`input from: f32[B, 3, 8, 8] from ${IMAGE}`);
    expect(printed).toContain("input t: i32[B, 4] from if true then caption else caption_mask");
    expect(printFile(parse(printed, "t.vlm").ast)).toBe(printed);
    expect(parse("block B(from: int) { x = from + 1 }\n", "t.vlm").diagnostics).toEqual([]);
    const assigned = parse(model("  input i: f32[B]\n  from = 2\n  input j: f32[B]\n  from, to = pair"), "t.vlm");
    expect(assigned.diagnostics).toEqual([]);
    const body = (assigned.ast.items[0] as { body: readonly { kind: string }[] }).body;
    expect(body.map((s) => s.kind)).toEqual(["InputStmt", "AssignStmt", "InputStmt", "AssignStmt"]);
  });

  it("are listed with their inputs by `vlmc ir`", () => {
    const text = model(`  input image: f32[B, 3, 8, 8] from ${IMAGE}\n  input ids: i32[B, 4]\n  objective o = mean(image) + mean(cast(ids, dtype: "f32"))`);
    const { ir } = compileSource(text);
    const listing = formatIrListing(ir!, new Map());
    expect(listing).toContain('\ninputs (2):\n  image : f32[B, 3, 8, 8]  from image(mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5], resize: "bicubic", crop: "center")  test/inline.vlm@');
    expect(listing).toContain("\n  ids : i32[B, 4]  no data source  test/inline.vlm@");
  });
});
