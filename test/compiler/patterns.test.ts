import { describe, expect, it } from "vitest";
import { parse } from "../../grammar/parse.js";
import { compilePattern, matchPath, matches, substitute } from "../../compiler/elaborate/patterns.js";

/** The pattern of `group g = <text>` in a throwaway model. */
function pattern(text: string): ReturnType<typeof compilePattern> {
  const { ast, diagnostics } = parse(`model M { group g = ${text} }`, "t.vlm");
  expect(diagnostics).toEqual([]);
  const model = ast.items[0]!;
  const stmt = model.kind === "ModelDecl" ? model.body[0] : undefined;
  if (stmt?.kind !== "GroupStmt") throw new Error("expected a group statement");
  return compilePattern(stmt.patterns[0]!);
}

describe("path patterns", () => {
  it("match literal, one-segment and any-depth wildcards", () => {
    expect(matches(pattern("decoder.layers[*].self_attn.**"), "decoder.layers.3.self_attn.q.weight")).toBe(true);
    expect(matches(pattern("decoder.layers[*].self_attn.**"), "decoder.layers.3.cross_attn.q.weight")).toBe(false);
    expect(matches(pattern("**.bias"), "a.b.c.bias")).toBe(true);
    expect(matches(pattern("decoder.**"), "decoder")).toBe(true);
    expect(matches(pattern("decoder.*"), "decoder")).toBe(false);
  });

  it("match index ranges, end exclusive", () => {
    const upper = pattern("layers[6:].**");
    expect(matches(upper, "layers.6.ffn.weight")).toBe(true);
    expect(matches(upper, "layers.11.ffn.weight")).toBe(true);
    expect(matches(upper, "layers.5.ffn.weight")).toBe(false);
    expect(matches(pattern("layers[:2].*"), "layers.1.x")).toBe(true);
    expect(matches(pattern("layers[:2].*"), "layers.2.x")).toBe(false);
    expect(matches(pattern("layers[2:4].*"), "layers.3.x")).toBe(true);
    expect(matches(pattern("layers[2:4].*"), "layers.name.x")).toBe(false);
  });

  it("carry captured segments from one side of a share to the other", () => {
    const from = pattern("decoder.layers[2:].**");
    const to = pattern("encoder.layers[2:].**");
    const caps = matchPath(from, "decoder.layers.7.cross_attn.q.weight".split("."))!;
    expect(substitute(to, caps)).toBe("encoder.layers.7.cross_attn.q.weight");
  });

  it("print back as written", () => {
    expect(pattern("a.layers[2:10].b").text).toBe("a.layers[2:10].b");
    expect(pattern("a.layers[:3].**").text).toBe("a.layers[:3].**");
  });
});
