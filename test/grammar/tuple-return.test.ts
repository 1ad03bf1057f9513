// Tuple return types (`-> (f32[B, D], f32[B])`) parse into one TupleTypeExpr and print back as
// written; an empty one is a single precise syntax error. Checking the results against the
// elements is test/fixtures/ok/tuple_return.vlm and test/fixtures/errors/tuple_return_type.vlm.
import { describe, expect, it } from "vitest";
import type * as A from "../../grammar/ast.js";
import { parse } from "../../grammar/parse.js";
import { printFile } from "../../grammar/printer.js";

const FILE = "test/inline.vlm";
const source = (ret: string): string => `block Two(width: int) {
  forward(x: f32[B, width]) -> ${ret} {
    return x, x
  }
}
`;

function forwardOf(text: string): { decl: A.ForwardDecl | undefined; codes: string[] } {
  const { ast, diagnostics } = parse(text, FILE);
  const block = ast.items.find((i): i is A.BlockDecl => i.kind === "BlockDecl");
  const decl = block?.body.find((s): s is A.ForwardDecl => s.kind === "ForwardDecl");
  return { decl, codes: diagnostics.map((d) => d.code) };
}

describe("tuple return types", () => {
  it("parse into their element types and print back", () => {
    const text = source("(f32[B, width], f32[B])");
    const { decl, codes } = forwardOf(text);
    expect(codes).toEqual([]);
    expect(decl?.returns?.kind).toBe("TupleTypeExpr");
    const items = (decl!.returns as A.TupleTypeExpr).items;
    expect(items.map((t) => t.kind)).toEqual(["TensorTypeExpr", "TensorTypeExpr"]);
    expect(printFile(parse(text, FILE).ast)).toBe(text);
  });

  it("report an empty tuple once", () => {
    const { codes } = forwardOf(source("()"));
    expect(codes).toEqual(["VLM1004"]);
  });
});
