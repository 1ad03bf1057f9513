// Source ops that compute (compiler/ir/ops/sources.ts): constants, fills, ranges and the mask
// builders. Inputs, parameters and buffers are the graph's inputs and initializers (emit.ts).
import type { Dim } from "../../../shapes/dim.js";
import { constTypeOf, elemOf, valueIn } from "../types.js";
import type { Lowering } from "./context.js";
import { arangeOf } from "./layout.js";
import { attr, constBytes } from "../builder.js";
import { EmitFault } from "../fault.js";
import { say } from "../../../diagnostics/template.js";
import { Diag } from "../../../diagnostics/catalog.js";

const constant: Lowering = (c) => {
  const dtype = c.node.type.dtype;
  return c.g.scalar(constTypeOf(dtype), valueIn(dtype, Number(c.node.attrs["value"])));
};

/** The dim's int64[1] from the graph's dims (read off the inputs' shapes), cast and squeezed to a scalar. */
const dimValue: Lowering = (c) => {
  const n = c.dims.value(c.node.attrs["dim"] as Dim);
  return c.result("Squeeze", [c.op("Cast", [n], { to: attr.int(elemOf(c.node.type.dtype)) }), c.g.int64s([0])]);
};

const full: Lowering = (c) => {
  const dtype = c.node.type.dtype;
  const value = { name: "value", dims: [1], dataType: elemOf(dtype), rawData: constBytes(constTypeOf(dtype), [valueIn(dtype, Number(c.node.attrs["value"]))]) };
  return c.result("ConstantOfShape", [c.dims.vector(c.node.attrs["shape"] as readonly Dim[])], { value: { kind: "tensor", value } });
};

const causalMask: Lowering = (c) => {
  const n = c.node.attrs["n"] as Dim;
  const positions = arangeOf(c, n);
  return c.result("LessOrEqual", [positions, c.op("Unsqueeze", [positions, c.g.int64s([1])])]);
};

/** Segments of known sizes: the whole mask is a constant, built as the runtime's kernel builds it. */
const blockMask: Lowering = (c) => {
  const sizes = (c.node.attrs["sizes"] as readonly Dim[]).map((d) => d.value);
  if (sizes.some((s) => s === undefined)) {
    throw new EmitFault(say(Diag.OnnxUnsupported, "op", { op: "block_mask", reason: "its segment sizes depend on the inputs' sizes; vlmc builds it as a constant", file: c.ir.file }));
  }
  const known = sizes as number[];
  const pattern = c.node.attrs["pattern"] as readonly (readonly string[])[];
  const starts = known.map((_, i) => known.slice(0, i).reduce((a, s) => a + s, 0));
  const total = known.reduce((a, s) => a + s, 0);
  const mask = new Array<boolean>(total * total).fill(false);
  known.forEach((rows, i) =>
    known.forEach((cols, j) => {
      const how = pattern[i]![j];
      if (how === "none") return;
      for (let p = 0; p < rows; p++) {
        const seen = how === "causal" ? Math.min(p + 1, cols) : cols;
        mask.fill(true, (starts[i]! + p) * total + starts[j]!, (starts[i]! + p) * total + starts[j]! + seen);
      }
    }),
  );
  return c.result("Identity", [c.g.constant("bool", [total, total], mask)]);
};

export const sourceLowerings: Readonly<Record<string, Lowering>> = {
  constant,
  dim_value: dimValue,
  full,
  arange: (c) => c.result("Identity", [arangeOf(c, c.node.attrs["n"] as Dim)]),
  causal_mask: causalMask,
  block_mask: blockMask,
};
