// What the ONNX tests share: a model's tiny IR with weights and synthetic inputs, a run of an
// emitted graph in ONNX Runtime, and the largest difference between two tensors.
import { expect } from "vitest";
import { compileFile } from "../../compiler/compile.js";
import { hasErrors } from "../../compiler/diagnostics/diagnostic.js";
import { encodeModel, type ModelMessage } from "../../compiler/emit/onnx/index.js";
import type { IrGraph } from "../../compiler/ir/types.js";
import { bindRunDims } from "../../cli/commands/run-io.js";
import type { DimBindings } from "../../runtime/dims.js";
import type { HostTensor } from "../../runtime/init.js";
import { OnnxSession } from "../../runtime/onnx/engine.js";
import { ModelState } from "../../runtime/state.js";
import { syntheticInputs } from "../../runtime/synthetic.js";

export const MODELS = ["clip", "blip", "albef", "vilt", "vlmo", "coca", "beit3"];

export interface Tiny {
  readonly ir: IrGraph;
  readonly state: ModelState;
  readonly dims: DimBindings;
  readonly host: Map<string, HostTensor>;
}

export function tiny(model: string, batch = 3, seed = 1): Tiny {
  const r = compileFile(`specs/models/${model}.vlm`, { variant: "tiny" });
  expect(hasErrors(r.diagnostics)).toBe(false);
  const ir = r.ir!;
  const dims = bindRunDims(ir, batch, {}, new Set(ir.inputs.map((i) => i.name)));
  return { ir, state: ModelState.initialise(ir, seed), dims, host: syntheticInputs(ir, dims, seed) };
}

export async function runOnnx(model: ModelMessage | Uint8Array | string, feeds: ReadonlyMap<string, HostTensor>): Promise<Map<string, HostTensor>> {
  const session = await OnnxSession.create(model instanceof Uint8Array || typeof model === "string" ? model : encodeModel(model), { threads: 1 });
  try {
    return await session.run(feeds);
  } finally {
    await session.release();
  }
}

export function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(Number(a[i]) - Number(b[i])));
  return d;
}
