// The model state's tensors as the ONNX emitter wants them: every parameter owner and buffer,
// read back from tfjs once, in the IR's dtype (the runtime holds i64 as int32; ONNX wants int64).
import type { OnnxWeight } from "../../compiler/emit/onnx/index.js";
import type { IrGraph } from "../../compiler/ir/types.js";
import type { ModelState } from "../state.js";

export function stateWeights(ir: IrGraph, state: ModelState): (name: string) => OnnxWeight {
  return (name) => {
    const param = ir.params.get(name);
    const buffer = ir.buffers.get(name);
    const declared = param ?? buffer;
    if (!declared) throw new Error(`no parameter or buffer '${name}' in model ${ir.model} (internal error: the emitter reads the IR's names)`);
    const tensor = param ? state.param(name) : state.buffer(name);
    const values = tensor.dataSync() as Float32Array | Int32Array | Uint8Array;
    const data = declared.dtype === "i64" ? BigInt64Array.from(values as Int32Array, (v) => BigInt(v)) : values;
    return { dtype: declared.dtype, shape: [...declared.shape], data };
  };
}
