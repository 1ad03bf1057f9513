// Synthetic inputs are read off the graph: ids stay inside the tables they index, validity masks
// are a real prefix then padding, word ids rise along the text, and everything reproduces.
import { describe, expect, it } from "vitest";
import { compileFile } from "../../compiler/compile.js";
import { bindRunDims } from "../../cli/commands/run-io.js";
import { inputRoles, syntheticInputs } from "../../runtime/synthetic.js";

function ir(model: string) {
  return compileFile(`specs/models/${model}.vlm`, { variant: "tiny" }).ir!;
}

describe("synthetic inputs", () => {
  it("classify each input by how the graph uses it", () => {
    expect(Object.fromEntries(inputRoles(ir("clip")))).toEqual({ image: { kind: "float" }, text: { kind: "ids", below: 128 } });
    const blip = inputRoles(ir("blip"));
    expect(blip.get("text")).toEqual({ kind: "ids", below: 128 });
    expect(blip.get("text_valid")).toEqual({ kind: "validity" });
    expect(inputRoles(ir("vilt")).get("text_words")).toEqual({ kind: "words" });
    expect(inputRoles(ir("albef")).get("progress")).toEqual({ kind: "scalar" });
    // VLMo's visual tokens label the masked-image loss: below the visual vocabulary (64 in tiny).
    expect(inputRoles(ir("vlmo")).get("visual_tokens")).toEqual({ kind: "ids", below: 64 });
  });

  it("make values that fit their roles, reproducibly", () => {
    const g = ir("blip");
    const dims = bindRunDims(g, 4, {}, new Set(g.inputs.map((i) => i.name)));
    const a = syntheticInputs(g, dims, 3);
    const b = syntheticInputs(g, dims, 3);
    const c = syntheticInputs(g, dims, 4);
    expect(a.get("text")!.data).toEqual(b.get("text")!.data);
    expect(a.get("text")!.data).not.toEqual(c.get("text")!.data);
    expect(a.get("image")!.shape).toEqual([4, 3, 32, 32]);
    const ids = Array.from(a.get("text")!.data);
    expect(Math.min(...ids)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...ids)).toBeLessThan(128);
    const valid = a.get("text_valid")!;
    const width = valid.shape[1]!;
    for (let row = 0; row < 4; row++) {
      const r = Array.from(valid.data.slice(row * width, (row + 1) * width));
      const len = r.indexOf(0) === -1 ? width : r.indexOf(0);
      expect(r).toEqual([...Array(len).fill(1), ...Array(width - len).fill(0)]);
      expect(len).toBeGreaterThanOrEqual(Math.ceil(width / 2));
    }
  });

  it("word ids never decrease along a text", () => {
    const g = ir("vilt");
    const dims = bindRunDims(g, 2, {}, new Set(g.inputs.map((i) => i.name)));
    const words = syntheticInputs(g, dims, 0).get("text_words")!;
    const w = words.shape[1]!;
    for (let row = 0; row < 2; row++) {
      const r = Array.from(words.data.slice(row * w, (row + 1) * w));
      expect(r[0]).toBe(0);
      for (let j = 1; j < w; j++) expect(r[j]! - r[j - 1]!).toBeGreaterThanOrEqual(0);
    }
  });
});
