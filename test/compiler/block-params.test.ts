// A block parameter typed `block` takes a block to instantiate (specs/README.md, "Writing a new
// model"): one stack definition serves several layer types, each instance named as usual, and
// the type survives printing. Passing something else is test/fixtures/errors/block_param_not_a_block.vlm.
import { describe, expect, it } from "vitest";
import { parse } from "../../grammar/parse.js";
import { printFile } from "../../grammar/printer.js";
import { compileSource } from "../harness.js";

const SPEC = `import "std/transformer.vlm"

block Stack(layer: block, width: int, heads: int, depth: int) {
  layers = [layer(width, heads) for i in 0..depth]
  forward(x: f32[B, T, width]) -> f32[B, T, width] {
    for l in layers {
      x = l(x)
    }
    return x
  }
}

model M {
  input x: f32[B, T, 32]
  pre = Stack(PreLNLayer, 32, 4, 2)
  post = Stack(layer: PostLNLayer, width: 32, heads: 4, depth: 1)
  objective o = mean(post(pre(x)))
}
`;

describe("a block as a block parameter", () => {
  it("instantiates the block it is given, under the usual names", () => {
    const { ir, diagnostics } = compileSource(SPEC);
    expect(diagnostics).toEqual([]);
    const names = [...ir!.params.keys()];
    // PreLNLayer has ln_1 / attn / ln_2 / mlp; PostLNLayer has its own member names.
    expect(names.filter((n) => n.startsWith("pre.layers.1.ln_1."))).toHaveLength(2);
    expect(names.some((n) => n.startsWith("pre.layers.2."))).toBe(false);
    expect(names.some((n) => n.startsWith("post.layers.0."))).toBe(true);
    expect(names.some((n) => n.startsWith("post.layers.0.ln_1."))).toBe(false);
  });

  it("parses and prints back as `block`", () => {
    const { ast, diagnostics } = parse(SPEC, "test/inline.vlm");
    expect(diagnostics).toEqual([]);
    const printed = printFile(ast);
    expect(printed).toContain("layer: block");
    expect(parse(printed, "test/inline.vlm").diagnostics).toEqual([]);
  });
});
