// IR dtypes on TensorFlow.js. tfjs computes in float32, int32 and bool: f16 and bf16 values are
// held as float32 and i64 as int32 (ids and indices in these models fit easily).
import type { DType } from "../compiler/ir/types.js";
import type { tf } from "./tf.js";

export type TfDType = "float32" | "int32" | "bool";

export function tfDtype(d: DType): TfDType {
  switch (d) {
    case "f32":
    case "f16":
    case "bf16":
      return "float32";
    case "i32":
    case "i64":
      return "int32";
    case "bool":
      return "bool";
  }
}

/** Whether a tensor of tfjs dtype `actual` can hold an IR value of dtype `d`. */
export function holds(d: DType, actual: tf.DataType): boolean {
  return tfDtype(d) === actual;
}

/** The IR dtype a tfjs tensor holds: the inverse of tfDtype (float32 → f32, int32 → i32). */
export function irDtypeOf(t: { readonly dtype: string }): DType {
  return t.dtype === "int32" ? "i32" : t.dtype === "bool" ? "bool" : "f32";
}
