// Safetensors in memory: the same header layout, ordering and validation as the file reader and
// writer (safetensors.ts, header.ts), on a Uint8Array instead of a file descriptor. The runtime
// API (runtime/api/weights.ts) saves and loads through this: a generated model may run in a
// browser, which has no file system, so the caller moves the bytes. Nothing here imports Node.
import { hostArray, numelOf, type HostData } from "../init.js";
import type { DType } from "../../compiler/ir/types.js";
import { copiesInto, decodeInto, encode, ITEM_SIZE, type StDtype } from "./dtypes.js";
import { headerLength, parseHeader, type StHeader } from "./header.js";
import type { ReadResult } from "./safetensors.js";

/** One tensor to write: its values in the host layout, or a function giving them when reached. */
export interface StBytesEntry {
  readonly name: string;
  readonly dtype: StDtype;
  readonly shape: readonly number[];
  readonly data: HostData | (() => HostData);
}

/** Orders strings by code point (as Python's `sorted` does, and as their UTF-8 bytes sort), not by UTF-16 unit. */
export function byCodePoint(a: string, b: string): number {
  const [x, y] = [Array.from(a), Array.from(b)];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** The header's bytes: keys in the given order, padded with spaces so the data starts 8-aligned. */
export function headerBytes(entries: readonly Pick<StBytesEntry, "name" | "dtype" | "shape">[], metadata: Readonly<Record<string, string>>): Uint8Array {
  const fields: string[] = [];
  const metaKeys = Object.keys(metadata).sort(byCodePoint);
  if (metaKeys.length > 0) fields.push(`"__metadata__":{${metaKeys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(metadata[k])}`).join(",")}}`);
  let offset = 0;
  for (const e of entries) {
    const size = numelOf(e.shape) * ITEM_SIZE[e.dtype];
    fields.push(`${JSON.stringify(e.name)}:{"dtype":"${e.dtype}","shape":[${e.shape.join(",")}],"data_offsets":[${offset},${offset + size}]}`);
    offset += size;
  }
  const json = new TextEncoder().encode(`{${fields.join(",")}}`);
  const padded = Math.ceil(json.byteLength / 8) * 8;
  const out = new Uint8Array(8 + padded).fill(0x20, 8);
  new DataView(out.buffer).setUint32(0, padded, true);
  out.set(json, 8);
  return out;
}

/** The bytes of a safetensors file holding `entries` (sorted by name, as the file writer sorts them) and `metadata`. */
export function encodeSafetensors(entries: readonly StBytesEntry[], metadata: Readonly<Record<string, string>> = {}): Uint8Array {
  const sorted = [...entries].sort((a, b) => byCodePoint(a.name, b.name));
  for (let i = 1; i < sorted.length; i++) if (sorted[i]!.name === sorted[i - 1]!.name) throw new Error(`tensor '${sorted[i]!.name}' written twice (internal error)`);
  const header = headerBytes(sorted, metadata);
  const size = sorted.reduce((n, e) => n + numelOf(e.shape) * ITEM_SIZE[e.dtype], header.byteLength);
  const out = new Uint8Array(size);
  out.set(header, 0);
  let at = header.byteLength;
  for (const e of sorted) {
    const data = typeof e.data === "function" ? e.data() : e.data;
    const numel = numelOf(e.shape);
    if (data.length !== numel) throw new Error(`tensor '${e.name}' has ${data.length} values for shape [${e.shape.join(", ")}] (internal error)`);
    const bytes = encode(e.dtype, data, 0, numel);
    out.set(bytes, at);
    at += bytes.byteLength;
  }
  return out;
}

/** A validated safetensors image in memory; tensors are decoded on demand. */
export class SafetensorsBytes {
  private constructor(
    private readonly bytes: Uint8Array,
    readonly header: StHeader,
  ) {}

  /** Parses and validates the header; the problems (as text) when `bytes` is not a safetensors file. */
  static open(bytes: Uint8Array): { reader: SafetensorsBytes; problems: readonly [] } | { reader: undefined; problems: readonly string[] } {
    const length = headerLength(bytes.subarray(0, 8), bytes.byteLength);
    if (typeof length === "string") return { reader: undefined, problems: [length] };
    const parsed = parseHeader(bytes.subarray(8, 8 + length), bytes.byteLength);
    if (!parsed.header) return { reader: undefined, problems: parsed.problems };
    return { reader: new SafetensorsBytes(bytes, parsed.header), problems: [] };
  }

  /** Decodes tensor `name` into the host layout of IR dtype `want` (dtypes.ts `loadsInto` must allow it). */
  read(name: string, want: DType): ReadResult {
    const entry = this.header.entries.get(name);
    if (!entry) throw new Error(`no tensor '${name}' in the bytes (internal error: callers read listed names)`);
    const data = hostArray(want, numelOf(entry.shape));
    const bytes = this.bytes.subarray(entry.begin, entry.end);
    if (copiesInto(entry.dtype, data)) {
      new Uint8Array(data.buffer, data.byteOffset, data.byteLength).set(bytes);
      if (entry.dtype === "BOOL") for (let i = 0; i < data.length; i++) if (data[i]! > 1) data[i] = 1;
    } else {
      const misfit = decodeInto(entry.dtype, bytes, data, 0);
      if (misfit) return { ok: false, problem: "value", message: `tensor '${name}' (${entry.dtype}): ${misfit}` };
    }
    return { ok: true, tensor: { dtype: want, shape: entry.shape, data } };
  }
}
