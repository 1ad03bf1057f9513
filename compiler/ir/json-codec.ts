// How IR values are written in the JSON form of the IR (compiler/ir/serialize.ts) and read back:
// dims as their printed form in the user's symbols (a constant as a plain number inside a
// shape), attribute values with a Dim marked `{"$dim": "B*T + 1"}` so it stays distinct from a
// number, and the numbers JSON cannot hold (-0, ±Infinity, NaN) as `{"$num": "-Infinity"}`.
// Readers throw IrFormatError with the JSON path of what is wrong.
import { Dim } from "../shapes/dim.js";
import { parseDim } from "../shapes/parse-dim.js";
import { DTYPES, type AttrValue, type DType, type TensorType } from "./types.js";

/** A malformed IR file: `path` says where (`nodes[12].attrs.p`). */
export class IrFormatError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
  }
}

export type JsonDim = number | string;

export function writeDim(d: Dim): JsonDim {
  return d.value ?? d.toString();
}

export function readDim(v: unknown, path: string): Dim {
  if (typeof v === "number") {
    if (!Number.isSafeInteger(v)) throw new IrFormatError(path, `expected an integer dimension, not ${v}`);
    return Dim.of(v);
  }
  if (typeof v !== "string") throw new IrFormatError(path, "expected a dimension (an integer or an expression such as \"B*T + 1\")");
  const r = parseDim(v);
  if (!r.ok) throw new IrFormatError(path, `cannot read the dimension "${v}": ${r.error}`);
  return r.dim;
}

const SPECIAL = new Map<string, number>([
  ["-0", -0],
  ["Infinity", Infinity],
  ["-Infinity", -Infinity],
  ["NaN", NaN],
]);

/** A number, with the values JSON has no literal for spelled out. */
export function writeNumber(n: number): number | { $num: string } {
  if (Object.is(n, -0)) return { $num: "-0" };
  return Number.isFinite(n) ? n : { $num: String(n) };
}

export function readNumber(v: unknown, path: string): number {
  if (typeof v === "number") return v;
  if (isRecord(v) && typeof v["$num"] === "string" && SPECIAL.has(v["$num"]) && Object.keys(v).length === 1) return SPECIAL.get(v["$num"])!;
  throw new IrFormatError(path, "expected a number");
}

export function writeAttr(v: AttrValue): unknown {
  if (v instanceof Dim) return { $dim: v.toString() };
  if (Array.isArray(v)) return v.map(writeAttr);
  if (typeof v === "number") return writeNumber(v);
  return v;
}

export function readAttr(v: unknown, path: string): AttrValue {
  if (v === null || typeof v === "string" || typeof v === "boolean" || typeof v === "number") return v;
  if (Array.isArray(v)) return v.map((x, i) => readAttr(x, `${path}[${i}]`));
  if (isRecord(v) && Object.keys(v).length === 1 && typeof v["$dim"] === "string") return readDim(v["$dim"], `${path}.$dim`);
  if (isRecord(v) && "$num" in v) return readNumber(v, path);
  throw new IrFormatError(path, "expected an attribute value (a number, bool, string, null, list or {\"$dim\": …})");
}

export function writeType(t: TensorType): { dtype: DType; shape: JsonDim[] } {
  return { dtype: t.dtype, shape: t.shape.map(writeDim) };
}

export function readDtype(v: unknown, path: string): DType {
  if (typeof v === "string" && (DTYPES as readonly string[]).includes(v)) return v as DType;
  throw new IrFormatError(path, `expected a dtype (${DTYPES.join(", ")})`);
}

export function readType(v: unknown, path: string): TensorType {
  if (!isRecord(v) || !Array.isArray(v["shape"])) throw new IrFormatError(path, "expected a tensor type {\"dtype\": …, \"shape\": […]}");
  return { dtype: readDtype(v["dtype"], `${path}.dtype`), shape: v["shape"].map((d, i) => readDim(d, `${path}.shape[${i}]`)) };
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
