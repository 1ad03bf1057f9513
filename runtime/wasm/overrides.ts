// Installs the WASM kernel overrides (matmul.ts, slice.ts, share.ts) in tfjs's kernel registry with
// tf.registerKernel, replacing the stock kernels of the same names for the `wasm` backend, and
// puts the stock ones back on request (tests compare the two; the benchmark measures both).
// Each override keeps the stock kernel's setup and falls back to its kernelFunc for the cases it
// does not handle, so it is a drop-in: same names, same attributes, same gradients. Kernels with
// no stock counterpart are registered with them, each with its declared gradient: head-wise
// attention (attention.ts), fused LayerNorm (layer-norm.ts) and GELU (gelu.ts), and the fused
// AdamW update (adamw.ts); the runtime uses them only while the overrides are installed.
//
// Measured with the runtime benchmark (npm run bench:runtime: CLIP ViT-B/16 image tower, batch 1,
// one thread, medians of 7): the hand-written tfjs tower 1.75 s with the stock kernels (0.55 s of
// it in the scalar BatchMatMul loop of attention), 1.00 s with the overrides; vlmc, whose linear
// layers multiply by Wᵀ, 11.8 s with the stock kernels, 1.00 s with the overrides.
import type { GradConfig, KernelConfig, KernelFunc } from "@tensorflow/tfjs-core";
import { tf } from "../tf.js";
import { adamwConfig } from "./adamw.js";
import { headwiseAttentionConfig, headwiseAttentionGrad } from "./attention.js";
import { geluConfigs, geluGrad } from "./gelu.js";
import { heapOf } from "./heap.js";
import { layerNormConfigs, layerNormGrad } from "./layer-norm.js";
import { limitTransposedCaches, productKernel, transposedCacheOf } from "./matmul.js";
import { castKernel, identityKernel } from "./share.js";
import { sliceKernel } from "./slice.js";

const OVERRIDES: readonly { readonly kernel: string; readonly make: (stock: KernelFunc) => KernelFunc }[] = [
  { kernel: "BatchMatMul", make: productKernel },
  { kernel: "_FusedMatMul", make: productKernel },
  { kernel: "Slice", make: sliceKernel },
  { kernel: "Identity", make: identityKernel },
  { kernel: "Cast", make: castKernel },
];

/** Kernels of our own (no stock counterpart) and the gradients declared for them. */
const OWN_KERNELS: readonly KernelConfig[] = [headwiseAttentionConfig, ...layerNormConfigs, ...geluConfigs, adamwConfig];
const OWN_GRADIENTS: readonly GradConfig[] = [headwiseAttentionGrad, layerNormGrad, geluGrad];

/** The stock configs while the overrides are installed. */
let stock: Map<string, KernelConfig> | undefined;

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
  for (const config of OWN_KERNELS) if (!tf.getKernel(config.kernelName, "wasm")) tf.registerKernel(config);
  for (const grad of OWN_GRADIENTS) if (!tf.getGradient(grad.kernelName)) tf.registerGradient(grad);
  stock = saved;
}

/** Whether the kernels of our own (fused and head-wise ones) can run now: the wasm backend with the overrides installed. */
export function fusedKernelsAvailable(): boolean {
  return stock !== undefined && tf.getBackend() === "wasm";
}

/** Puts the stock kernels back and frees the overrides' caches on the current wasm backend. */
export function removeWasmOverrides(): void {
  if (!stock) return;
  for (const [kernel, config] of stock) {
    tf.unregisterKernel(kernel, "wasm");
    tf.registerKernel(config);
  }
  for (const config of OWN_KERNELS) if (tf.getKernel(config.kernelName, "wasm")) tf.unregisterKernel(config.kernelName, "wasm");
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
