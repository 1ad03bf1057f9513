// The diff on small inline specs, one kind of change at a time: a block moved under another
// parent, an objective's weight and mask rate, a stage's frozen set, a tie removed.
import { describe, expect, it } from "vitest";
import { diff } from "../../compiler/diff/diff.js";
import type { DiffReport } from "../../compiler/diff/report.js";
import { modelView } from "../../compiler/diff/view.js";
import { compileSource } from "../harness.js";

function side(text: string) {
  const { ir, diagnostics } = compileSource(text);
  if (!ir) throw new Error(diagnostics.map((d) => d.message).join("\n"));
  return { view: modelView(ir, () => text), side: { label: "inline", file: "test/inline.vlm", revision: null, model: ir.model, variant: null } };
}

function compare(a: string, b: string): DiffReport {
  const [x, y] = [side(a), side(b)];
  return diff(x.view, y.view, { a: x.side, b: y.side });
}

const spec = (body: string): string => `import "std/nn.vlm"
block Tower(width: int) {
  proj = Linear(width, width)
  forward(x: f32[B, width]) -> f32[B, width] { return proj(x) }
}
block Pair(width: int) {
  left = Tower(width)
  forward(x: f32[B, width]) -> f32[B, width] { return left(x) }
}
model M {
  hyper width = 8
  input x: f32[B, width]
${body}
}
`;

describe("diff", () => {
  it("recognises a block moved under another parent", () => {
    const a = spec(`  pair = Pair(width)
  extra = Tower(width)
  y = extra(pair(x))
  objective loss = mean(y)`);
    const b = spec(`  pair = Pair(width)
  holder = Pair(width)
  y = holder(pair(x))
  objective loss = mean(y)`);
    const r = compare(a, b);
    const extra = r.modules.find((m) => m.a === "extra");
    expect(extra).toMatchObject({ b: "holder.left", status: "moved" });
  });

  it("reports an objective's weight, and the constants of its loss, as changed fields", () => {
    const base = (w: string, eps: string) => spec(`  lin = Linear(width, width)
  y = lin(x)
  objective loss = mean(l2_normalize(y, eps: ${eps})) weight ${w}`);
    const r = compare(base("1.0", "1e-12"), base("0.5", "1e-6"));
    expect(r.objectives).toEqual([expect.objectContaining({ name: "loss", change: "changed", fields: ["expr", "weight", "settings"] })]);
    expect(r.objectives[0]!.a!.settings["l2_normalize.eps"]).toBe("1e-12");
    expect(r.objectives[0]!.b!.settings["l2_normalize.eps"]).toBe("0.000001");
    expect(r.identical).toBe(false);
  });

  it("reports a stage's newly frozen parameters as patterns, and its trainable delta", () => {
    const base = (stage: string) => spec(`  pair = Pair(width)
  lin = Linear(width, width)
  objective loss = mean(lin(pair(x)))
  ${stage}`);
    const r = compare(base("stage s { objectives loss }"), base("stage s { objectives loss\n freeze pair.** }"));
    expect(r.stages).toEqual([expect.objectContaining({ name: "s", change: "changed", frozen: { added: ["pair.left.proj.{bias,weight}"], removed: [] } })]);
    expect(r.stages[0]!.trainable.delta).toBe(-(8 * 8 + 8));
  });
});
