// Building an ONNX graph: nodes with readable, unique names, attributes in ONNX's typed form,
// constants as Constant nodes (so that the graph's initializers are exactly the model's
// parameters and buffers), and the value names every later node reads.
import type { AttributeMessage, NodeMessage, TensorMessage } from "./proto.js";
import { AttrType, ElemType } from "./proto.js";

/** An attribute value in ONNX's typed form. */
export type OnnxAttr =
  | { readonly kind: "int"; readonly value: number }
  | { readonly kind: "float"; readonly value: number }
  | { readonly kind: "ints"; readonly value: readonly number[] }
  | { readonly kind: "floats"; readonly value: readonly number[] }
  | { readonly kind: "string"; readonly value: string }
  | { readonly kind: "tensor"; readonly value: TensorMessage };

export const attr = {
  int: (value: number): OnnxAttr => ({ kind: "int", value }),
  float: (value: number): OnnxAttr => ({ kind: "float", value }),
  ints: (value: readonly number[]): OnnxAttr => ({ kind: "ints", value }),
  floats: (value: readonly number[]): OnnxAttr => ({ kind: "floats", value }),
  string: (value: string): OnnxAttr => ({ kind: "string", value }),
};

export type Attrs = Readonly<Record<string, OnnxAttr>>;

/** The element types a constant may have, with their byte encodings. */
export type ConstType = "f32" | "i32" | "i64" | "bool";

const ELEM: Record<ConstType, number> = { f32: ElemType.FLOAT, i32: ElemType.INT32, i64: ElemType.INT64, bool: ElemType.BOOL };

function encodeAttr(name: string, a: OnnxAttr): AttributeMessage {
  switch (a.kind) {
    case "int":
      return { name, type: AttrType.INT, i: a.value };
    case "float":
      return { name, type: AttrType.FLOAT, f: a.value };
    case "ints":
      return { name, type: AttrType.INTS, ints: [...a.value] };
    case "floats":
      return { name, type: AttrType.FLOATS, floats: [...a.value] };
    case "string":
      return { name, type: AttrType.STRING, s: new TextEncoder().encode(a.value) };
    case "tensor":
      return { name, type: AttrType.TENSOR, t: a.value };
  }
}

/** Little-endian bytes of constant values. */
export function constBytes(type: ConstType, values: readonly (number | boolean)[]): Uint8Array {
  switch (type) {
    case "f32":
      return new Uint8Array(Float32Array.from(values as number[]).buffer);
    case "i32":
      return new Uint8Array(Int32Array.from(values as number[]).buffer);
    case "i64":
      return new Uint8Array(BigInt64Array.from((values as number[]).map((v) => BigInt(v))).buffer);
    case "bool":
      return Uint8Array.from(values.map((v) => (v ? 1 : 0)));
  }
}

function claimFree(taken: Set<string>, base: string): string {
  let name = base;
  for (let k = 1; taken.has(name); k++) name = `${base}_${k}`;
  taken.add(name);
  return name;
}

export class GraphBuilder {
  readonly nodes: NodeMessage[] = [];
  /** Value names and node names are separate namespaces in ONNX. */
  private readonly taken = new Set<string>();
  private readonly nodeNames = new Set<string>();
  private readonly constants = new Map<string, string>();

  /** A value name not used yet, `base` itself when it is free. */
  unique(base: string): string {
    return claimFree(this.taken, base);
  }

  /** Claims a name that must be exactly this (graph inputs, initializers, outputs). */
  claim(name: string): string {
    this.taken.add(name);
    return name;
  }

  /**
   * Adds a node. `outputs` are value names (already claimed or made with `unique`); the node's
   * own name is `name` made unique, and `doc` says where in the spec it comes from.
   */
  add(opType: string, inputs: readonly string[], outputs: readonly string[], name: string, attrs: Attrs = {}, doc?: string, domain?: string): void {
    const attribute = Object.entries(attrs)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => encodeAttr(k, v));
    this.nodes.push({
      input: [...inputs],
      output: [...outputs],
      name: claimFree(this.nodeNames, name),
      opType,
      attribute,
      ...(domain ? { domain } : {}),
      ...(doc ? { docString: doc } : {}),
    });
  }

  /** A constant tensor, made once per distinct value (a Constant node, not an initializer). */
  constant(type: ConstType, shape: readonly number[], values: readonly (number | boolean)[]): string {
    const key = `${type}[${shape.join(",")}]=${values.join(",")}`;
    const known = this.constants.get(key);
    if (known) return known;
    const small = values.length <= 4 ? `_${values.join("_").replace(/[^0-9a-zA-Z_]/g, (c) => (c === "-" ? "m" : "p"))}` : "";
    const name = this.unique(`const/${type}${small}`);
    const value: TensorMessage = { name, dims: [...shape], dataType: ELEM[type], rawData: constBytes(type, values) };
    this.add("Constant", [], [name], name, { value: { kind: "tensor", value } });
    this.constants.set(key, name);
    return name;
  }

  /** An int64 vector (shapes, axes, slice bounds). */
  int64s(values: readonly number[]): string {
    return this.constant("i64", [values.length], values);
  }

  /** A scalar of the given type. */
  scalar(type: ConstType, value: number | boolean): string {
    return this.constant(type, [], [value]);
  }
}
