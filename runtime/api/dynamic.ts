// Arithmetic on a value whose kind is known only when the code runs: a spec fn parameter
// declared without a type (`alpha` in contrastive_distilled is a number, or an f32[] tensor
// for a schedule). The elaborator decides per call — numbers combine as numbers, anything with
// a tensor becomes the op — and generated code decides the same way here.
import type { Tensor } from "../tf.js";
import * as ops from "./ops.js";
import { floorMod } from "./numbers.js";

export type BinaryOpName = "add" | "sub" | "mul" | "div" | "pow" | "remainder" | "matmul" | "eq" | "ne" | "lt" | "le" | "gt" | "ge" | "logical_and" | "logical_or";

type Scalar = number | boolean;

const ON_NUMBERS: Partial<Record<BinaryOpName, (a: number, b: number) => Scalar>> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: (a, b) => a ** b,
  remainder: floorMod,
  eq: (a, b) => a === b,
  ne: (a, b) => a !== b,
  lt: (a, b) => a < b,
  le: (a, b) => a <= b,
  gt: (a, b) => a > b,
  ge: (a, b) => a >= b,
  logical_and: (a, b) => Boolean(a) && Boolean(b),
  logical_or: (a, b) => Boolean(a) || Boolean(b),
};

/** `a op b`: on two numbers (or bools) the number, else the registry op. */
export function binary(op: BinaryOpName, a: Tensor | Scalar, b: Tensor | Scalar): Tensor | number {
  const onNumbers = ON_NUMBERS[op];
  if (typeof a !== "object" && typeof b !== "object" && onNumbers) return Number(onNumbers(Number(a), Number(b)));
  return ops[op](a, b);
}

/** Calls a value declared `any` in the spec: an instance runs its forward, a function is called. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function invoke(f: unknown, ...args: any[]): Tensor {
  if (typeof f === "function") return f(...args) as Tensor;
  const forward = (f as { forward?: unknown } | null)?.forward;
  if (typeof forward === "function") return forward.apply(f, args) as Tensor;
  throw new TypeError(`${String(f)} is neither an instance nor a function, so it cannot be called`);
}
