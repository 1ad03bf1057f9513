// Layer normalisation on the WASM backend as one kernel each way, on the heap. The composite form
// (runtime/kernels/elementwise/layer_norm.ts: mean, subtract, square, mean, add, rsqrt, multiply,
// multiply, add) is nine kernels forward and about twenty-five backward, and the tape keeps
// four full-size intermediates per LayerNorm alive until the backward pass: on ViT-B/16 at batch
// 8, 25 LayerNorms × 4 × 4.8 MB. Here the forward is one pass per row (statistics in doubles,
// two-pass variance as the composite computes it) and saves only its input; the gradient
// recomputes each row's statistics and gives dx, dγ and dβ in one more pass:
//   x̂ = (x − μ)·r, r = 1/√(var + eps), g = dy·γ:
//   dx = r·(g − mean(g) − x̂·mean(g·x̂)),  dγ = Σ_rows dy·x̂,  dβ = Σ_rows dy.
// Only x[..., C] with γ and β of shape [C] comes here (the std LayerNorm); the kernel in
// runtime/kernels falls back to the composite for anything else.
import type { GradConfig, KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from "@tensorflow/tfjs-core";
import { tf, type Tensor } from "../tf.js";
import { heapOf, type WasmBackend } from "./heap.js";

export const FUSED_LAYER_NORM = "VlmcLayerNorm";
const FUSED_LAYER_NORM_GRAD = "VlmcLayerNormGrad";

interface Stats {
  mean: number;
  rstd: number;
}

/** Mean and 1/√(var + eps) of f[at, at + c), accumulated in doubles. */
function rowStats(f: Float32Array, at: number, c: number, eps: number, into: Stats): void {
  let sum = 0;
  for (let j = at, end = at + c; j < end; j++) sum += f[j]!;
  const mean = sum / c;
  let sq = 0;
  for (let j = at, end = at + c; j < end; j++) {
    const d = f[j]! - mean;
    sq += d * d;
  }
  into.mean = mean;
  into.rstd = 1 / Math.sqrt(sq / c + eps);
}

const forward: KernelFunc = ({ inputs, backend: b, attrs }) => {
  const { x, weight, bias } = inputs as { x: TensorInfo; weight: TensorInfo; bias: TensorInfo };
  const eps = (attrs as { eps: number }).eps;
  const backend = b as unknown as WasmBackend;
  const heap = heapOf(backend);
  const out = backend.makeOutput([...x.shape], "float32");
  const c = x.shape[x.shape.length - 1]!;
  const rows = c === 0 ? 0 : tf.util.sizeFromShape(x.shape) / c;
  const f = heap.floats();
  const [xAt, wAt, bAt, oAt] = [heap.offset(x), heap.offset(weight), heap.offset(bias), heap.offset(out)];
  const s: Stats = { mean: 0, rstd: 0 };
  for (let i = 0; i < rows; i++) {
    const at = xAt + i * c;
    rowStats(f, at, c, eps, s);
    const o = oAt + i * c;
    for (let j = 0; j < c; j++) f[o + j] = (f[at + j]! - s.mean) * s.rstd * f[wAt + j]! + f[bAt + j]!;
  }
  return out;
};

const backward: KernelFunc = ({ inputs, backend: b, attrs }) => {
  const { dy, x, weight } = inputs as { dy: TensorInfo; x: TensorInfo; weight: TensorInfo };
  const eps = (attrs as { eps: number }).eps;
  const backend = b as unknown as WasmBackend;
  const heap = heapOf(backend);
  const c = x.shape[x.shape.length - 1]!;
  const dx = backend.makeOutput([...x.shape], "float32");
  const dWeight = backend.makeOutput([c], "float32");
  const dBias = backend.makeOutput([c], "float32");
  const rows = c === 0 ? 0 : tf.util.sizeFromShape(x.shape) / c;
  const f = heap.floats();
  const [xAt, dyAt, wAt, dxAt] = [heap.offset(x), heap.offset(dy), heap.offset(weight), heap.offset(dx)];
  const dw = new Float64Array(c);
  const db = new Float64Array(c);
  const s: Stats = { mean: 0, rstd: 0 };
  for (let i = 0; i < rows; i++) {
    const at = xAt + i * c;
    const g = dyAt + i * c;
    rowStats(f, at, c, eps, s);
    const { mean, rstd } = s;
    let sumG = 0;
    let sumGx = 0;
    for (let j = 0; j < c; j++) {
      const xh = (f[at + j]! - mean) * rstd;
      const d = f[g + j]!;
      const gj = d * f[wAt + j]!;
      sumG += gj;
      sumGx += gj * xh;
      dw[j]! += d * xh;
      db[j]! += d;
    }
    const meanG = sumG / c;
    const meanGx = sumGx / c;
    const o = dxAt + i * c;
    for (let j = 0; j < c; j++) {
      const xh = (f[at + j]! - mean) * rstd;
      f[o + j] = rstd * (f[g + j]! * f[wAt + j]! - meanG - xh * meanGx);
    }
  }
  f.set(dw, heap.offset(dWeight));
  f.set(db, heap.offset(dBias));
  return [dx, dWeight, dBias];
};

export const layerNormConfigs: readonly KernelConfig[] = [
  { kernelName: FUSED_LAYER_NORM, backendName: "wasm", kernelFunc: forward },
  { kernelName: FUSED_LAYER_NORM_GRAD, backendName: "wasm", kernelFunc: backward },
];

export const layerNormGrad: GradConfig = {
  kernelName: FUSED_LAYER_NORM,
  inputsToSave: ["x", "weight"],
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
    const [x, weight] = saved as [Tensor, Tensor];
    const [dx, dWeight, dBias] = tf.engine().runKernel(FUSED_LAYER_NORM_GRAD, { dy: dy as Tensor, x, weight }, attrs) as Tensor[];
    return { x: () => dx!, weight: () => dWeight!, bias: () => dBias! };
  },
};

/** LayerNorm of x[..., C] with γ, β of shape [C] through the fused kernel (the caller checks it can run). */
export function fusedLayerNorm(x: Tensor, weight: Tensor, bias: Tensor, eps: number): Tensor {
  return tf.engine().runKernel(FUSED_LAYER_NORM, { x, weight, bias }, { eps }) as Tensor;
}
