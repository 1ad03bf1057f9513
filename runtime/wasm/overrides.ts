// Installs the WASM kernel overrides (matmul.ts, slice.ts) in tfjs's kernel registry with
// tf.registerKernel, replacing the stock kernels of the same names for the `wasm` backend, and
// puts the stock ones back on request (tests compare the two; the benchmark measures both).
// Each override keeps the stock kernel's setup and falls back to its kernelFunc for the cases it
// does not handle, so it is a drop-in: same names, same attributes, same gradients. The
// head-wise attention kernel (attention.ts), which has no stock counterpart, is registered with
// them: the attention kernel uses it only while the overrides are installed.
//
// Measured with the runtime benchmark (npm run bench:runtime: CLIP ViT-B/16 image tower, batch 1,
// one thread, medians of 7): the hand-written tfjs tower 1.75 s with the stock kernels (0.55 s of
// it in the scalar BatchMatMul loop of attention), 1.00 s with the overrides; vlmc, whose linear
// layers multiply by Wᵀ, 11.8 s with the stock kernels, 1.00 s with the overrides.
import type { KernelConfig, KernelFunc } from "@tensorflow/tfjs-core";
import { tf } from "../tf.js";
import { HEADWISE_ATTENTION, headwiseAttentionConfig, headwiseAttentionGrad } from "./attention.js";
import { heapOf } from "./heap.js";
import { limitTransposedCaches, productKernel, transposedCacheOf } from "./matmul.js";
import { sliceKernel } from "./slice.js";

const OVERRIDES: readonly { readonly kernel: string; readonly make: (stock: KernelFunc) => KernelFunc }[] = [
  { kernel: "BatchMatMul", make: productKernel },
  { kernel: "_FusedMatMul", make: productKernel },
  { kernel: "Slice", make: sliceKernel },
];

/** The stock configs while the overrides are installed. */
let stock: Map<string, KernelConfig> | undefined;

/** Kernel names the overrides replace. */
export const OVERRIDDEN_KERNELS: readonly string[] = OVERRIDES.map((o) => o.kernel);

export function wasmOverridesInstalled(): boolean {
  return stock !== undefined;
}

/**
 * Replaces the stock wasm kernels with the overrides. Call after importing
 * @tensorflow/tfjs-backend-wasm (which registers the stock kernels); idempotent.
 */
export function installWasmOverrides(): void {
  if (stock) return;
  const saved = new Map<string, KernelConfig>();
  for (const { kernel } of OVERRIDES) {
    const config = tf.getKernel(kernel, "wasm");
    if (!config) throw new Error(`tfjs-backend-wasm registers no ${kernel} kernel (was @tensorflow/tfjs-backend-wasm imported?)`);
    saved.set(kernel, config);
  }
  for (const { kernel, make } of OVERRIDES) {
    const config = saved.get(kernel)!;
    tf.unregisterKernel(kernel, "wasm");
    tf.registerKernel({ ...config, kernelFunc: make(config.kernelFunc) });
  }
  if (!tf.getKernel(HEADWISE_ATTENTION, "wasm")) tf.registerKernel(headwiseAttentionConfig);
  if (!tf.getGradient(HEADWISE_ATTENTION)) tf.registerGradient(headwiseAttentionGrad);
  stock = saved;
}

/** Whether the head-wise attention kernel can run now: the wasm backend with the overrides installed. */
export function headwiseAttentionAvailable(): boolean {
  return stock !== undefined && tf.getBackend() === "wasm";
}

/** Puts the stock kernels back and frees the overrides' caches on the current wasm backend. */
export function removeWasmOverrides(): void {
  if (!stock) return;
  for (const [kernel, config] of stock) {
    tf.unregisterKernel(kernel, "wasm");
    tf.registerKernel(config);
  }
  if (tf.getKernel(HEADWISE_ATTENTION, "wasm")) tf.unregisterKernel(HEADWISE_ATTENTION, "wasm");
  stock = undefined;
  clearWasmCaches();
}

/** Frees cached transposed weights on the wasm backend, if it is running. */
export function clearWasmCaches(): void {
  const backend = tf.findBackend("wasm");
  if (backend) transposedCacheOf(heapOf(backend)).clear();
}

/**
 * Bounds the bytes of transposed weights the overrides keep (default 1.5 GiB): a run gives the
 * cache what its model leaves of the heap, so a large model runs without the cache rather than
 * not at all.
 */
export function setWasmCacheLimit(bytes: number): void {
  const backend = tf.findBackend("wasm");
  limitTransposedCaches(backend ? heapOf(backend) : undefined, bytes);
}

/** Bytes the overrides hold on the wasm heap beyond tfjs's own tensors (cached transposes). */
export function wasmCacheBytes(): number {
  const backend = tf.findBackend("wasm");
  return backend ? transposedCacheOf(heapOf(backend)).size : 0;
}
