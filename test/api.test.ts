// The public API (compiler/index.ts) used as the README shows: check a spec from disk or from
// text, elaborate and summarize it, render diagnostics, parse and format.
import { describe, expect, it } from "vitest";
import { check, elaborate, format, parse, renderDiagnostics, summarize } from "../compiler/index.js";

const BROKEN = "model M {\n  hyper width = 32, heads = 3\n  require width % heads == 0, \"heads must divide width\"\n}\n";

describe("public API", () => {
  it("checks a shipped spec from disk", () => {
    const r = check({ file: "specs/models/clip.vlm" }, { variant: "tiny" });
    expect(r.ok).toBe(true);
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it("checks unsaved text and renders its errors as the CLI does", () => {
    const r = check({ file: "scratch.vlm", source: BROKEN });
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map((d) => d.code)).toEqual(["VLM3004"]);
    expect(renderDiagnostics(r.diagnostics, r.sources)).toMatch(/^scratch\.vlm:3:\d+ - error VLM3004: .*heads must divide width/);
  });

  it("elaborates and summarizes", () => {
    const { ir, diagnostics } = elaborate({ file: "specs/models/clip.vlm" }, { variant: "B32" });
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(Number(summarize(ir!).params.total)).toBe(151277313);
  });

  it("parses and formats text", () => {
    expect(parse("model M { hyper a = 1 }").ast.items.map((i) => i.kind)).toEqual(["ModelDecl"]);
    expect(format("model M{hyper a=1}").text).toBe("model M { hyper a = 1 }\n");
    const bad = format("model M {");
    expect(bad.text).toBeUndefined();
    expect(renderDiagnostics(bad.diagnostics, { "input.vlm": "model M {" })).toMatch(/input\.vlm:1:\d+ - error VLM1002/);
  });
});
