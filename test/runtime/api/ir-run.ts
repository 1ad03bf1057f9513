// The reference side of the runtime API's tests: a spec compiled from text and run by the IR
// runtime (runtime/forward.ts) on given inputs, and a bit-for-bit comparison of tensors — the
// API must call the same kernels with the same keys, so nothing less than equality will do.
import { expect } from "vitest";
import { hasErrors } from "../../../compiler/diagnostics/diagnostic.js";
import type { IrGraph } from "../../../compiler/ir/types.js";
import { bindDims } from "../../../runtime/dims.js";
import { forward } from "../../../runtime/forward.js";
import { ModelState } from "../../../runtime/state.js";
import { tf, type Tensor } from "../../../runtime/tf.js";
import { compileSource } from "../../harness.js";

export function compiled(spec: string): IrGraph {
  const { ir, diagnostics } = compileSource(spec);
  expect(hasErrors(diagnostics), diagnostics.map((d) => d.message).join("\n")).toBe(false);
  return ir!;
}

export interface IrRunOptions {
  readonly training?: boolean;
  readonly seed?: number;
  readonly step?: number;
}

/** Every named value and objective loss of the model (losses under their objective's name). */
export function runIr(ir: IrGraph, feeds: ReadonlyMap<string, Tensor>, opts: IrRunOptions = {}): Map<string, Tensor> {
  const dims = bindDims(ir, new Map([...feeds].map(([k, t]) => [k, t.shape])));
  const state = ModelState.initialise(ir, 0);
  try {
    const r = forward(ir, state, feeds, dims, opts);
    return new Map([...r.outputs, ...r.losses]);
  } finally {
    state.dispose();
  }
}

/** A tensor of deterministic values spread over [lo, hi) (integers for i32), different per `seed`. */
export function seeded(shape: number[], seed: number, lo = -1, hi = 1, dtype: "float32" | "int32" = "float32"): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  let s = (seed * 2654435761) >>> 0;
  const values = Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const u = s / 2 ** 32;
    return dtype === "int32" ? Math.floor(lo + u * (hi - lo)) : lo + u * (hi - lo);
  });
  return tf.tensor(values, shape, dtype);
}

/** Same dtype, same shape, and every element the same (max abs diff 0; -0 and +0 differ). */
export function expectIdentical(name: string, got: Tensor | undefined, want: Tensor | undefined): void {
  expect(got, `${name}: computed`).toBeDefined();
  expect(want, `${name}: reference`).toBeDefined();
  expect(got!.dtype, `${name}: dtype`).toBe(want!.dtype);
  expect(got!.shape, `${name}: shape`).toEqual(want!.shape);
  expect(Array.from(got!.dataSync()), `${name}: values`).toEqual(Array.from(want!.dataSync()));
}
