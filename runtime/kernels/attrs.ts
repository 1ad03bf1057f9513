// Reading a node's inputs and attributes inside a kernel, for every op family. The checker has
// already validated each against its op's declaration (compiler/ir/ops/*.ts), so a missing input
// or a wrong kind here is an internal error; a dim-valued attribute may hold the spec's symbols,
// which `ctx.dim` binds for the run.
import { Dim } from "../../compiler/shapes/dim.js";
import type { AttrValue } from "../../compiler/ir/types.js";
import type { Tensor } from "../tf.js";
import type { KernelContext } from "./types.js";

function broken(ctx: KernelContext, name: string, want: string, got: AttrValue | undefined): Error {
  return new Error(`${ctx.node.op} (${ctx.node.key}): attribute '${name}' should be ${want}, got ${String(got)} (internal error: the checker validates attributes)`);
}

/** Input `i` of the node; the checker guarantees required inputs, so a missing one is a bug. */
export function operand(inputs: readonly (Tensor | undefined)[], i: number, ctx: KernelContext): Tensor {
  const t = inputs[i];
  if (!t) throw new Error(`${ctx.node.op} (${ctx.node.key}): input #${i + 1} is missing (internal error: the checker requires it)`);
  return t;
}

function asNumber(ctx: KernelContext, name: string, v: AttrValue | undefined): number {
  if (typeof v === "number") return v;
  if (v instanceof Dim) return ctx.dim(v);
  throw broken(ctx, name, "a number", v);
}

export function numberAttr(ctx: KernelContext, name: string): number {
  return asNumber(ctx, name, ctx.node.attrs[name]);
}

/** A `number?` attribute: undefined when the spec left it null (the op's default applies). */
export function optionalNumberAttr(ctx: KernelContext, name: string): number | undefined {
  const v = ctx.node.attrs[name];
  return v === null || v === undefined ? undefined : asNumber(ctx, name, v);
}

export function numberListAttr(ctx: KernelContext, name: string): number[] {
  const v = ctx.node.attrs[name];
  if (!Array.isArray(v)) throw broken(ctx, name, "a list of numbers", v as AttrValue | undefined);
  return (v as readonly AttrValue[]).map((x) => asNumber(ctx, name, x));
}

export function stringAttr(ctx: KernelContext, name: string): string {
  const v = ctx.node.attrs[name];
  if (typeof v !== "string") throw broken(ctx, name, "a string", v);
  return v;
}

/** An axis attribute resolved against `rank` (negative counts from the end); null means "all axes". */
export function axisAttr(ctx: KernelContext, name: string, rank: number): number | null {
  const v = ctx.node.attrs[name];
  if (v === null || v === undefined) return null;
  if (typeof v !== "number") throw broken(ctx, name, "an axis", v);
  return v < 0 ? v + rank : v;
}

/** A `dim` attribute with the run's symbols bound. */
export function dimAttr(ctx: KernelContext, name: string): number {
  return ctx.dim(ctx.node.attrs[name] as Dim | number);
}

/** A `dims` attribute with the run's symbols bound. */
export function dimsAttr(ctx: KernelContext, name: string): number[] {
  const v = ctx.node.attrs[name];
  if (!Array.isArray(v)) throw broken(ctx, name, "a list of dims", v as AttrValue | undefined);
  return v.map((d) => ctx.dim(d as Dim | number));
}
