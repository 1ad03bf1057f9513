// patternFromText (compiler/ir/path-patterns.ts), the runtime's reading of a pattern written as
// text, against the parser's reading of the same pattern in a spec: the same segments for every
// form the grammar allows, and an Error naming the text for what it does not.
import { describe, expect, it } from "vitest";
import { parse } from "../../grammar/parse.js";
import { compilePattern } from "../../compiler/elaborate/patterns.js";
import { matches, patternFromText } from "../../compiler/ir/path-patterns.js";

function parsed(text: string): readonly string[] {
  const { ast, diagnostics } = parse(`model M { group g = ${text} }`, "t.vlm");
  expect(diagnostics).toEqual([]);
  const model = ast.items[0]!;
  const stmt = model.kind === "ModelDecl" ? model.body[0] : undefined;
  if (stmt?.kind !== "GroupStmt") throw new Error("expected a group statement");
  return compilePattern(stmt.patterns[0]!).segs;
}

describe("patternFromText", () => {
  it("reads every form as the parser does", () => {
    for (const text of ["decoder.bert.layers[*].self_attn.**", "**", "**.bias", "layers[6:].ffn.*", "layers[:6].x", "layers[2:10]", "layers[3].q", "a.3.b", "visual.proj"]) {
      const p = patternFromText(text);
      expect(p.segs, text).toEqual(parsed(text));
      expect(p.wild, text).toEqual(p.segs.filter((s) => s === "*" || s === "**" || s.includes(":")));
    }
    expect(matches(patternFromText("layers[6:].**"), "layers.7.ffn.weight")).toBe(true);
    expect(matches(patternFromText("layers[6:].**"), "layers.5.ffn.weight")).toBe(false);
  });

  it("names a malformed pattern", () => {
    for (const text of ["", "*.x", "a..b", "a[x]", "a[1", "a.b-c", "3.a"]) expect(() => patternFromText(text), text).toThrow(new RegExp(`'${text.replace(/[.*[\]]/g, "\\$&")}' is not a path pattern`));
  });
});
