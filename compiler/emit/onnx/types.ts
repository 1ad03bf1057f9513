// IR dtypes as ONNX element types. vlmc's graphs hold f32, i32, i64 and bool; f16 and bf16
// (held as f32 by the tfjs runtime) are refused before lowering (emit.ts), since ONNX Runtime's
// CPU kernels for them are few.
import type { DType } from "../../ir/types.js";
import type { ConstType } from "./builder.js";
import { ElemType } from "./proto.js";

export const EMITTED: ReadonlySet<DType> = new Set<DType>(["f32", "i32", "i64", "bool"]);

export function elemOf(dtype: DType): number {
  switch (dtype) {
    case "f32":
      return ElemType.FLOAT;
    case "i32":
      return ElemType.INT32;
    case "i64":
      return ElemType.INT64;
    case "bool":
      return ElemType.BOOL;
    default:
      throw new Error(`dtype ${dtype} reached the ONNX lowering (internal error: emit.ts refuses it first)`);
  }
}

export function constTypeOf(dtype: DType): ConstType {
  if (dtype === "f32" || dtype === "i32" || dtype === "i64" || dtype === "bool") return dtype;
  throw new Error(`dtype ${dtype} reached the ONNX lowering (internal error: emit.ts refuses it first)`);
}

/** A value of the dtype as a constant's element: integers truncated toward zero, bool nonzero. */
export function valueIn(dtype: DType, v: number): number | boolean {
  if (dtype === "bool") return v !== 0;
  if (dtype === "i32" || dtype === "i64") return Math.trunc(v);
  return v;
}
