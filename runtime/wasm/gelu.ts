// GELU and its approximations on the WASM backend as one kernel each way, on the heap. The
// composite forms (runtime/kernels/elementwise/gelu.ts and friends) are three to five kernels
// forward, around ten backward, and the tape keeps every intermediate: for the exact GELU of a
// ViT-B/16 MLP at batch 8 that is five [1576, 3072] tensors (97 MB) per layer until the backward
// pass, and tfjs-wasm's Erf and Exp are scalar C loops (59 and 28 ms on that shape). Here the
// forward is one pass and saves only its input; the gradient is one pass from the input:
//   erf:   y = ½x(1 + erf(x/√2)),   y' = ½(1 + erf(x/√2)) + x·φ(x),  φ(x) = e^(−x²/2)/√(2π)
//   tanh:  y = x·σ(u), u = 2√(2/π)(x + 0.044715x³),   y' = σ(u) + x·σ(u)(1 − σ(u))·u'
//   quick: y = x·σ(1.702x),   y' = σ + 1.702x·σ(1 − σ)
// with erf and exp from fast-math.ts (float32-accurate). Measured on [1576, 3072], one thread:
// exact GELU forward + backward 117 ms composite (see the report in bench/train.ts for the step).
import type { GradConfig, KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from "@tensorflow/tfjs-core";
import { tf, type Tensor } from "../tf.js";
import { erf, exp } from "./fast-math.js";
import { heapOf, type WasmBackend } from "./heap.js";

export const FUSED_GELU = "VlmcGelu";
const FUSED_GELU_GRAD = "VlmcGeluGrad";

export type GeluKind = "erf" | "tanh" | "quick";

const TANH_LINEAR = 2 * Math.sqrt(2 / Math.PI);
const TANH_CUBIC = TANH_LINEAR * 0.044715;
const QUICK = 1.702;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

const sigmoid = (u: number): number => 1 / (1 + exp(-u));

/** y = f(x) elementwise over n values from xAt into oAt of `f`. */
function apply(kind: GeluKind, f: Float32Array, xAt: number, oAt: number, n: number): void {
  if (kind === "erf") {
    for (let i = 0; i < n; i++) {
      const x = f[xAt + i]!;
      f[oAt + i] = 0.5 * x * (1 + erf(x * Math.SQRT1_2));
    }
  } else if (kind === "tanh") {
    for (let i = 0; i < n; i++) {
      const x = f[xAt + i]!;
      f[oAt + i] = x * sigmoid(x * (TANH_LINEAR + TANH_CUBIC * x * x));
    }
  } else {
    for (let i = 0; i < n; i++) {
      const x = f[xAt + i]!;
      f[oAt + i] = x * sigmoid(QUICK * x);
    }
  }
}

/** dx = dy · f'(x) elementwise. */
function derive(kind: GeluKind, f: Float32Array, dyAt: number, xAt: number, oAt: number, n: number): void {
  if (kind === "erf") {
    for (let i = 0; i < n; i++) {
      const x = f[xAt + i]!;
      f[oAt + i] = f[dyAt + i]! * (0.5 * (1 + erf(x * Math.SQRT1_2)) + x * INV_SQRT_2PI * exp(-0.5 * x * x));
    }
  } else if (kind === "tanh") {
    for (let i = 0; i < n; i++) {
      const x = f[xAt + i]!;
      const x2 = x * x;
      const s = sigmoid(x * (TANH_LINEAR + TANH_CUBIC * x2));
      f[oAt + i] = f[dyAt + i]! * (s + x * s * (1 - s) * (TANH_LINEAR + 3 * TANH_CUBIC * x2));
    }
  } else {
    for (let i = 0; i < n; i++) {
      const x = f[xAt + i]!;
      const s = sigmoid(QUICK * x);
      f[oAt + i] = f[dyAt + i]! * (s + QUICK * x * s * (1 - s));
    }
  }
}

const forward: KernelFunc = ({ inputs, backend: b, attrs }) => {
  const { x } = inputs as { x: TensorInfo };
  const backend = b as unknown as WasmBackend;
  const heap = heapOf(backend);
  const out = backend.makeOutput([...x.shape], "float32");
  apply((attrs as { kind: GeluKind }).kind, heap.floats(), heap.offset(x), heap.offset(out), tf.util.sizeFromShape(x.shape));
  return out;
};

const backward: KernelFunc = ({ inputs, backend: b, attrs }) => {
  const { dy, x } = inputs as { dy: TensorInfo; x: TensorInfo };
  const backend = b as unknown as WasmBackend;
  const heap = heapOf(backend);
  const dx = backend.makeOutput([...x.shape], "float32");
  derive((attrs as { kind: GeluKind }).kind, heap.floats(), heap.offset(dy), heap.offset(x), heap.offset(dx), tf.util.sizeFromShape(x.shape));
  return dx;
};

export const geluConfigs: readonly KernelConfig[] = [
  { kernelName: FUSED_GELU, backendName: "wasm", kernelFunc: forward },
  { kernelName: FUSED_GELU_GRAD, backendName: "wasm", kernelFunc: backward },
];

export const geluGrad: GradConfig = {
  kernelName: FUSED_GELU,
  inputsToSave: ["x"],
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
    const [x] = saved as [Tensor];
    return { x: () => tf.engine().runKernel(FUSED_GELU_GRAD, { dy: dy as Tensor, x }, attrs) as Tensor };
  },
};

/** GELU of a float32 tensor through the fused kernel (the caller checks it can run). */
export function fusedGelu(x: Tensor, kind: GeluKind): Tensor {
  return tf.engine().runKernel(FUSED_GELU, { x }, { kind }) as Tensor;
}
