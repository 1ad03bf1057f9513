// Lists with holes (compiler/elaborate/list-keys.ts): a comprehension's `if` keeps some items;
// instances keep their index in the iterable as their name, an instance list is indexed and
// sliced by those names, `in` asks for membership, and printing keeps the filter. The spec that
// runs end to end is test/fixtures/ok/sparse_layers.vlm; a missing element is
// test/fixtures/errors/sparse_list_missing_element.vlm.
import { describe, expect, it } from "vitest";
import { parse } from "../../grammar/parse.js";
import { printFile } from "../../grammar/printer.js";
import { compileSource } from "../harness.js";

const spec = (body: string): string => `import "std/nn.vlm"

model M {
  input x: f32[B, 4]
${body}
}
`;

function paramNames(body: string): string[] {
  const { ir, diagnostics } = compileSource(spec(body));
  expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return [...ir!.params.keys()];
}

describe("comprehension filters", () => {
  it("name each kept instance by its index in the range", () => {
    const names = paramNames(`  adapters = [Linear(4, 4) for i in 0..8 if i % 4 == 3]
  objective o = mean(adapters[7](adapters[3](x)))`);
    expect(names.sort()).toEqual(["adapters.3.bias", "adapters.3.weight", "adapters.7.bias", "adapters.7.weight"]);
  });

  it("keep the positional names of lists without holes", () => {
    const names = paramNames(`  layers = [Linear(4, 4) for i in 2..4]
  objective o = mean(layers[1](layers[0](x)))`);
    expect(names.sort()).toEqual(["layers.0.bias", "layers.0.weight", "layers.1.bias", "layers.1.weight"]);
  });

  it("slice an instance list by name, negative bounds counting from the end", () => {
    // Slices by name: [4:] is adapters.7 alone; [-1:] the last element; [:4] adapters.3.
    const { ir, diagnostics } = compileSource(
      spec(`  adapters = [Linear(4, 4) for i in 0..8 if i % 4 == 3]
  hyper late = len(adapters[4:]), last = len(adapters[-1:]), early = len(adapters[:4])
  require late == 1 and last == 1 and early == 1, "slices by name"
  objective o = mean(adapters[-1](adapters[3](x)))`),
    );
    expect(diagnostics).toEqual([]);
    expect(ir).toBeDefined();
  });

  it("filter plain lists, and test membership of lists, ranges and instance lists", () => {
    const { diagnostics } = compileSource(
      spec(`  evens = [i for i in 0..10 if i % 2 == 0]
  adapters = [Linear(4, 4) for i in 0..8 if i >= 6]
  require len(evens) == 5 and 4 in evens and not (5 in evens), "filtered list"
  require 3 in 0..4 and not (4 in 0..4), "range membership"
  require 6 in adapters and not (0 in adapters), "instance list membership by name"
  objective o = mean(adapters[7](adapters[6](x)))`),
    );
    expect(diagnostics).toEqual([]);
  });

  it("report a filter that is not a bool", () => {
    const { diagnostics } = compileSource(
      spec(`  layers = [Linear(4, 4) for i in 0..4 if i]
  objective o = mean(layers[0](x))`),
    );
    expect(diagnostics.map((d) => d.message)).toEqual([expect.stringContaining("a bool for the comprehension's `if`")]);
  });

  it("print back as written", () => {
    const text = spec(`  adapters = [Linear(4, 4) for i in 0..8 if i % 4 == 3 and i in 0..8]
  objective o = mean(adapters[3](x))`);
    const once = printFile(parse(text, "test/inline.vlm").ast);
    expect(once).toContain("[Linear(4, 4) for i in 0..8 if i % 4 == 3 and i in 0..8]");
    expect(printFile(parse(once, "test/inline.vlm").ast)).toBe(once);
  });
});
