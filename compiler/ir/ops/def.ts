// What an op is: typed inputs and attributes, ONE pure shape rule and a FLOP rule. The checker
// (through the elaborator) and the runtime both use these rules; nothing else computes shapes.
import { Dim, DimFault, shapeString } from "../../shapes/dim.js";
import type { AttrValue, Attrs, DType, TensorType } from "../types.js";

export type AttrKind = "int" | "float" | "bool" | "str" | "dim" | "dims" | "dtype" | "axis" | "axes" | "pattern" | "number?";

export interface OpInput {
  readonly name: string;
  readonly optional?: boolean;
  /** Takes a list of tensors (concat); only the last input may be variadic. */
  readonly variadic?: boolean;
}

export interface OpAttr {
  readonly name: string;
  readonly kind: AttrKind;
  /** undefined: required; null: optional and absent. */
  readonly default?: AttrValue;
}

export type FlopRule = (ins: readonly (TensorType | undefined)[], attrs: Attrs, out: TensorType) => Dim;

export interface OpDef {
  readonly name: string;
  readonly doc: string;
  readonly inputs: readonly OpInput[];
  readonly attrs: readonly OpAttr[];
  /** Throws ShapeFault when the inputs do not fit. */
  readonly shape: (ins: readonly (TensorType | undefined)[], attrs: Attrs) => TensorType;
  readonly flops: FlopRule;
  /** Gradients do not flow through this op to any input (sampling, argmax, stop_gradient). */
  readonly blocksGradient?: boolean;
  /** Its output hides the identity of the tokens it was given (token masking): see caption-causality. */
  readonly sanitizes?: boolean;
  /** Inputs read only for their shape (a random mask "like x"): no data flows from them. */
  readonly shapeOnly?: readonly number[];
  /** Mutates state (queue update); kept even when nothing reads it. */
  readonly effect?: boolean;
  /** A source of data (input, param, buffer, constant): not counted as computation. */
  readonly source?: boolean;
  /** Draws random numbers, from a stream keyed by the run's seed, the step and the node's key. */
  readonly random?: boolean;
  /**
   * The attribute whose value 0 makes the op the identity (a dropout rate): such a call is
   * checked by the shape rule but emits no node, so blocks can take rates defaulting to 0
   * without cluttering the graph.
   */
  readonly identityAtZero?: string;
}

/** A shape or dtype rule failed. `operands` are the input positions involved, for related notes. */
export class ShapeFault extends Error {
  constructor(
    readonly kind: "shape" | "dtype" | "rank" | "index" | "divisible" | "dim" | "attr",
    message: string,
    readonly operands: readonly number[] = [],
    readonly hint?: string,
  ) {
    super(message);
  }
}

export const ZERO = Dim.of(0);
export const ONE = Dim.of(1);

export function n(x: number): Dim {
  return Dim.of(x);
}

export function req(ins: readonly (TensorType | undefined)[], i: number): TensorType {
  const t = ins[i];
  if (!t) throw new ShapeFault("attr", `missing input #${i + 1}`);
  return t;
}

export function attrNum(attrs: Attrs, name: string): number {
  const v = attrs[name];
  if (typeof v === "number") return v;
  if (v instanceof Dim && v.value !== undefined) return v.value;
  throw new ShapeFault("attr", `attribute '${name}' must be a number`);
}

export function attrDim(attrs: Attrs, name: string): Dim {
  const v = attrs[name];
  if (v instanceof Dim) return v;
  if (typeof v === "number" && Number.isInteger(v)) return Dim.of(v);
  throw new ShapeFault("attr", `attribute '${name}' must be an integer dimension`);
}

export function attrDims(attrs: Attrs, name: string): Dim[] {
  const v = attrs[name];
  if (!Array.isArray(v)) throw new ShapeFault("attr", `attribute '${name}' must be a list of dimensions`);
  return v.map((x) => {
    if (x instanceof Dim) return x;
    if (typeof x === "number" && Number.isInteger(x)) return Dim.of(x);
    throw new ShapeFault("attr", `attribute '${name}' must be a list of integer dimensions`);
  });
}

/** A (possibly negative) axis into a tensor of the given rank. */
export function axis(rank: number, a: number, what = "axis"): number {
  const ax = a < 0 ? rank + a : a;
  if (!Number.isInteger(a) || ax < 0 || ax >= rank) {
    throw new ShapeFault("index", `${what} ${a} is out of range for a tensor of rank ${rank}`);
  }
  return ax;
}

export function expectRank(t: TensorType, rank: number, what: string, operand: number): void {
  if (t.shape.length !== rank) {
    throw new ShapeFault("rank", `${what} must have rank ${rank}, but has shape ${shapeString(t.shape)}`, [operand]);
  }
}

export function expectMinRank(t: TensorType, rank: number, what: string, operand: number): void {
  if (t.shape.length < rank) {
    throw new ShapeFault("rank", `${what} must have rank at least ${rank}, but has shape ${shapeString(t.shape)}`, [operand]);
  }
}

export function expectDim(a: Dim, b: Dim, message: () => string, operands: readonly number[]): void {
  if (!a.equals(b)) throw new ShapeFault("shape", message(), operands);
}

export function expectDtype(t: TensorType, ok: (d: DType) => boolean, what: string, operand: number, expected: string): void {
  if (!ok(t.dtype)) throw new ShapeFault("dtype", `${what} must be ${expected}, but is ${t.dtype}`, [operand], CAST_HINT);
}

const CAST_HINT = 'convert explicitly, e.g. cast(x, dtype: "f32")';

export function sameDtype(a: TensorType, b: TensorType, what: string, operands: readonly number[]): void {
  if (a.dtype !== b.dtype) throw new ShapeFault("dtype", `${what}: ${a.dtype} and ${b.dtype} do not match`, operands, CAST_HINT);
}

/** NumPy broadcasting of two shapes. */
export function broadcast(a: readonly Dim[], b: readonly Dim[], what: string, operands: readonly number[] = [0, 1]): Dim[] {
  const rank = Math.max(a.length, b.length);
  const out: Dim[] = [];
  for (let i = 0; i < rank; i++) {
    const x = a[a.length - rank + i] ?? ONE;
    const y = b[b.length - rank + i] ?? ONE;
    if (x.equals(y) || y.value === 1) out.push(x);
    else if (x.value === 1) out.push(y);
    else {
      throw new ShapeFault(
        "shape",
        `${what}: shapes ${shapeString(a)} and ${shapeString(b)} do not broadcast (axis ${i - rank}: ${x} vs ${y})`,
        operands,
      );
    }
  }
  return out;
}

/** Wraps dim arithmetic faults (overflow, non-exact division) as shape faults. */
export function dimGuard<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof DimFault) throw new ShapeFault(e.kind === "divisible" ? "divisible" : "dim", e.message);
    throw e;
  }
}

export const noFlops: FlopRule = () => ZERO;
