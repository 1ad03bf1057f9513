// The formatter (grammar/format/): its style on a deliberately messy spec, that every comment
// survives, that it is idempotent on every shipped spec and fixture, that the shipped specs are
// formatted, that it restores a spec whose formatting was scrambled, and that it refuses
// (untouched, with diagnostics) a spec that does not parse.
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { format } from "../../../grammar/format/index.js";
import { scramble } from "./scramble.js";

function vlmFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".vlm"))
    .map((f) => path.join(dir, f))
    .sort();
}

const SHIPPED = vlmFiles("specs");
/** Every fixture that parses: the formatter must be stable on odd but valid layouts too. */
const FIXTURES = vlmFiles("test/fixtures");

function formatted(source: string, file = "test.vlm"): string {
  const r = format(source, file);
  expect(r.diagnostics).toEqual([]);
  return r.text!;
}

describe("vlmc fmt style", () => {
  it("normalises indentation, spacing and blank lines, keeping line breaks", () => {
    const messy = [
      "# header   ",
      'import "std/nn.vlm"',
      "",
      "",
      "",
      "## Doc for M",
      "model   M{",
      "    hyper width=32,heads = 2 # trailing",
      "\thyper depth =2",
      "   variant tiny{width=16 , heads=1}",
      "",
      "",
      "  input x : f32[ B , T , width ]",
      "  layers = [ Linear( width , width ) for i in 0 .. depth ]",
      "  y = layers[0]( x )[ : , 1 : ] * -1 + x [:, :-1] ^ 2",
      "  z = f(a,",
      "  g(b,",
      "     c),",
      "        d",
      "       )",
      "  w = a +",
      "  b",
      "  objective o = loss(y) weight -1.0",
      "  # before close",
      "",
      "}",
    ].join("\n");
    expect(formatted(messy)).toBe(
      [
        "# header",
        'import "std/nn.vlm"',
        "",
        "## Doc for M",
        "model M {",
        "  hyper width = 32, heads = 2  # trailing",
        "  hyper depth = 2",
        "  variant tiny { width = 16, heads = 1 }",
        "",
        "  input x: f32[B, T, width]",
        "  layers = [Linear(width, width) for i in 0..depth]",
        "  y = layers[0](x)[:, 1:] * -1 + x[:, :-1] ^ 2",
        "  z = f(a,",
        "    g(b,",
        "      c),",
        "    d",
        "  )",
        "  w = a +",
        "    b",
        "  objective o = loss(y) weight -1.0",
        "  # before close",
        "}",
        "",
      ].join("\n"),
    );
  });

  it("tells a negating minus from a subtracting one by the grammar, not by the word before it", () => {
    expect(formatted("fn f(weight) { return weight-1 }\nfn g(x) { return x*- 1 }\n")).toBe("fn f(weight) { return weight - 1 }\nfn g(x) { return x * -1 }\n");
  });

  it("joins tokens only where they still lex as the same tokens", () => {
    // There is no `--` token, so a double negation may touch; `1..2` lexes as 1, `..`, 2.
    expect(formatted("fn f(x) { return - -x }\n")).toBe("fn f(x) { return --x }\n");
    expect(formatted("fn f(x) { return 1 .. 2 }\n")).toBe("fn f(x) { return 1..2 }\n");
  });

  it("keeps every comment and doc comment, in order, on its line", () => {
    for (const file of [...SHIPPED, ...FIXTURES]) {
      const source = readFileSync(file, "utf8");
      const r = format(source, file);
      if (r.text === undefined) continue;
      const comments = (s: string) => s.split("\n").flatMap((l) => (/#.*$/.exec(l.replace(/"(?:[^"\\]|\\.)*"/g, '""'))?.[0].trimEnd() ?? []));
      expect(comments(r.text), file).toEqual(comments(source));
    }
  });

  it("keeps a byte-order mark and turns CRLF line ends into LF", () => {
    expect(formatted("\ufeffmodel M {\r\n  hyper a=1\r\n}\r\n")).toBe("\ufeffmodel M {\n  hyper a = 1\n}\n");
  });

  it("formats an empty file to an empty file", () => {
    expect(formatted("")).toBe("");
    expect(formatted("\n\n# only a comment\n\n")).toBe("# only a comment\n");
  });
});

describe("vlmc fmt on the shipped specs", () => {
  for (const file of SHIPPED) {
    it(`${file} is formatted, and formatting is idempotent`, () => {
      const source = readFileSync(file, "utf8");
      const once = formatted(source, file);
      expect(formatted(once, file)).toBe(once);
      expect(once, "run `vlmc fmt specs` and commit the result").toBe(source);
    });
    it(`${file}: formatting a scrambled copy restores it`, () => {
      const source = readFileSync(file, "utf8");
      for (const seed of [1, 2, 3]) expect(formatted(scramble(source, seed), file)).toBe(source);
    });
  }

  it("is idempotent on every test fixture that parses", () => {
    let checked = 0;
    for (const file of FIXTURES) {
      const r = format(readFileSync(file, "utf8"), file);
      if (r.text === undefined) continue;
      checked++;
      expect(format(r.text, file).text, file).toBe(r.text);
    }
    expect(checked).toBeGreaterThan(50);
  });
});

describe("vlmc fmt refuses what does not parse", () => {
  it("returns the syntax errors and no text", () => {
    const r = format("model M {\n  x = = 1\n}\n", "bad.vlm");
    expect(r.text).toBeUndefined();
    expect(r.changed).toBe(false);
    expect(r.diagnostics.map((d) => d.code)).toContain("VLM1002");
  });
  it("refuses a lexing error too", () => {
    expect(format("model M { x = a & b }\n", "bad.vlm").diagnostics.map((d) => d.code)).toEqual(["VLM1001"]);
  });
});
