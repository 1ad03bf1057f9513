import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "../../grammar/parse.js";
import { printFile } from "../../grammar/printer.js";

/** The tree without source positions, for comparing a reparse with the original. */
function shape(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(shape);
  if (v && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (k !== "span" && k !== "file") out[k] = shape(x);
    return out;
  }
  return v;
}

const corpus = [
  "test/fixtures/kitchen-sink.vlm",
  "specs/models/clip.vlm",
  "specs/models/blip.vlm",
  "specs/std/nn.vlm",
  "specs/std/attention.vlm",
  "specs/std/transformer.vlm",
  "specs/std/vision.vlm",
  "specs/std/text.vlm",
  "specs/std/objectives.vlm",
];

describe("parser", () => {
  for (const file of corpus) {
    it(`parses ${file} without errors and round-trips through the printer`, () => {
      const src = readFileSync(file, "utf8");
      const first = parse(src, file);
      expect(first.diagnostics).toEqual([]);
      const printed = printFile(first.ast);
      const second = parse(printed, file);
      expect(second.diagnostics).toEqual([]);
      expect(shape(second.ast)).toEqual(shape(first.ast));
      // Printing is a fixed point after one round.
      expect(printFile(second.ast)).toBe(printed);
    });
  }

  it("attaches doc comments to the declaration below them", () => {
    const { ast } = parse("## A layer.\n## Two lines.\nblock L(x: int) {}\n\n## detached\n\nblock M() {}\n", "t.vlm");
    const [l, m] = ast.items as readonly { doc?: string }[];
    expect(l!.doc).toBe("A layer.\nTwo lines.");
    expect(m!.doc).toBeUndefined();
  });

  it("reads `//` as floor division and `#` as a comment", () => {
    const { ast, diagnostics } = parse("model M { hyper a = 7 // 2 # a comment\n }", "t.vlm");
    expect(diagnostics).toEqual([]);
    const model = ast.items[0]!;
    const hyper = model.kind === "ModelDecl" ? model.body[0] : undefined;
    expect(hyper?.kind === "HyperStmt" ? hyper.entries[0]!.value : undefined).toMatchObject({ kind: "BinaryExpr", op: "//" });
  });

  it("keeps soft keywords usable as names", () => {
    const src = "block B(weight: int, input: int, group: int) { stage = weight + input + group }\n";
    expect(parse(src, "t.vlm").diagnostics).toEqual([]);
  });

  it("reports several syntax errors in one run, each at its position", () => {
    const src = ["model M {", "  hyper a = 1,", "  x = (1 + ", "  y = 2", "  z = [1, 2", "}"].join("\n");
    const { diagnostics } = parse(src, "t.vlm");
    expect(diagnostics.length).toBeGreaterThanOrEqual(2);
    expect(diagnostics.every((d) => d.code === "VLM1002")).toBe(true);
  });

  it("points an unterminated string at its opening quote", () => {
    const src = 'import "std/nn.vlm\nmodel M {}\n';
    const { diagnostics } = parse(src, "t.vlm");
    expect(diagnostics[0]).toMatchObject({ code: "VLM1001", message: "unterminated string", span: { start: 7 } });
  });

  it("reads a byte-order mark as whitespace, keeping positions", () => {
    const { ast, diagnostics } = parse("\ufeffmodel M {}\n", "t.vlm");
    expect(diagnostics).toEqual([]);
    expect(ast.items[0]!.span.start).toBe(1);
  });

  it("survives arbitrary garbage", () => {
    for (const src of ["}}}}", "model", "block (", "(((((", "\u0000\u0001", "model M { x = [for in] }", "fn f(: ) -> {"]) {
      const r = parse(src, "t.vlm");
      expect(r.diagnostics.length).toBeGreaterThan(0);
    }
  });
});
