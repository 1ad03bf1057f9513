// Values of the elaboration-time interpreter. Compile-time values (ints as symbolic Dims,
// floats, bools, strings, lists) are computed; tensor values are references to IR nodes.
// `error` is a poison value: an operation on it yields it again without a new diagnostic, so
// one mistake is reported once.
import type { BlockDecl, FnDecl } from "../../grammar/ast.js";
import { Dim, shapeString } from "../shapes/dim.js";
import type { InitSpec, IrSource, TensorType } from "../ir/types.js";
import type { ModuleScope } from "../resolve/scope.js";
import type { Instance } from "./instance.js";

export type Value =
  | { readonly k: "int"; readonly v: Dim }
  | { readonly k: "float"; readonly v: number }
  | { readonly k: "bool"; readonly v: boolean }
  | { readonly k: "str"; readonly v: string }
  | { readonly k: "none" }
  | { readonly k: "tensor"; readonly id: number; readonly type: TensorType }
  | { readonly k: "list"; readonly items: readonly Value[]; readonly tuple: boolean }
  | { readonly k: "range"; readonly start: number; readonly end: number }
  | { readonly k: "instance"; readonly inst: Instance }
  | { readonly k: "block"; readonly decl: BlockDecl; readonly module: ModuleScope }
  | { readonly k: "fn"; readonly decl: FnDecl; readonly module: ModuleScope }
  | { readonly k: "builtin"; readonly name: string }
  | { readonly k: "mode"; readonly inst: Instance; readonly mode: string }
  | { readonly k: "init"; readonly spec: InitSpec }
  | { readonly k: "source"; readonly spec: IrSource }
  | { readonly k: "error" };

export const NONE: Value = { k: "none" };
export const ERROR: Value = { k: "error" };
export const TRUE: Value = { k: "bool", v: true };
export const FALSE: Value = { k: "bool", v: false };

export function int(n: number | Dim): Value {
  return { k: "int", v: typeof n === "number" ? Dim.of(n) : n };
}

export function bool(b: boolean): Value {
  return b ? TRUE : FALSE;
}

export function tensor(id: number, type: TensorType): Value {
  return { k: "tensor", id, type };
}

export function typeString(t: TensorType): string {
  return `${t.dtype}${shapeString(t.shape)}`;
}

/** How a value is named in messages: "a tensor f32[B, 768]", "an int (12)". */
export function describe(v: Value): string {
  switch (v.k) {
    case "int":
      return `an int (${v.v})`;
    case "float":
      return `a float (${floatText(v.v)})`;
    case "bool":
      return `a bool (${v.v})`;
    case "str":
      return `a string ("${v.v}")`;
    case "none":
      return "none";
    case "tensor":
      return `a tensor ${typeString(v.type)}`;
    case "list":
      return v.tuple ? `a tuple of ${v.items.length}` : `a list of ${v.items.length}`;
    case "range":
      return `a range ${v.start}..${v.end}`;
    case "instance":
      return v.inst.isList ? `a list of instances (${v.inst.path})` : `an instance of ${v.inst.blockName} (${v.inst.path || "the model"})`;
    case "block":
      return `the block ${v.decl.name.name}`;
    case "fn":
      return `the fn ${v.decl.name.name}`;
    case "builtin":
      return v.name.startsWith("source:") ? `the data source ${v.name.slice(7)}` : `the builtin ${v.name}`;
    case "mode":
      return `the forward mode ${v.mode} of ${v.inst.path}`;
    case "init":
      return `an initialiser (${v.spec.kind})`;
    case "source":
      return `the data source ${v.spec.kind}`;
    case "error":
      return "an invalid value";
  }
}

/** 12 → "12.0": a float is never shown like an int. */
export function floatText(x: number): string {
  return Number.isInteger(x) ? x.toFixed(1) : String(x);
}

/** A plain JS number for an int or float value, if it is a known constant. */
export function numberOf(v: Value): number | undefined {
  if (v.k === "float") return v.v;
  if (v.k === "int") return v.v.value;
  return undefined;
}
