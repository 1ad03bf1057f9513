// Safetensors element types and their conversion to and from the runtime's host arrays. A file
// may store a parameter in a wider or narrower type than the IR declares (PyTorch checkpoints
// are often F16 or BF16, token ids I64); reading converts to the IR's host layout (init.ts:
// float32 for every float, int32 for every integer, one byte per bool) and refuses a value that
// does not fit, instead of wrapping it silently.
import type { DType } from "../../compiler/ir/types.js";
import type { HostData } from "../init.js";

export type StDtype = "F64" | "F32" | "F16" | "BF16" | "I64" | "I32" | "I16" | "I8" | "U64" | "U32" | "U16" | "U8" | "BOOL";

export const ITEM_SIZE: Readonly<Record<StDtype, number>> = {
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  I64: 8,
  I32: 4,
  I16: 2,
  I8: 1,
  U64: 8,
  U32: 4,
  U16: 2,
  U8: 1,
  BOOL: 1,
};

/** Types the safetensors format defines that vlmc does not read (named as such in errors). */
export const UNSUPPORTED_DTYPES: readonly string[] = ["F8_E4M3", "F8_E5M2", "F6_E2M3", "F6_E3M2", "F4", "F8_E8M0", "C64"];

export function isStDtype(s: string): s is StDtype {
  return Object.prototype.hasOwnProperty.call(ITEM_SIZE, s);
}

const FLOATS: readonly StDtype[] = ["F64", "F32", "F16", "BF16"];
const INTEGERS: readonly StDtype[] = ["I64", "I32", "I16", "I8", "U64", "U32", "U16", "U8"];

/** Whether a tensor stored as `st` can be read into an IR value of dtype `ir`. */
export function loadsInto(st: StDtype, ir: DType): boolean {
  if (ir === "bool") return st === "BOOL" || st === "U8";
  if (ir === "i32" || ir === "i64") return INTEGERS.includes(st);
  return FLOATS.includes(st);
}

/** The type a tensor of IR dtype `ir` is written as. */
export function storageOf(ir: DType): StDtype {
  const table: Record<DType, StDtype> = { f32: "F32", f16: "F16", bf16: "BF16", i32: "I32", i64: "I64", bool: "BOOL" };
  return table[ir];
}

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Whether `st` bytes are already `dest`'s layout, so reading is a plain copy. */
export function copiesInto(st: StDtype, dest: HostData): boolean {
  if (!LITTLE_ENDIAN_HOST) return st === "U8" && dest instanceof Uint8Array;
  return (st === "F32" && dest instanceof Float32Array) || (st === "I32" && dest instanceof Int32Array) || (st === "BOOL" && dest instanceof Uint8Array);
}

// ---- half-precision bit patterns

const f32Scratch = new Float32Array(1);
const u32Scratch = new Uint32Array(f32Scratch.buffer);

export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 0x1f) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** IEEE binary16 nearest to `x`, ties to even (as PyTorch's `.half()` rounds). */
export function floatToHalf(x: number): number {
  f32Scratch[0] = x;
  const bits = u32Scratch[0]!;
  const sign = (bits >>> 16) & 0x8000;
  const exp = (bits >>> 23) & 0xff;
  const frac = bits & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (frac ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    const m = frac | 0x800000;
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    const rest = m & ((1 << shift) - 1);
    let out = m >>> shift;
    if (rest > half || (rest === half && out & 1)) out++;
    return sign | out;
  }
  let out = (e << 10) | (frac >>> 13);
  const rest = frac & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && out & 1)) out++;
  return sign | out;
}

let halfValues: Float32Array | undefined;

/** Every binary16 value as float32, built on first use: decoding is then one lookup. */
function halfTable(): Float32Array {
  if (!halfValues) {
    halfValues = new Float32Array(0x10000);
    for (let h = 0; h < 0x10000; h++) halfValues[h] = halfToFloat(h);
  }
  return halfValues;
}

export function bf16ToFloat(b: number): number {
  u32Scratch[0] = b << 16;
  return f32Scratch[0]!;
}

/** bfloat16 nearest to `x`, ties to even; NaN stays NaN. */
export function floatToBf16(x: number): number {
  f32Scratch[0] = x;
  const bits = u32Scratch[0]!;
  if ((bits & 0x7f800000) === 0x7f800000 && bits & 0x7fffff) return (bits >>> 16) | 0x40;
  return ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16) & 0xffff;
}

// ---- decoding (file → host)

/**
 * Decodes `bytes` (whole elements of type `st`, little-endian) into `dest` from element `at`.
 * Returns a message when a value does not fit `dest` (an I64 id beyond int32), else undefined.
 */
export function decodeInto(st: StDtype, bytes: Uint8Array, dest: HostData, at: number): string | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = bytes.byteLength / ITEM_SIZE[st];
  const toBool = dest instanceof Uint8Array;
  const put = (i: number, v: number): void => {
    dest[at + i] = toBool ? (v !== 0 ? 1 : 0) : v;
  };
  const outOfRange = (i: number, v: string): string => `value ${v} at element ${at + i} does not fit a 32-bit integer`;
  for (let i = 0; i < n; i++) {
    switch (st) {
      case "F64":
        put(i, view.getFloat64(i * 8, true));
        break;
      case "F32":
        put(i, view.getFloat32(i * 4, true));
        break;
      case "F16":
        put(i, halfTable()[view.getUint16(i * 2, true)]!);
        break;
      case "BF16":
        put(i, bf16ToFloat(view.getUint16(i * 2, true)));
        break;
      case "I64":
      case "U64": {
        const lo = view.getUint32(i * 8, true);
        const hi = view.getInt32(i * 8 + 4, true);
        const fits = (hi === 0 && lo <= 0x7fffffff) || (st === "I64" && hi === -1 && lo >= 0x80000000);
        if (!fits) return outOfRange(i, String(st === "I64" ? view.getBigInt64(i * 8, true) : view.getBigUint64(i * 8, true)));
        put(i, lo | 0);
        break;
      }
      case "U32": {
        const v = view.getUint32(i * 4, true);
        if (v > 0x7fffffff && !toBool) return outOfRange(i, String(v));
        put(i, v);
        break;
      }
      case "I32":
        put(i, view.getInt32(i * 4, true));
        break;
      case "I16":
        put(i, view.getInt16(i * 2, true));
        break;
      case "U16":
        put(i, view.getUint16(i * 2, true));
        break;
      case "I8":
        put(i, view.getInt8(i));
        break;
      case "U8":
      case "BOOL":
        put(i, view.getUint8(i));
        break;
    }
  }
  return undefined;
}

// ---- encoding (host → file)

const INT_RANGE: Partial<Record<StDtype, readonly [number, number]>> = {
  I16: [-32768, 32767],
  I8: [-128, 127],
  U64: [0, 0x7fffffff],
  U32: [0, 0x7fffffff],
  U16: [0, 65535],
  U8: [0, 255],
  BOOL: [0, 1],
};

/**
 * Little-endian bytes of `count` elements of `src` from `from`, as type `st`. Writers choose `st`
 * themselves, so a value outside its range is a broken invariant, not a user error.
 */
export function encode(st: StDtype, src: HostData, from: number, count: number): Uint8Array {
  if (copiesInto(st, src) && st !== "BOOL") return new Uint8Array(src.buffer, src.byteOffset + from * ITEM_SIZE[st], count * ITEM_SIZE[st]);
  const bytes = new Uint8Array(count * ITEM_SIZE[st]);
  const view = new DataView(bytes.buffer);
  const range = INT_RANGE[st];
  for (let i = 0; i < count; i++) {
    const v = src[from + i]!;
    if (range && !(v >= range[0] && v <= range[1] && Number.isInteger(v))) throw new Error(`value ${v} cannot be written as ${st} (internal error: writers choose types that hold their values)`);
    switch (st) {
      case "F64":
        view.setFloat64(i * 8, v, true);
        break;
      case "F32":
        view.setFloat32(i * 4, v, true);
        break;
      case "F16":
        view.setUint16(i * 2, floatToHalf(v), true);
        break;
      case "BF16":
        view.setUint16(i * 2, floatToBf16(v), true);
        break;
      case "I64":
      case "U64":
        view.setInt32(i * 8, v, true);
        view.setInt32(i * 8 + 4, v < 0 ? -1 : 0, true);
        break;
      case "I32":
      case "U32":
        view.setInt32(i * 4, v, true);
        break;
      case "I16":
      case "U16":
        view.setUint16(i * 2, v & 0xffff, true);
        break;
      case "I8":
      case "U8":
      case "BOOL":
        view.setUint8(i, v & 0xff);
        break;
    }
  }
  return bytes;
}
