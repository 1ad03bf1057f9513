// Host tensors for the parity suite: seeded random values, conversion from and to tfjs, and
// tensor files exchanged with the torch reference (through the project's own safetensors reader
// and writer, runtime/weights/safetensors.ts).
import type { DType } from "../../compiler/ir/types.js";
import { hostArray, numelOf, type HostTensor } from "../../runtime/init.js";
import { RandomStream } from "../../runtime/random.js";
import { tf, type Tensor } from "../../runtime/tf.js";
import { storageOf, type StDtype } from "../../runtime/weights/dtypes.js";
import { openSafetensors, writeSafetensors } from "../../runtime/weights/safetensors.js";

/** A seeded source of test values: the same label always gives the same numbers. */
export class Draws {
  private readonly stream: RandomStream;
  constructor(label: string, seed = 7) {
    this.stream = new RandomStream(seed, 0, `parity:${label}`);
  }

  /** N(0, 1) · std + mean. */
  normal(shape: readonly number[], std = 1, mean = 0): HostTensor {
    const data = new Float32Array(numelOf(shape));
    for (let i = 0; i < data.length; i++) data[i] = mean + std * this.stream.normalOne();
    return { dtype: "f32", shape, data };
  }

  /** U[low, high). */
  uniform(shape: readonly number[], low: number, high: number): HostTensor {
    const data = new Float32Array(numelOf(shape));
    for (let i = 0; i < data.length; i++) data[i] = low + (high - low) * this.stream.next();
    return { dtype: "f32", shape, data };
  }

  /** Uniform integers in [low, high). */
  ints(shape: readonly number[], low: number, high: number): HostTensor {
    const data = new Int32Array(numelOf(shape));
    for (let i = 0; i < data.length; i++) data[i] = this.stream.int(low, high);
    return { dtype: "i32", shape, data };
  }

  /** True with probability p. */
  bools(shape: readonly number[], p = 0.5): HostTensor {
    const data = new Uint8Array(numelOf(shape));
    for (let i = 0; i < data.length; i++) data[i] = this.stream.next() < p ? 1 : 0;
    return { dtype: "bool", shape, data };
  }

  /** A random permutation of 0..n-1. */
  permutation(n: number): number[] {
    const out = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = this.stream.int(0, i + 1);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }
}

/** Explicit values as a host tensor. */
export function hostOf(dtype: DType, shape: readonly number[], values: readonly number[]): HostTensor {
  const data = hostArray(dtype, numelOf(shape));
  if (values.length !== data.length) throw new Error(`test data: ${values.length} values for shape [${shape.join(", ")}]`);
  data.set(values);
  return { dtype, shape, data };
}

/** [B, len] validity: 1 for the first `lengths[b]` tokens, 0 for the padding after them. */
export function validity(lengths: readonly number[], len: number): HostTensor {
  return hostOf("i32", [lengths.length, len], lengths.flatMap((n) => Array.from({ length: len }, (_, i) => (i < n ? 1 : 0))));
}

export function toTensor(t: HostTensor): Tensor {
  const dtype = t.dtype === "bool" ? "bool" : t.dtype === "i32" || t.dtype === "i64" ? "int32" : "float32";
  return tf.tensor(t.data, [...t.shape], dtype);
}

export function toHost(t: Tensor): HostTensor {
  const dtype: DType = t.dtype === "float32" ? "f32" : t.dtype === "int32" ? "i32" : "bool";
  const values = t.dataSync();
  const data = hostArray(dtype, values.length);
  data.set(values as ArrayLike<number>);
  return { dtype, shape: t.shape, data };
}

const IR_DTYPE: Partial<Record<StDtype, DType>> = { F32: "f32", F64: "f32", F16: "f32", BF16: "f32", I32: "i32", I64: "i32", BOOL: "bool" };

/** Writes tensors and string metadata to a safetensors file; throws if it cannot. */
export function writeTensorFile(file: string, tensors: ReadonlyMap<string, HostTensor>, metadata: Readonly<Record<string, string>> = {}): void {
  const entries = [...tensors].map(([name, t]) => ({ name, dtype: storageOf(t.dtype), shape: t.shape, data: t.data }));
  const problems = writeSafetensors(file, entries, metadata);
  if (problems.length) throw new Error(problems.map((d) => d.message).join("\n"));
}

/** Every tensor of a safetensors file (floats as f32, integers as i32) and its metadata. */
export function readTensorFile(file: string): { tensors: Map<string, HostTensor>; metadata: Readonly<Record<string, string>> } {
  const { reader, diagnostics } = openSafetensors(file);
  if (!reader) throw new Error(diagnostics.map((d) => d.message).join("\n"));
  const tensors = new Map<string, HostTensor>();
  for (const [name, entry] of reader.entries) {
    const want = IR_DTYPE[entry.dtype];
    if (!want) throw new Error(`${file}: tensor '${name}' is ${entry.dtype}, which the parity suite does not read`);
    const r = reader.read(name, want);
    if (!r.ok) throw new Error(r.message);
    tensors.set(name, r.tensor);
  }
  return { tensors, metadata: reader.metadata };
}
