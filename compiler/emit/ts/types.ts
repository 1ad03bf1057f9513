// Static types of spec expressions in generated TypeScript. The spec language is dynamically
// typed at elaboration; generated code needs to know, where the spec writes `a + b`, whether
// that is tensor arithmetic (`ops.add(a, b)`) or arithmetic on numbers (`a + b`), and what to
// declare each field and local as. Declarations give most of it (parameter and result types,
// block parameters' types or defaults); the rest follows from the expressions.

export type SType =
  | { readonly k: "tensor" }
  | { readonly k: "number" }
  | { readonly k: "bool" }
  | { readonly k: "str" }
  | { readonly k: "none" }
  | { readonly k: "list"; readonly of: SType }
  | { readonly k: "tuple"; readonly items: readonly SType[] }
  | { readonly k: "range" }
  /** An instance of a generated class (undefined: a block chosen by a parameter without default). */
  /** `chosen`: built by a `block`-typed parameter, so any class with its default's methods. */
  | { readonly k: "instance"; readonly block: string | undefined; readonly union?: readonly string[]; readonly chosen?: boolean }
  | { readonly k: "instances"; readonly block: string | undefined; readonly union?: readonly string[]; readonly chosen?: boolean }
  /** A block class (a `block`-typed parameter), with the class its default names. */
  | { readonly k: "block"; readonly block: string | undefined }
  | { readonly k: "fn" }
  | { readonly k: "init" }
  /** A parameter declared `any`: an instance or a function, called through rt.invoke. */
  | { readonly k: "any" }
  | { readonly k: "unknown" };

export const TENSOR: SType = { k: "tensor" };
export const NUMBER: SType = { k: "number" };
export const BOOL: SType = { k: "bool" };
export const STR: SType = { k: "str" };
export const NONE: SType = { k: "none" };
export const UNKNOWN: SType = { k: "unknown" };

/** The TypeScript type for a static type. */
export function tsType(t: SType): string {
  switch (t.k) {
    case "tensor":
      return "Tensor";
    case "number":
      return "number";
    case "bool":
      return "boolean";
    case "str":
      return "string";
    case "none":
      return "undefined";
    case "list":
      return `${wrapUnion(tsType(t.of))}[]`;
    case "tuple":
      return `[${t.items.map(tsType).join(", ")}]`;
    case "range":
      return "number[]";
    case "instance":
      return classUnion(t);
    case "instances":
      return `ModuleList<${classUnion(t)}>`;
    case "any":
      return "any";
    case "block":
      return `rt.BlockClass<${t.block ? `rt.Chosen<${t.block}>` : "rt.AnyBlock"}>`;
    case "fn":
      return "rt.SpecFn";
    case "init":
      return "rt.InitSpec";
    case "unknown":
      return "Tensor | number";
  }
}

function classUnion(t: { readonly block: string | undefined; readonly union?: readonly string[]; readonly chosen?: boolean }): string {
  if (t.union && t.union.length > 1) return t.union.join(" | ");
  if (t.chosen && t.block) return `rt.Chosen<${t.block}>`;
  return t.block ?? "rt.AnyBlock";
}

function wrapUnion(s: string): string {
  return s.includes("|") ? `(${s})` : s;
}

/** The static type a scalar type name in a signature means. */
export function scalarType(name: string): SType {
  switch (name) {
    case "int":
    case "float":
      return NUMBER;
    case "bool":
      return BOOL;
    case "str":
      return STR;
    case "fn":
      return { k: "fn" };
    case "block":
      return { k: "block", block: undefined };
    case "list":
      return { k: "list", of: UNKNOWN };
    case "any":
      return { k: "any" };
    default:
      return UNKNOWN;
  }
}
