// The spec's symbolic dims (B, T, B·2, T − 1, …) as values computed inside the graph: each symbol
// is read off an axis of a graph input declared over it (Shape with start/end), and an
// expression is built from those with int64 arithmetic. A constant dim is a Constant. Every
// value is an int64[1], ready to Concat into a shape or to bound a Slice; each distinct dim is
// built once.
import { Diag } from "../../diagnostics/catalog.js";
import { say } from "../../diagnostics/template.js";
import type { TensorType } from "../../ir/types.js";
import { Dim } from "../../shapes/dim.js";
import type { GraphBuilder } from "./builder.js";
import { EmitFault } from "./fault.js";

type Term = Dim["terms"][number];
type Atom = Term["factors"][number][0];

/** A symbol read off an input axis whose size is coef·symbol + offset (usually 1·B + 0). */
interface SymbolSource {
  readonly input: string;
  readonly axis: number;
  readonly coef: number;
  readonly offset: number;
}

/** coef·S + offset for an axis that is linear in one symbol S, else undefined. */
function linearIn(d: Dim): { symbol: string; coef: number; offset: number } | undefined {
  const syms = [...d.symbols()];
  if (syms.length !== 1) return undefined;
  let coef = 0;
  let offset = 0;
  for (const t of d.terms) {
    if (t.mono === "") offset = Number(t.coef);
    else if (t.factors.length === 1 && t.factors[0]![1] === 1 && t.factors[0]![0].kind === "sym") coef = Number(t.coef);
    else return undefined;
  }
  return coef > 0 ? { symbol: syms[0]!, coef, offset } : undefined;
}

export class GraphDims {
  private readonly sources = new Map<string, SymbolSource>();
  private readonly built = new Map<string, string>();
  private readonly symbols = new Map<string, string>();

  /** A symbol is read from the first graph input that has it as an axis (or as a·S + b, solved for S). */
  constructor(
    private readonly g: GraphBuilder,
    inputs: readonly { readonly name: string; readonly type: TensorType }[],
  ) {
    for (const plainFirst of [true, false]) {
      for (const input of inputs) {
        input.type.shape.forEach((d, axis) => {
          const lin = linearIn(d);
          if (!lin || this.sources.has(lin.symbol)) return;
          const plain = lin.coef === 1 && lin.offset === 0;
          if (plain === plainFirst) this.sources.set(lin.symbol, { input: input.name, axis, coef: lin.coef, offset: lin.offset });
        });
      }
    }
  }

  /** An int64[1] holding the dim's value for the tensors the graph is run with. */
  value(d: Dim | number): string {
    const dim = typeof d === "number" ? Dim.of(d) : d;
    if (dim.value !== undefined) return this.g.int64s([dim.value]);
    const known = this.built.get(dim.key);
    if (known) return known;
    const made = this.sum(dim.terms);
    this.built.set(dim.key, made);
    return made;
  }

  /** An int64[n] of several dims (a shape); one Constant when they are all known. */
  vector(ds: readonly (Dim | number)[]): string {
    const values = ds.map((d) => (typeof d === "number" ? d : d.value));
    if (values.every((v) => v !== undefined)) return this.g.int64s(values as number[]);
    return this.op("Concat", ds.map((d) => this.value(d)), "shape", { axis: { kind: "int", value: 0 } });
  }

  private op(type: string, inputs: readonly string[], what: string, attrs = {}): string {
    const out = this.g.unique(`dims/${what}`);
    this.g.add(type, inputs, [out], out, attrs);
    return out;
  }

  private sum(terms: readonly Term[]): string {
    const parts = terms.map((t) => {
      const factors = t.factors.flatMap(([atom, power]) => Array.from({ length: power }, () => this.atom(atom)));
      const coef = Number(t.coef);
      if (coef !== 1 || factors.length === 0) factors.unshift(this.g.int64s([coef]));
      return factors.reduce((a, b) => this.op("Mul", [a, b], "mul"));
    });
    return parts.reduce((a, b) => this.op("Add", [a, b], "add"));
  }

  private atom(atom: Atom): string {
    if (atom.kind === "sym") {
      const known = this.symbols.get(atom.name);
      if (known) return known;
      const source = this.sources.get(atom.name);
      if (!source) throw new EmitFault(say(Diag.OnnxDim, "unbound", { dim: atom.name }));
      const size = this.op("Shape", [source.input], atom.name, { start: { kind: "int", value: source.axis }, end: { kind: "int", value: source.axis + 1 } });
      const shifted = source.offset === 0 ? size : this.op("Sub", [size, this.g.int64s([source.offset])], atom.name);
      const value = source.coef === 1 ? shifted : this.op("Div", [shifted, this.g.int64s([source.coef])], atom.name);
      this.symbols.set(atom.name, value);
      return value;
    }
    const a = this.value(atom.a);
    const b = this.value(atom.b);
    switch (atom.kind) {
      case "floordiv":
      case "div":
        // Dims are never negative, so ONNX's truncating integer division is floor division here.
        return this.op("Div", [a, b], "div");
      case "mod":
        return this.op("Mod", [a, b], "mod");
      case "min":
        return this.op("Min", [a, b], "min");
      case "max":
        return this.op("Max", [a, b], "max");
    }
  }
}
