// AdamW's update of one parameter on the WASM backend as one pass, with the moments kept in
// JavaScript memory instead of on the WASM heap. The heap stops at 4 GiB, and two moments per
// parameter take twice the model: ViT-B/16 + BERT-base (195 M parameters) has 0.75 GB of weights,
// 1.5 GB of moments and 0.75 GB of gradients before a single activation, and did not train at
// batch 2. The optimiser's tf ops were also thirteen kernels per parameter (1,044 kernel calls a
// step on CLIP tiny); here each parameter is one kernel call that reads the gradient and the
// parameter on the heap, updates m and v in place, and writes the new parameter:
//   m ← β1·m + (1 − β1)·g,  v ← β2·v + (1 − β2)·g²,
//   p ← p·(1 − lr·wd) − (lr / bc1)·m / (√v / √bc2 + ε)
// in the order and with the float32 moments of the op-by-op form (optimizer.ts), in doubles
// between, so the two agree to float32 rounding.
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from "@tensorflow/tfjs-core";
import { tf, type Tensor } from "../tf.js";
import { heapOf, type WasmBackend } from "./heap.js";

export const FUSED_ADAMW = "VlmcAdamW";

/** One step's constants: `decay` is the factor 1 − lr·wd (1 without weight decay), `bc1`/`bc2` the bias corrections. */
export interface AdamWStep {
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly decay: number;
  readonly bc1: number;
  readonly bc2: number;
}

interface AdamWAttrs extends AdamWStep {
  readonly m: Float32Array;
  readonly v: Float32Array;
}

const adamw: KernelFunc = ({ inputs, backend: b, attrs }) => {
  const { param, grad } = inputs as { param: TensorInfo; grad: TensorInfo };
  const { m, v, lr, beta1, beta2, eps, decay, bc1, bc2 } = attrs as unknown as AdamWAttrs;
  const backend = b as unknown as WasmBackend;
  const heap = heapOf(backend);
  const out = backend.makeOutput([...param.shape], "float32");
  const f = heap.floats();
  const n = m.length;
  // Views of just this parameter: loops over small typed arrays optimise better than offsets into the whole heap.
  const [p, g, o] = [heap.offset(param), heap.offset(grad), heap.offset(out)].map((at) => f.subarray(at, at + n)) as [Float32Array, Float32Array, Float32Array];
  const [keep1, keep2, sqrtBc2, stepSize] = [1 - beta1, 1 - beta2, Math.sqrt(bc2), lr / bc1];
  for (let i = 0; i < n; i++) {
    const gi = g[i]!;
    m[i] = m[i]! * beta1 + gi * keep1;
    v[i] = v[i]! * beta2 + gi * gi * keep2;
    o[i] = p[i]! * decay - (m[i]! / (Math.sqrt(v[i]!) / sqrtBc2 + eps)) * stepSize;
  }
  return out;
};

export const adamwConfig: KernelConfig = { kernelName: FUSED_ADAMW, backendName: "wasm", kernelFunc: adamw };

/**
 * One AdamW step of `param` (float32) given its gradient, with its moments `m` and `v` (one
 * element per parameter element) updated in place; returns the new parameter value, which the
 * caller assigns. Call only where fusedKernelsAvailable() (overrides.ts).
 */
export function fusedAdamW(param: Tensor, grad: Tensor, m: Float32Array, v: Float32Array, step: AdamWStep): Tensor {
  if (m.length !== param.size || v.length !== param.size) throw new Error(`AdamW moments of ${m.length}/${v.length} elements for a parameter of ${param.size} (internal error)`);
  const attrs = { ...step, m, v } as unknown as NamedAttrMap;
  return tf.engine().runKernel(FUSED_ADAMW, { param, grad }, attrs) as Tensor;
}
