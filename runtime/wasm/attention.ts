// Multi-head attention on the WASM backend, head by head on the heap: one kernel
// (`VlmcHeadwiseAttention`) for q[B, T, D], k[B, S, D], v[B, S, Dv] → [B, T, Dv] without a mask,
// bias or dropout. The composite formulation (runtime/kernels/linalg/attention.ts) splits heads
// with rank-4 transposes, scales the [B, heads, T, S] scores in a pass of their own, batches the
// products, and merges heads with another transpose. Here each (batch item, head) is gathered
// straight from the [B, T, D] rows into small scratch buffers — the query pre-multiplied by the
// scale, the key transposed — and goes through XNNPACK: scores = q_h·k_hᵀ (fully connected) for
// every head, one softmax over all of them (XNNPACK softmax, in place; one call, since on the
// threaded build each call wakes the thread pool), then out_h = probs·v_h, written straight into
// its columns of the output. No transposes of whole tensors and no scale pass.
//
// The gradient is declared (tf.registerGradient) with tfjs ops, from the saved q, k and v:
// P = softmax(s·q kᵀ), dV = Pᵀ dO, dP = dO Vᵀ, dS = P ⊙ (dP − rowsum(dP ⊙ P)), dQ = s·dS K,
// dK = s·dSᵀ Q.
import type { GradConfig, KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from "@tensorflow/tfjs-core";
import { tf, type Tensor } from "../tf.js";
import { mergeHeads, splitHeads } from "../heads.js";
import { heapOf, type WasmBackend } from "./heap.js";

export const HEADWISE_ATTENTION = "VlmcHeadwiseAttention";

type SoftmaxFn = (x: number, out: number, channels: number, rows: number) => void;
const softmaxFns = new WeakMap<object, SoftmaxFn>();

function softmaxOf(backend: WasmBackend): SoftmaxFn {
  let f = softmaxFns.get(backend);
  if (!f) {
    f = backend.wasm.cwrap("Softmax", null, ["number", "number", "number", "number"]) as SoftmaxFn;
    softmaxFns.set(backend, f);
  }
  return f;
}

const headwise: KernelFunc = ({ inputs, backend: b, attrs }) => {
  const { q, k, v } = inputs as { q: TensorInfo; k: TensorInfo; v: TensorInfo };
  const { heads, scale } = attrs as { heads: number; scale: number };
  const backend = b as unknown as WasmBackend;
  const heap = heapOf(backend);
  const [batch, t, d] = q.shape as [number, number, number];
  const s = k.shape[1]!;
  const dv = v.shape[2]!;
  const [dh, dvh] = [d / heads, dv / heads];
  const out = backend.makeOutput([batch, t, dv], "float32");
  if (batch * t * dv === 0) return out;
  const items = batch * heads;
  const qh = heap.scratch(t * dh);
  const kt = heap.scratch(dh * s);
  const vh = heap.scratch(s * dvh);
  const oh = heap.scratch(t * dvh);
  const scores = heap.scratch(items * t * s); // every head's scores, for one softmax call
  const [qAt, kAt, vAt, outAt] = [q, k, v, out].map((x) => heap.data(x).memoryOffset / 4) as [number, number, number, number];
  // The heap may grow (and its buffer be replaced) in any C call: views are taken afresh after each.
  const f32 = (): Float32Array => heap.f32(0, backend.wasm.HEAPU8.byteLength / 4);
  // XNNPACK caches the packed right operand by id, so each head's k and v get a fresh id.
  const product = (a: number, rows: number, inner: number, right: { ptr: number; size: number }, cols: number, outPtr: number): void => {
    const w = heap.view(right.ptr, right.size);
    const o = heap.view(outPtr, rows * cols);
    heap.matmul(a, rows, inner, w.id, cols, o.id);
    heap.unview(w);
    heap.unview(o);
  };
  try {
    for (let item = 0; item < items; item++) {
      const [bi, h] = [Math.floor(item / heads), item % heads];
      const f = f32();
      const qRow = qAt + bi * t * d + h * dh;
      for (let i = 0, o = qh.ptr / 4; i < t; i++, o += dh) {
        const from = qRow + i * d;
        for (let j = 0; j < dh; j++) f[o + j] = f[from + j]! * scale;
      }
      const kRow = kAt + bi * s * d + h * dh;
      const ktAt = kt.ptr / 4;
      for (let i = 0; i < s; i++) {
        const from = kRow + i * d;
        for (let j = 0; j < dh; j++) f[ktAt + j * s + i] = f[from + j]!;
      }
      product(qh.id, t, dh, kt, s, scores.ptr + 4 * item * t * s);
    }
    softmaxOf(backend)(scores.id, scores.id, s, items * t);
    for (let item = 0; item < items; item++) {
      const [bi, h] = [Math.floor(item / heads), item % heads];
      let f = f32();
      const vRow = vAt + bi * s * dv + h * dvh;
      for (let i = 0; i < s; i++) f.copyWithin(vh.ptr / 4 + i * dvh, vRow + i * dv, vRow + i * dv + dvh);
      const probs = heap.view(scores.ptr + 4 * item * t * s, t * s);
      product(probs.id, t, s, vh, dvh, oh.ptr);
      heap.unview(probs);
      f = f32();
      const outRow = outAt + bi * t * dv + h * dvh;
      for (let i = 0; i < t; i++) f.copyWithin(outRow + i * dv, oh.ptr / 4 + i * dvh, oh.ptr / 4 + (i + 1) * dvh);
    }
  } finally {
    for (const block of [qh, kt, vh, oh, scores]) heap.free(block);
  }
  return out;
};

/** The kernel, registered for the wasm backend by runtime/wasm/overrides.ts. */
export const headwiseAttentionConfig: KernelConfig = { kernelName: HEADWISE_ATTENTION, backendName: "wasm", kernelFunc: headwise };

export const headwiseAttentionGrad: GradConfig = {
  kernelName: HEADWISE_ATTENTION,
  inputsToSave: ["q", "k", "v"],
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
    const [q, k, v] = saved as [Tensor, Tensor, Tensor];
    const { heads, scale } = attrs as unknown as { heads: number; scale: number };
    const [qh, kh, vh, dyh] = [splitHeads(q, heads), splitHeads(k, heads), splitHeads(v, heads), splitHeads(dy as Tensor, heads)];
    const probs = tf.softmax(tf.mul(tf.matMul(qh, kh, false, true), scale));
    const dProbs = tf.matMul(dyh, vh, false, true);
    const dScores = tf.mul(tf.mul(probs, tf.sub(dProbs, tf.sum(tf.mul(dProbs, probs), -1, true))), scale);
    return {
      q: () => mergeHeads(tf.matMul(dScores, kh)),
      k: () => mergeHeads(tf.matMul(dScores, qh, true, false)),
      v: () => mergeHeads(tf.matMul(probs, dyh, true, false)),
    };
  },
};

/** Attention through the head-wise kernel (the caller checks the wasm backend runs it). */
export function headwiseAttention(q: Tensor, k: Tensor, v: Tensor, heads: number, scale: number): Tensor {
  return tf.engine().runKernel(HEADWISE_ATTENTION, { q, k, v }, { heads, scale }) as Tensor;
}
