// Layout changes on host tensors, for weight maps (map.ts): permuting axes, splitting a fused
// tensor into equal parts along an axis and joining them back. They run once per tensor at load
// or export time, on plain typed arrays, before anything reaches the backend.
import { numelOf, type HostData, type HostTensor } from "../init.js";

function like(data: HostData, n: number): HostData {
  if (data instanceof Float32Array) return new Float32Array(n);
  if (data instanceof Int32Array) return new Int32Array(n);
  return new Uint8Array(n);
}

function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}

/** The inverse of permutation `perm`. */
export function invertPermutation(perm: readonly number[]): number[] {
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => (inv[p] = i));
  return inv;
}

/** Output axis `i` is input axis `perm[i]` (numpy's `transpose(perm)`). */
export function transposeHost(t: HostTensor, perm: readonly number[]): HostTensor {
  const rank = t.shape.length;
  if (perm.length !== rank) throw new Error(`permutation [${perm}] does not fit rank ${rank} (internal error)`);
  const shape = perm.map((p) => t.shape[p]!);
  const n = numelOf(shape);
  const inStrides = stridesOf(t.shape);
  const step = perm.map((p) => inStrides[p]!);
  const out = like(t.data, n);
  const index = new Array<number>(rank).fill(0);
  let src = 0;
  for (let o = 0; o < n; o++) {
    out[o] = t.data[src]!;
    for (let a = rank - 1; a >= 0; a--) {
      index[a]!++;
      src += step[a]!;
      if (index[a]! < shape[a]!) break;
      src -= step[a]! * shape[a]!;
      index[a] = 0;
    }
  }
  return { dtype: t.dtype, shape, data: out };
}

/** `parts` equal pieces of `t` along `axis` (its size must divide). */
export function splitHost(t: HostTensor, axis: number, parts: number): HostTensor[] {
  const size = t.shape[axis]!;
  if (size % parts !== 0) throw new Error(`axis ${axis} of size ${size} does not split in ${parts} (internal error)`);
  const outer = numelOf(t.shape.slice(0, axis));
  const inner = numelOf(t.shape.slice(axis + 1));
  const len = size / parts;
  const shape = t.shape.map((d, i) => (i === axis ? len : d));
  return Array.from({ length: parts }, (_, j) => {
    const out = like(t.data, outer * len * inner);
    for (let o = 0; o < outer; o++) {
      const from = (o * size + j * len) * inner;
      out.set(t.data.subarray(from, from + len * inner), o * len * inner);
    }
    return { dtype: t.dtype, shape, data: out };
  });
}

/** Joins `parts` (equal shapes but for `axis`) along `axis`. */
export function concatHost(parts: readonly HostTensor[], axis: number): HostTensor {
  const first = parts[0]!;
  const outer = numelOf(first.shape.slice(0, axis));
  const inner = numelOf(first.shape.slice(axis + 1));
  const sizes = parts.map((p) => p.shape[axis]!);
  const total = sizes.reduce((a, b) => a + b, 0);
  const out = like(first.data, outer * total * inner);
  for (let o = 0; o < outer; o++) {
    let at = 0;
    parts.forEach((p, j) => {
      const block = sizes[j]! * inner;
      out.set(p.data.subarray(o * block, (o + 1) * block), (o * total + at) * inner);
      at += sizes[j]!;
    });
  }
  return { dtype: first.dtype, shape: first.shape.map((d, i) => (i === axis ? total : d)), data: out };
}
