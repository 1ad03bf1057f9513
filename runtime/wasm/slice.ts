// Slice on the WASM backend, copying only the slice. The stock kernel of tfjs-backend-wasm 4.22
// first reads its whole input out of the heap into a fresh JavaScript array (`readSync`) and
// then copies the slice back in: taking the class token of [8, 197, 768] copies 4.8 MB to keep
// 24 KB, and the backward pass of every concat slices its gradient the same way. Here the slice
// is copied heap-to-heap in place, one contiguous run at a time (`copyWithin`, a memmove): the
// run is the innermost axes the slice takes whole, plus the first one it cuts.
import { slice_util, util, type KernelFunc, type TensorInfo } from "@tensorflow/tfjs-core";
import { heapOf, type WasmBackend } from "./heap.js";

const BYTES: Readonly<Record<string, number>> = { float32: 4, int32: 4, bool: 1 };

/** Copies x[begin : begin + size] (row-major, `bpe` bytes per element) from `src` to `dst` on `heap`. */
export function copySlice(heap: Uint8Array, src: number, dst: number, shape: readonly number[], begin: readonly number[], size: readonly number[], bpe: number): void {
  const rank = shape.length;
  if (rank === 0) {
    heap.copyWithin(dst, src, src + bpe);
    return;
  }
  const strides = [...util.computeStrides([...shape]), 1];
  // The run: axes after `cut` are taken whole, so each run is size[cut] · strides[cut] elements.
  let cut = rank - 1;
  while (cut > 0 && size[cut] === shape[cut]) cut--;
  const run = size[cut]! * strides[cut]! * bpe;
  const index = new Array<number>(cut).fill(0);
  const runs = util.sizeFromShape(size.slice(0, cut) as number[]);
  let out = dst;
  for (let r = 0; r < runs; r++) {
    let from = begin[cut]! * strides[cut]!;
    for (let ax = 0; ax < cut; ax++) from += (begin[ax]! + index[ax]!) * strides[ax]!;
    const at = src + from * bpe;
    heap.copyWithin(out, at, at + run);
    out += run;
    for (let ax = cut - 1; ax >= 0; ax--) {
      if (++index[ax]! < size[ax]!) break;
      index[ax] = 0;
    }
  }
}

/** Slice copying only the slice; strings and other dtypes go to `stock`. */
export function sliceKernel(stock: KernelFunc): KernelFunc {
  return (args) => {
    const x = (args.inputs as { x: TensorInfo }).x;
    const bpe = BYTES[x.dtype];
    if (bpe === undefined) return stock(args);
    const { begin, size } = args.attrs as { begin: number | number[]; size?: number | number[] };
    const [b, s] = slice_util.parseSliceParams(x, begin, size) as [number[], number[]];
    const backend = args.backend as unknown as WasmBackend;
    const out = backend.makeOutput(s, x.dtype);
    if (util.sizeFromShape(s) === 0) return out;
    const heap = heapOf(backend);
    copySlice(backend.wasm.HEAPU8, heap.data(x).memoryOffset, heap.data(out).memoryOffset, x.shape, b, s, bpe);
    return out;
  };
}
