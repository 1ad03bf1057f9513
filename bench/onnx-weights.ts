// The weights both ONNX graphs of the runtime benchmark carry: the image-tower tensors of the CLIP
// state vlmc initialises for a seed (runtime/state.ts), on the host under vlmc's names. vlmc's
// emitter reads them directly; bench/torch_vit_onnx.py reads them from a safetensors file and
// loads them into its torch module before exporting, so the two graphs compute the same function
// on the same numbers and their outputs can be compared.
//
// Biases and norm scales start as zeros and ones; with those, a bias or norm loaded into the
// wrong place would go unnoticed by the comparison. So every tensor with a constant initialiser
// gets a small seeded random offset: the comparison then checks every tensor's placement.
import type { IrGraph } from "../compiler/ir/types.js";
import { useBackend } from "../runtime/backend.js";
import type { HostTensor } from "../runtime/init.js";
import { planFor, stateRead } from "../runtime/plan.js";
import { RandomStream } from "../runtime/random.js";
import { ModelState } from "../runtime/state.js";
import { writeSafetensors } from "../runtime/weights/safetensors.js";
import { IMAGE_OUTPUT } from "./clip-image-tower.js";

const CONSTANT_INITS = new Set(["zeros", "ones", "constant"]);
const OFFSET_STD = 0.02;

/** The stored tensors the image tower reads, by name, with the values described above. */
export async function towerWeights(ir: IrGraph, seed: number): Promise<Map<string, HostTensor>> {
  const target = ir.outputs.get(IMAGE_OUTPUT);
  if (target === undefined) throw new Error(`CLIP has no output ${IMAGE_OUTPUT}`);
  const names = stateRead(ir, planFor(ir, [target]));
  // ModelState keeps its tensors on a tfjs backend; the plain JavaScript one needs nothing loaded.
  await useBackend("cpu");
  const state = ModelState.initialise(ir, seed, names);
  const weights = new Map<string, HostTensor>();
  try {
    for (const name of names) {
      const t = state.read(name);
      const data = Float32Array.from(t.data);
      const init = ir.params.get(name)?.init ?? ir.buffers.get(name)?.init;
      if (t.dtype !== "f32") throw new Error(`tower tensor '${name}' is ${t.dtype}; the benchmark writes f32 only`);
      if (init && CONSTANT_INITS.has(init.kind)) {
        const offsets = new RandomStream(seed, 0, `bench-offset:${name}`).normal(data.length);
        for (let i = 0; i < data.length; i++) data[i] += OFFSET_STD * offsets[i]!;
      }
      weights.set(name, { dtype: t.dtype, shape: [...t.shape], data });
    }
  } finally {
    state.dispose();
  }
  return weights;
}

/** Writes the weights as a safetensors file for the PyTorch exporter; throws when it cannot. */
export function writeTowerWeights(file: string, weights: ReadonlyMap<string, HostTensor>): void {
  const entries = [...weights].map(([name, t]) => ({ name, dtype: "F32" as const, shape: t.shape, data: t.data }));
  const diagnostics = writeSafetensors(file, entries);
  if (diagnostics.length) throw new Error(diagnostics.map((d) => d.message).join("; "));
}

export function weightBytes(weights: ReadonlyMap<string, HostTensor>): number {
  let total = 0;
  for (const t of weights.values()) total += t.data.byteLength;
  return total;
}
