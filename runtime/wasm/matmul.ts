// Matrix products on the WASM backend, all through XNNPACK. The stock BatchMatMul/_FusedMatMul
// kernels of tfjs-backend-wasm 4.22 hand XNNPACK only one case — a single, untransposed product
// (batch 1 on both sides) — and run everything else in a scalar triple loop: batched attention
// products, a 3-D activation times a 2-D weight, and every transposed product, which is what
// x·Wᵀ and every backward pass makes. Measured on ViT-B/16 shapes (one thread): [8,197,768]·W
// 756 ms stock vs 53 ms as one 2-D product; q·kᵀ for [12,197,64] 21.6 ms stock.
//
// This kernel reduces every float32 product to that fast case:
//   - transposed operands are materialised untransposed (the C Transpose kernel); a transposed
//     2-D right operand — a weight — is cached while it lives (transposed-cache.ts), so XNNPACK
//     packs it once, as it does for an untransposed weight;
//   - a right operand shared by the whole batch folds the batch into the rows of one product;
//   - otherwise each batch item is one product on zero-copy views of the heap.
// Bias and activation go to the C kernel as before. Anything else (prelu, broadcasting that is
// not "same batch or batch 1", empty tensors, other dtypes) goes to the stock kernel. The kernel
// names stay BatchMatMul/_FusedMatMul, so tfjs's registered gradients apply unchanged.
//
// While gradients are taken (a training step's forward and backward) nothing is kept between
// products: the C kernel keeps XNNPACK's packed copy of a right operand until that operand's id
// is disposed, and in training the right operands are weights that change every step and
// activations that live until the end of the backward pass, so packed copies of every weight
// (twice: Wᵀ in the forward, W in the backward) and of every saved activation piled up. ViT-B/16 +
// BERT-base at batch 8 filled the 4 GiB heap that way in its first forward. In training each
// right operand therefore goes to XNNPACK under a fresh id that is released after the product
// (its packed copy with it), and transposed weights are not cached.
import { broadcast_util, util, type KernelFunc, type NamedAttrMap, type TensorInfo } from "@tensorflow/tfjs-core";
import { tf } from "../tf.js";
import { FUSABLE_ACTIVATIONS, heapOf, type HeapBlock, type WasmBackend, type WasmHeap } from "./heap.js";
import { DEFAULT_TRANSPOSED_CACHE_BYTES, TransposedCache } from "./transposed-cache.js";

interface Product {
  readonly a: TensorInfo;
  readonly b: TensorInfo;
  readonly bias?: TensorInfo;
  readonly transposeA: boolean;
  readonly transposeB: boolean;
  readonly m: number;
  readonly k: number;
  readonly n: number;
  readonly batchA: number;
  readonly batchB: number;
  readonly outShape: number[];
  readonly activation: number;
  readonly alpha: number;
}

const caches = new WeakMap<WasmHeap, TransposedCache>();

/** The bound new caches start with (setWasmCacheLimit changes it). */
let cacheLimit = DEFAULT_TRANSPOSED_CACHE_BYTES;

export function transposedCacheOf(heap: WasmHeap): TransposedCache {
  let c = caches.get(heap);
  if (!c) {
    c = new TransposedCache(heap, cacheLimit);
    caches.set(heap, c);
  }
  return c;
}

/** Bounds the transposed-weight caches, this heap's and any made later. */
export function limitTransposedCaches(heap: WasmHeap | undefined, bytes: number): void {
  cacheLimit = bytes;
  if (heap) transposedCacheOf(heap).limit(bytes);
}

/** The product described by a BatchMatMul/_FusedMatMul call, or undefined where the stock kernel should run. */
function describe(inputs: Record<string, TensorInfo | undefined>, attrs: NamedAttrMap): Product | undefined {
  const { a, b, bias, preluActivationWeights } = inputs;
  if (!a || !b || a.dtype !== "float32" || b.dtype !== "float32" || preluActivationWeights) return undefined;
  const activation = FUSABLE_ACTIVATIONS[(attrs.activation as string | undefined) ?? "linear"];
  if (activation === undefined) return undefined;
  const transposeA = Boolean(attrs.transposeA);
  const transposeB = Boolean(attrs.transposeB);
  const ra = a.shape.length;
  const rb = b.shape.length;
  if (ra < 2 || rb < 2) return undefined;
  const m = transposeA ? a.shape[ra - 1]! : a.shape[ra - 2]!;
  const k = transposeA ? a.shape[ra - 2]! : a.shape[ra - 1]!;
  const kb = transposeB ? b.shape[rb - 1]! : b.shape[rb - 2]!;
  const n = transposeB ? b.shape[rb - 2]! : b.shape[rb - 1]!;
  if (k !== kb || m * k * n === 0) return undefined;
  const batchShapeA = a.shape.slice(0, -2);
  const batchShapeB = b.shape.slice(0, -2);
  let batchShape: number[];
  try {
    batchShape = broadcast_util.assertAndGetBroadcastShape(batchShapeA, batchShapeB);
  } catch {
    return undefined; // the stock kernel reports the mismatch
  }
  const batch = util.sizeFromShape(batchShape);
  const batchA = util.sizeFromShape(batchShapeA);
  const batchB = util.sizeFromShape(batchShapeB);
  if ((batchA !== batch && batchA !== 1) || (batchB !== batch && batchB !== 1)) return undefined;
  if (bias && (bias.dtype !== "float32" || bias.shape.length !== 1 || bias.shape[0] !== n)) return undefined;
  return {
    a,
    b,
    ...(bias ? { bias } : {}),
    transposeA,
    transposeB,
    m,
    k,
    n,
    batchA,
    batchB,
    outShape: [...batchShape, m, n],
    activation,
    alpha: Number(attrs.leakyreluAlpha ?? 0),
  };
}

interface EngineState {
  readonly gradientDepth: number;
  readonly scopeStack: readonly { readonly name: string }[];
}

/** Whether tfjs is taking gradients now: recording a tape (the forward) or back-propagating. */
export function takingGradients(): boolean {
  const state = (tf.engine() as unknown as { state: EngineState }).state;
  return state.gradientDepth > 0 || state.scopeStack.some((s) => s.name === "backward");
}

/** An operand as row-major [batch, rows, cols]: its own memory, or a transposed copy. */
interface Operand {
  readonly id: number;
  readonly ptr: number;
}

function run(heap: WasmHeap, p: Product, keep: boolean): TensorInfo {
  const temps: HeapBlock[] = [];
  const views: HeapBlock[] = [];
  const own = (t: TensorInfo): Operand => {
    const d = heap.data(t);
    return { id: d.id, ptr: d.memoryOffset };
  };
  const transposedCopy = (t: TensorInfo, batch: number, rows: number, cols: number): Operand => {
    const block = heap.scratch(batch * rows * cols);
    temps.push(block);
    heap.transpose(heap.data(t).memoryOffset, batch, rows, cols, block.ptr);
    return block;
  };
  /** The operand under an id of its own, released (with XNNPACK's packed copy) after the product. */
  const transient = (t: TensorInfo): Operand => {
    const d = heap.data(t);
    const v = heap.view(d.memoryOffset, util.sizeFromShape(t.shape));
    views.push(v);
    return v;
  };
  try {
    const a = p.transposeA ? transposedCopy(p.a, p.batchA, p.k, p.m) : own(p.a);
    let b: Operand;
    if (!p.transposeB) b = keep ? own(p.b) : transient(p.b);
    else if (p.batchB === 1 && keep) b = transposedCacheOf(heap).transposed(p.b, p.n, p.k);
    else b = transposedCopy(p.b, p.batchB, p.n, p.k);
    const out = heap.backend.makeOutput(p.outShape, "float32");
    const o = own(out);
    const bias = p.bias ? heap.data(p.bias).id : 0;
    if (p.batchB === 1) {
      // One weight for the whole batch: the batch items are just more rows.
      heap.matmul(a.id, p.batchA * p.m, p.k, b.id, p.n, o.id, p.activation, bias, p.alpha);
      return out;
    }
    const batch = Math.max(p.batchA, p.batchB);
    const [mk, kn, mn] = [p.m * p.k, p.k * p.n, p.m * p.n];
    for (let i = 0; i < batch; i++) {
      const ai = p.batchA === 1 ? undefined : heap.view(a.ptr + 4 * i * mk, mk);
      const bi = heap.view(b.ptr + 4 * i * kn, kn);
      const oi = heap.view(o.ptr + 4 * i * mn, mn);
      heap.matmul(ai ? ai.id : a.id, p.m, p.k, bi.id, p.n, oi.id, p.activation, bias, p.alpha);
      if (ai) heap.unview(ai);
      heap.unview(bi);
      heap.unview(oi);
    }
    return out;
  } finally {
    for (const t of temps) heap.free(t);
    for (const v of views) heap.unview(v);
  }
}

/** BatchMatMul or _FusedMatMul through XNNPACK; `stock` runs what it does not handle. */
export function productKernel(stock: KernelFunc): KernelFunc {
  return (args) => {
    const product = describe(args.inputs as Record<string, TensorInfo | undefined>, args.attrs ?? {});
    if (!product) return stock(args);
    return run(heapOf(args.backend as unknown as WasmBackend), product, !takingGradients());
  };
}
