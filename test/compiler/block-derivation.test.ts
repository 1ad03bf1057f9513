// Derived blocks (`block D = Base with { member = … }`, specs/README.md "Deriving one block from
// another"): D takes Base's parameters and builds Base's members in Base's order, so its
// parameter names are Base's except under an overridden member; Base's forward calls the
// override; an override sees Base's parameters and the deriving file's own blocks. The misuses
// are test/fixtures/errors/derive_*.vlm.
import { describe, expect, it } from "vitest";
import { parse } from "../../grammar/parse.js";
import { printFile } from "../../grammar/printer.js";
import { compileSource } from "../harness.js";

const SPEC = `import "std/nn.vlm"
import "std/vision.vlm"

block Plain = VisionTransformer with {
}

## Patch embedding without bias, and an RMSNorm of this file's making at the end.
block Derived = VisionTransformer with {
  patch_embed = PatchEmbed(size, patch, width, has_bias: false)
  norm = Gained(width)
}

block Gained(dim: int) {
  inner = RMSNorm(dim)
  param gain: f32[dim] init ones
  forward(x: f32[B, T, dim]) -> f32[B, T, dim] {
    return inner(x) * gain
  }
}

model M {
  input image: f32[B, 3, 32, 32]
  base = VisionTransformer(32, 8, 32, 2, 4)
  plain = Plain(32, 8, 32, 2, 4)
  derived = Derived(32, 8, 32, 2, 4)
  slow = ema(derived, decay: 0.99)
  objective o = mean(base(image)) + mean(plain(image)) + mean(derived(image)) + mean(slow(image))
}
`;

const under = (names: readonly string[], prefix: string): string[] => names.filter((n) => n.startsWith(prefix)).map((n) => n.slice(prefix.length));

describe("a derived block", () => {
  const { ir, diagnostics } = compileSource(SPEC);
  const names = [...(ir?.params.keys() ?? [])];

  it("compiles with no diagnostic: every override is used by the base's forward", () => {
    expect(diagnostics).toEqual([]);
  });

  it("without overrides has exactly the base's parameter names, in the base's order", () => {
    expect(under(names, "plain.")).toEqual(under(names, "base."));
  });

  it("has the base's parameter names, in order, except under the overridden members", () => {
    const overridden = (n: string): boolean => n.startsWith("patch_embed.") || n.startsWith("norm.");
    expect(under(names, "derived.").filter((n) => !overridden(n))).toEqual(under(names, "base.").filter((n) => !overridden(n)));
    // The overridden subtrees: no patch bias, and the norm this file declares.
    expect(under(names, "derived.").filter(overridden)).toEqual(["patch_embed.weight", "norm.inner.weight", "norm.gain"]);
    // Built at the base member's place: patch_embed before the layers, as in the base.
    const at = (list: string[], n: string): number => list.findIndex((x) => x.startsWith(n));
    expect(at(under(names, "derived."), "patch_embed.")).toBe(at(under(names, "base."), "patch_embed."));
  });

  it("shows its own name as the instance's block, and a momentum copy rebuilds it", () => {
    expect(ir!.instances.get("derived")?.block).toBe("Derived");
    expect(ir!.instances.get("derived.norm")?.block).toBe("Gained");
    expect(under(names, "slow.")).toEqual(under(names, "derived."));
  });

  it("sees the base's parameters and members, and reports a misspelt one with a suggestion", () => {
    const bad = SPEC.replace("norm = Gained(width)", "norm = Gained(widht)");
    const { diagnostics: d } = compileSource(bad);
    expect(d.map((x) => [x.code, x.message, x.hint])).toEqual([["VLM2001", "unknown name `widht`", "did you mean `width`?"]]);
  });

  it("prints back as a derivation that parses to the same text", () => {
    const { ast, diagnostics: d } = parse(SPEC, "test/inline.vlm");
    expect(d).toEqual([]);
    const printed = printFile(ast);
    expect(printed).toContain("block Derived = VisionTransformer with {\n  patch_embed = PatchEmbed(size, patch, width, has_bias: false)\n  norm = Gained(width)\n}");
    expect(printFile(parse(printed, "test/inline.vlm").ast)).toBe(printed);
  });
});
