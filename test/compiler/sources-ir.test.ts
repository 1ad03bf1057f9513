// Data sources in the IR: the JSON form keeps them (and files written before sources existed
// still load, as inputs without one); the verifier holds a loaded or hand-made IR to the same
// rules the elaborator reports — known source, exactly its arguments, valid values, a fitting
// type, a caption for every mask and word index, one batch axis per pair.
import { describe, expect, it } from "vitest";
import { compileFile } from "../../compiler/compile.js";
import { loadIr, serializeIr } from "../../compiler/ir/serialize.js";
import type { IrGraph, IrInput, IrSource } from "../../compiler/ir/types.js";
import { verifyIr } from "../../compiler/ir/verify.js";

const vilt = compileFile("specs/models/vilt.vlm", { variant: "tiny" }).ir!;
const text = serializeIr(vilt);

function withSource(name: string, source: IrSource | undefined): IrGraph {
  const inputs = vilt.inputs.map((i): IrInput => (i.name !== name ? i : source ? { ...i, source } : { name: i.name, node: i.node, span: i.span }));
  return { ...vilt, inputs };
}

const image = vilt.inputs.find((i) => i.name === "image")!.source!;

describe("data sources in the IR", () => {
  it("are written with the input and read back equal", () => {
    const line = text.split("\n").find((l) => l.includes('"name":"false_image"'))!;
    expect(line).toContain('"source":{"kind":"other_image","args":{"mean":[0.5,0.5,0.5],"std":[0.5,0.5,0.5],"resize":"bicubic","crop":"none"}}');
    const loaded = loadIr(text).ir!;
    expect(loaded.inputs.map((i) => i.source)).toEqual(vilt.inputs.map((i) => i.source));
  });

  it("are optional in the file: an input written without one loads without one", () => {
    const json = JSON.parse(text) as { inputs: Record<string, unknown>[] };
    for (const i of json.inputs) delete i["source"];
    const loaded = loadIr(JSON.stringify(json));
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.ir!.inputs.every((i) => i.source === undefined)).toBe(true);
  });

  it("that are damaged make the file unreadable, with the reason", () => {
    const edited = (edit: (source: Record<string, any>) => void): string => {
      const json = JSON.parse(text) as { inputs: { source?: Record<string, any> }[] };
      edit(json.inputs[0]!.source!);
      return JSON.stringify(json);
    };
    const message = (t: string): string => loadIr(t, "vilt.json").diagnostics.map((d) => d.message).join();
    expect(message(edited((s) => (s["args"]["mean"] = [0.5, "x", 0.5])))).toBe("vilt.json is malformed at inputs[0].source.args.mean[1]: expected a number");
    expect(message(edited((s) => (s["kind"] = "video"))))
      .toBe("vilt.json is not a well-formed graph: input image takes unknown data source video");
    expect(message(edited((s) => (s["args"]["crop"] = "random")))).toMatch(/^vilt\.json is not a well-formed graph: input image: `crop` of image must be one of "center", "none", not "random"$/);
  });

  it("are verified like the elaborator checks them", () => {
    expect(verifyIr(vilt)).toEqual([]);
    expect(verifyIr(withSource("image", { kind: "image", args: { mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] } }))).toEqual([
      "input image: image does not have exactly its arguments mean, std, resize, crop",
    ]);
    expect(verifyIr(withSource("image", { kind: "image", args: { ...image.args, extra: 1 } }))[0]).toMatch(/does not have exactly its arguments/);
    expect(verifyIr(withSource("image", { kind: "image", args: { ...image.args, std: [0.5, 0, 0.5] } }))).toEqual(["input image: `std` of image must hold numbers > 0, but holds 0"]);
    expect(verifyIr(withSource("image", { kind: "image", args: { ...image.args, mean: [0.5], std: [0.5] } }))).toEqual([
      "input image cannot take image: it gives 1 channel (one per number of `mean` and `std`), but the input has 3 channels",
    ]);
    expect(verifyIr(withSource("text", { kind: "progress", args: {} }))).toEqual([
      "input text cannot take progress: it gives a fraction of epochs, a float, not i32",
      "input `text_valid` takes caption_mask, which describes the tokens of a caption, but no input takes `caption`",
      "input `text_words` takes caption_words, which describes the tokens of a caption, but no input takes `caption`",
    ]);
    expect(verifyIr(withSource("text", undefined))).toHaveLength(2);
  });
});
