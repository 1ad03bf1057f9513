// Identity and same-dtype Cast on the WASM backend without a copy. The stock kernels of
// tfjs-backend-wasm 4.22 copy their input into a fresh tensor, and tfjs calls Identity for every
// tensor a gradient saves (the engine's `clone` when it records a kernel on the tape) and Cast on
// float32 tensors in many gradients (`cast(x, 'float32')`): a training step copied every saved
// activation once more, and on ViT-B/16 + BERT-base at batch 8 those copies alone were ~1 GB of
// the 4 GiB heap. tfjs data never changes in place, so the result can share its input's data, as
// Reshape already does on this backend and as the cpu backend's Identity does: the backend's
// reference count frees the data when the last tensor holding it goes.
import type { KernelFunc, TensorInfo } from "@tensorflow/tfjs-core";
import type { WasmBackend } from "./heap.js";

interface SharingBackend extends WasmBackend {
  incRef(dataId: TensorInfo["dataId"]): void;
}

function share(x: TensorInfo, backend: SharingBackend): TensorInfo {
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
}

/** Identity sharing its input's data; strings go to `stock`. */
export function identityKernel(stock: KernelFunc): KernelFunc {
  return (args) => {
    const x = (args.inputs as { x: TensorInfo }).x;
    if (x.dtype === "string") return stock(args);
    return share(x, args.backend as unknown as SharingBackend);
  };
}

/** Cast to the dtype the input already has shares its data; real conversions go to `stock`. */
export function castKernel(stock: KernelFunc): KernelFunc {
  return (args) => {
    const x = (args.inputs as { x: TensorInfo }).x;
    if (x.dtype === "string" || x.dtype !== (args.attrs as { dtype: string }).dtype) return stock(args);
    return share(x, args.backend as unknown as SharingBackend);
  };
}
