// Direct access to the WASM backend's heap and C entry points, for the kernel overrides in this
// folder. tfjs-backend-wasm keeps every tensor in one WebAssembly heap and its C kernels take
// tensor *ids* registered with the C side; the overrides need three things the stock kernels do
// not offer: zero-copy views of part of a tensor (one batch item of a product), scratch buffers
// (a transposed operand), and calls into the C kernels on those; the fused kernels also read and
// write the heap's floats directly. Views and scratch buffers are registered under ids of our
// own, far above the backend's counter, so tfjs's bookkeeping (tf.memory(), the backend's data
// map) never sees them; whoever makes one releases it.
//
// Everything here reads public members of tfjs-backend-wasm's BackendWasm (its `wasm` module,
// `dataIdMap`, `makeOutput`) and the module's exported C functions; nothing is patched.
import type { DataId, TensorInfo } from "@tensorflow/tfjs-core";
import { Diag } from "../../compiler/diagnostics/catalog.js";
import { say } from "../../compiler/diagnostics/template.js";
import { RunError } from "../errors.js";

/** The Emscripten module tfjs-backend-wasm builds (the parts used here). */
export interface WasmModule {
  HEAPU8: Uint8Array;
  _malloc(bytes: number): number;
  _free(ptr: number): void;
  cwrap(name: string, returns: string | null, args: string[]): (...args: unknown[]) => unknown;
  tfjs: {
    registerTensor(id: number, size: number, ptr: number): void;
    disposeData(id: number): void;
    getThreadsCount(): number;
  };
}

interface TensorData {
  id: number;
  memoryOffset: number;
  shape: number[];
  dtype: string;
  refCount: number;
}

/** tfjs-backend-wasm's BackendWasm, as far as the overrides use it. */
export interface WasmBackend {
  wasm: WasmModule;
  dataIdMap: { get(dataId: DataId): TensorData | undefined; has(dataId: DataId): boolean };
  makeOutput(shape: number[], dtype: string, memoryOffset?: number): TensorInfo;
  disposeData(dataId: DataId, force?: boolean): boolean;
}

/** A region of the heap registered with the C side under its own id. */
export interface HeapBlock {
  readonly id: number;
  readonly ptr: number;
  /** Elements (4 bytes each). */
  readonly size: number;
}

/** Activation codes of the C `_FusedMatMul` (tfjs-backend-wasm cc/fusable_activations.h). */
export const FUSABLE_ACTIVATIONS: Readonly<Record<string, number>> = { linear: 0, relu: 1, relu6: 2, leakyrelu: 4, sigmoid: 5, elu: 6 };

// The backend numbers its tensors 1, 2, 3, … (two ids per tensor written); ours count down from
// the top of the positive int32 range, so the two never meet in any realistic run.
let nextOwnId = 0x7fff_ffff;

type FusedMatMulFn = (
  a: number, aShape: Uint8Array, aRank: number, b: number, bShape: Uint8Array, bRank: number,
  transposeA: boolean, transposeB: boolean, activation: number, bias: number, prelu: number, alpha: number, out: number,
) => void;

const shapeBytes = (shape: readonly number[]): Uint8Array => new Uint8Array(new Int32Array(shape).buffer);

export class WasmHeap {
  private readonly fusedMatMulFn: FusedMatMulFn;

  constructor(readonly backend: WasmBackend) {
    const m = backend.wasm;
    const n = "number";
    this.fusedMatMulFn = m.cwrap("_FusedMatMul", null, [n, "array", n, n, "array", n, n, n, n, n, n, n, n]) as FusedMatMulFn;
  }

  get threads(): number {
    return this.backend.wasm.tfjs.getThreadsCount();
  }

  /** The C id and heap offset of a tfjs tensor on this backend. */
  data(t: TensorInfo): TensorData {
    const d = this.backend.dataIdMap.get(t.dataId);
    if (!d) throw new Error("tensor is not on the wasm backend (internal error in a kernel override)");
    return d;
  }

  /** `size` float32 elements of the heap, read or written in place. The view is invalid after any allocation. */
  f32(ptr: number, size: number): Float32Array {
    return new Float32Array(this.backend.wasm.HEAPU8.buffer, ptr, size);
  }

  /** The whole heap as float32 elements (index = byte offset / 4). The view is invalid after any allocation. */
  floats(): Float32Array {
    return new Float32Array(this.backend.wasm.HEAPU8.buffer, 0, this.backend.wasm.HEAPU8.byteLength >>> 2);
  }

  /** Where a float32 tensor starts in `floats()`. */
  offset(t: TensorInfo): number {
    return this.data(t).memoryOffset >>> 2;
  }

  /** `bytes` of the heap in place. The view is invalid after any allocation. */
  bytes(ptr: number, length: number): Uint8Array {
    return new Uint8Array(this.backend.wasm.HEAPU8.buffer, ptr, length);
  }

  /** Registers `size` elements at `ptr` (inside some tensor) under a fresh id: a zero-copy view. */
  view(ptr: number, size: number): HeapBlock {
    const id = nextOwnId--;
    this.backend.wasm.tfjs.registerTensor(id, size, ptr);
    return { id, ptr, size };
  }

  /** A fresh float32 buffer of `size` elements, registered under its own id. */
  scratch(size: number): HeapBlock {
    const ptr = this.backend.wasm._malloc(Math.max(size, 1) * 4) >>> 0;
    if (ptr === 0) {
      throw RunError.of(say(Diag.OutOfMemory, "heapFull", { bytes: size * 4 }));
    }
    return this.view(ptr, size);
  }

  /** Forgets a view (and any XNNPACK operator cached on its id). */
  unview(block: HeapBlock): void {
    this.backend.wasm.tfjs.disposeData(block.id);
  }

  /** Forgets and frees a scratch buffer. */
  free(block: HeapBlock): void {
    this.unview(block);
    this.backend.wasm._free(block.ptr);
  }

  /**
   * out = act(a · b + bias) through XNNPACK's fully-connected operator: a[rows, k] and b[k, n]
   * row-major, untransposed (the only case the stock kernel sends to XNNPACK). XNNPACK packs b
   * once per id and caches the packed copy until the id is disposed.
   */
  matmul(a: number, rows: number, k: number, b: number, n: number, out: number, activation = 0, bias = 0, alpha = 0): void {
    this.fusedMatMulFn(a, shapeBytes([1, rows, k]), 3, b, shapeBytes([1, k, n]), 3, false, false, activation, bias, 0, alpha, out);
  }

  /**
   * out[batch, cols, rows] = x[batch, rows, cols] transposed per batch item (float32, heap byte
   * offsets), in JavaScript by 8×8 tiles inside 64×64 blocks, so that reads and writes both stay
   * in cache. tfjs-wasm's C Transpose walks the output in order and strides through the input:
   * [3072, 768] took 18.5 ms there and 4 ms here — and training transposes every weight in the
   * forward pass and every output gradient in the backward pass.
   */
  transpose(x: number, batch: number, rows: number, cols: number, out: number): void {
    const f = this.floats();
    const size = rows * cols;
    for (let item = 0; item < batch; item++) transposeTiled(f, (x >>> 2) + item * size, (out >>> 2) + item * size, rows, cols);
  }
}

const BLOCK = 64;
const TILE = 8;

/** f[dst + j·rows + i] = f[src + i·cols + j] for a rows × cols matrix. */
function transposeTiled(f: Float32Array, src: number, dst: number, rows: number, cols: number): void {
  for (let i0 = 0; i0 < rows; i0 += BLOCK) {
    const i1 = Math.min(i0 + BLOCK, rows);
    for (let j0 = 0; j0 < cols; j0 += BLOCK) {
      const j1 = Math.min(j0 + BLOCK, cols);
      for (let ti = i0; ti < i1; ti += TILE) {
        const te = Math.min(ti + TILE, i1);
        for (let tj = j0; tj < j1; tj += TILE) {
          const tjEnd = Math.min(tj + TILE, j1);
          for (let i = ti; i < te; i++) {
            const from = src + i * cols;
            for (let j = tj; j < tjEnd; j++) f[dst + j * rows + i] = f[from + j]!;
          }
        }
      }
    }
  }
}

const heaps = new WeakMap<object, WasmHeap>();

/** The heap of a backend instance (one per backend; a re-created backend gets a new one). */
export function heapOf(backend: unknown): WasmHeap {
  const b = backend as WasmBackend;
  let h = heaps.get(b);
  if (!h) {
    h = new WasmHeap(b);
    heaps.set(b, h);
  }
  return h;
}
