// Plain-JavaScript float64 references for the kernel tests, and a numerical gradient check:
// a kernel's forward value and its tfjs gradient (tf.grads) are compared with the reference
// function and its central finite differences, computed in float64 on the same (float32-rounded)
// inputs. Kernels are float32, so comparisons are within a tolerance.
import { expect } from "vitest";
import type { AttrValue, DType, IrNode } from "../../../compiler/ir/types.js";
import { Dim } from "../../../compiler/shapes/dim.js";
import { kernelFor } from "../../../runtime/kernels/index.js";
import { RandomStream } from "../../../runtime/random.js";
import type { Tensor } from "../../../runtime/tf.js";
import { attrsFor, runKernel, tf, type KernelRunOptions } from "./harness.js";

/** A float64 n-d array in row-major order. */
export interface Nd {
  readonly shape: readonly number[];
  readonly data: readonly number[];
}

export function nd(shape: readonly number[], data: readonly number[]): Nd {
  const size = shape.reduce((a, d) => a * d, 1);
  if (data.length !== size) throw new Error(`nd: ${data.length} values for shape [${shape.join(", ")}]`);
  return { shape, data };
}

/** Reproducible values uniform in [lo, hi), rounded to float32 so the tensor holds exactly them. */
export function seeded(shape: readonly number[], key: string, lo = -2, hi = 2): Nd {
  const stream = new RandomStream(7, 0, key);
  const size = shape.reduce((a, d) => a * d, 1);
  return nd(shape, Array.from({ length: size }, () => Math.fround(lo + (hi - lo) * stream.next())));
}

export function tensor(a: Nd, dtype: "float32" | "int32" | "bool" = "float32"): Tensor {
  return tf.tensor(a.data as number[], a.shape as number[], dtype);
}

function stridesOf(shape: readonly number[]): number[] {
  const s = shape.map(() => 1);
  for (let i = shape.length - 2; i >= 0; i--) s[i] = s[i + 1]! * shape[i + 1]!;
  return s;
}

function broadcastShape(a: readonly number[], b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  return Array.from({ length: rank }, (_, i) => {
    const x = a[a.length - rank + i] ?? 1;
    const y = b[b.length - rank + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) throw new Error(`reference: [${a}] and [${b}] do not broadcast`);
    return Math.max(x, y);
  });
}

/** The flat index into `from` (broadcast to `shape`) of the element at flat index `i` of `shape`. */
function sourceIndex(i: number, shape: readonly number[], from: readonly number[]): number {
  const out = stridesOf(shape);
  const src = stridesOf(from);
  const lead = shape.length - from.length;
  let at = 0;
  for (let d = 0; d < shape.length; d++) {
    const coord = Math.floor(i / out[d]!) % shape[d]!;
    if (d >= lead && from[d - lead] !== 1) at += coord * src[d - lead]!;
  }
  return at;
}

/** f applied elementwise over any number of NumPy-broadcast operands. */
export function zipWith(xs: readonly Nd[], f: (...v: number[]) => number): Nd {
  const shape = xs.map((x) => x.shape).reduce((a, b) => broadcastShape(a, b), [] as readonly number[]);
  const size = shape.reduce((a, d) => a * d, 1);
  return nd(
    shape,
    Array.from({ length: size }, (_, i) => f(...xs.map((x) => x.data[sourceIndex(i, shape, x.shape)]!))),
  );
}

export function map(x: Nd, f: (v: number) => number): Nd {
  return nd(x.shape, x.data.map(f));
}

/** Applies `f` to every 1-D fibre of x along `axis` (softmax, normalisations). */
export function alongAxis(x: Nd, axis: number, f: (fibre: number[]) => number[]): Nd {
  const n = x.shape[axis]!;
  const stride = stridesOf(x.shape)[axis]!;
  const out = [...x.data];
  for (let base = 0; base < x.data.length; base++) {
    if (Math.floor(base / stride) % n !== 0) continue;
    const idx = Array.from({ length: n }, (_, k) => base + k * stride);
    f(idx.map((i) => x.data[i]!)).forEach((v, k) => (out[idx[k]!] = v));
  }
  return nd(x.shape, out);
}

/** Reduces x over `axis` (null: all axes) with `f` on each fibre. */
export function reduce(x: Nd, axis: number | null, keepdims: boolean, f: (fibre: number[]) => number): Nd {
  if (axis === null) return nd(keepdims ? x.shape.map(() => 1) : [], [f([...x.data])]);
  const n = x.shape[axis]!;
  const stride = stridesOf(x.shape)[axis]!;
  const out: number[] = [];
  for (let base = 0; base < x.data.length; base++) {
    if (Math.floor(base / stride) % n !== 0) continue;
    out.push(f(Array.from({ length: n }, (_, k) => x.data[base + k * stride]!)));
  }
  const shape = keepdims ? x.shape.map((d, i) => (i === axis ? 1 : d)) : x.shape.filter((_, i) => i !== axis);
  return nd(shape, out);
}

export interface Tolerance {
  readonly atol?: number;
  readonly rtol?: number;
}

/** Asserts `actual` has the reference's shape and values within atol + rtol·|expected|. */
export function expectClose(actual: Tensor, expected: Nd, { atol = 1e-5, rtol = 1e-5 }: Tolerance = {}, what = "value"): void {
  expect(actual.shape, `${what}: shape`).toEqual(expected.shape);
  const got = actual.dataSync();
  const bad: string[] = [];
  expected.data.forEach((e, i) => {
    const g = got[i]!;
    const ok = Number.isNaN(e) ? Number.isNaN(g) : Math.abs(g - e) <= atol + rtol * Math.abs(e) || g === e;
    if (!ok && bad.length < 5) bad.push(`[${i}] ${g} vs ${e}`);
  });
  expect(bad, `${what}: elements outside atol ${atol}, rtol ${rtol}`).toEqual([]);
}

export interface GradCheckOptions extends Tolerance {
  /** Finite-difference step. */
  readonly h?: number;
  readonly run?: KernelRunOptions;
  /** Tolerance of the forward comparison (default: 1e-5 both). */
  readonly forward?: Tolerance;
}

/**
 * Runs `op` on `inputs` — Nd values are the float operands to differentiate, tensors are fixed
 * operands (indices, masks), undefined marks an absent optional input — and checks the value
 * against `reference` (called with the Nd operands in order) and the gradient of Σ out·w, for
 * seeded weights w, against central differences of the reference. Also asserts that no tensor
 * outlives the check.
 */
export function checkOp(
  op: string,
  inputs: readonly (Nd | Tensor | undefined)[],
  attrs: Readonly<Record<string, AttrValue>>,
  reference: (...floats: Nd[]) => Nd,
  { atol = 2e-4, rtol = 2e-3, h = 1e-4, run = {}, forward = {} }: GradCheckOptions = {},
): void {
  const isNd = (v: Nd | Tensor | undefined): v is Nd => v !== undefined && !(v instanceof tf.Tensor);
  const floats = inputs.filter(isNd);
  const assemble = (ts: readonly Tensor[]): (Tensor | undefined)[] => {
    let k = 0;
    return inputs.map((v) => (isNd(v) ? ts[k++] : v));
  };
  const before = tf.memory().numTensors;
  tf.tidy(() => {
    const xs = floats.map((f) => tensor(f));
    const out = runKernel(op, assemble(xs), attrs, run);
    expectClose(out, reference(...floats), forward, `${op} forward`);
    const w = seeded(out.shape, `${op}/weights`, 0.5, 1.5);
    const wt = tensor(w);
    const grads = tf.grads((...ts: Tensor[]) => tf.sum(tf.mul(runKernel(op, assemble(ts), attrs, run), wt)))(xs);
    const loss = (fs: Nd[]): number => reference(...fs).data.reduce((acc, v, i) => acc + v * w.data[i]!, 0);
    floats.forEach((f, j) => {
      const numeric = f.data.map((_, k) => {
        const at = (delta: number): Nd[] => floats.map((g, m) => (m === j ? nd(g.shape, g.data.map((v, q) => (q === k ? v + delta : v))) : g));
        return (loss(at(h)) - loss(at(-h))) / (2 * h);
      });
      expectClose(grads[j]!, nd(f.shape, numeric), { atol, rtol }, `${op} gradient of float input ${j + 1}`);
    });
  });
  // Nothing the kernel or its gradient made outlives the tidy (custom gradients' saved tensors included).
  expect(tf.memory().numTensors, `${op}: tensors leaked`).toBe(before);
}

/**
 * Runs a kernel whose dim attributes contain symbols (B, T), bound to `symbols` as a run binds
 * them: checks that kernels read dims through ctx.dim rather than a constant's value. The
 * node's dtype is `dtype`; its shape is not consulted.
 */
export function runWithSymbols(
  op: string,
  inputs: readonly Tensor[],
  attrs: Readonly<Record<string, AttrValue>>,
  symbols: Readonly<Record<string, number>>,
  dtype: DType = "f32",
): Tensor {
  const bound = new Map(Object.entries(symbols).map(([k, v]) => [k, Dim.of(v)]));
  const node: IrNode = {
    id: 0,
    key: `test/${op}.0`,
    op,
    inputs: inputs.map((_, i) => i),
    attrs: attrsFor(op, attrs),
    type: { dtype, shape: [] },
    scope: "",
    mode: "",
    prov: { span: { file: "test", start: 0, end: 0 }, frame: undefined },
  };
  const unused = (): never => {
    throw new Error("not a source op");
  };
  return kernelFor(op)(inputs, {
    node,
    shape: [],
    dim: (d) => (typeof d === "number" ? d : d.substitute(bound).value!),
    training: false,
    random: () => new RandomStream(0, 0, node.key),
    input: unused,
    param: unused,
    buffer: unused,
  });
}
