// Binding the spec's shape symbols (B, T, …) for one run: from the shapes of the inputs given,
// plus any the user fixes (`--dim T=40`); then every symbolic dim of the IR has a number, and
// the conditions the compiler could not decide (IR assertions) are checked.
import { Diag } from "../compiler/diagnostics/catalog.js";
import { diagnostic, type Diagnostic } from "../compiler/diagnostics/diagnostic.js";
import { phrase, say } from "../compiler/diagnostics/template.js";
import type { IrGraph } from "../compiler/ir/types.js";
import { Dim, shapeString } from "../compiler/shapes/dim.js";
import { RunError } from "./errors.js";

export class DimBindings {
  private readonly dims: Map<string, Dim>;
  constructor(values: ReadonlyMap<string, number>) {
    this.dims = new Map([...values].map(([k, v]) => [k, Dim.of(v)]));
  }

  get symbols(): ReadonlyMap<string, number> {
    return new Map([...this.dims].map(([k, d]) => [k, d.value!]));
  }

  /** A dim's value in this run; throws if it still has an unbound symbol (an internal error after binding). */
  value(d: Dim | number): number {
    if (typeof d === "number") return d;
    if (d.value !== undefined) return d.value;
    const v = d.substitute(this.dims).value;
    if (v === undefined) throw new Error(`dim ${d} has unbound symbols (${[...d.symbols()].filter((s) => !this.dims.has(s)).join(", ")})`);
    return v;
  }

  shape(dims: readonly Dim[]): number[] {
    return dims.map((d) => this.value(d));
  }
}

/**
 * Binds symbols from the actual input shapes. `fixed` are values the user gave; a symbol that
 * no input determines and nobody fixed is an error naming it.
 */
export function bindDims(ir: IrGraph, shapes: ReadonlyMap<string, readonly number[]>, fixed: Readonly<Record<string, number>> = {}): DimBindings {
  const values = new Map<string, number>(Object.entries(fixed));
  const origin = new Map<string, string>(Object.keys(fixed).map((k) => [k, phrase(Diag.InputShape, "fromFlag", { dim: k, value: fixed[k]! })]));
  const problems: Diagnostic[] = [];
  for (const input of ir.inputs) {
    const declared = ir.nodes[input.node]!.type.shape;
    const actual = shapes.get(input.name);
    if (!actual || actual.length !== declared.length) continue; // feeds.ts reports these
    declared.forEach((d, axis) => {
      const syms = [...d.symbols()];
      if (syms.length !== 1 || !d.equals(Dim.sym(syms[0]!))) return;
      const name = syms[0]!;
      const seen = values.get(name);
      if (seen === undefined) {
        values.set(name, actual[axis]!);
        origin.set(name, phrase(Diag.InputShape, "fromAxis", { axis, name: input.name }));
      } else if (seen !== actual[axis]) {
        problems.push(
          diagnostic(say(Diag.InputShape, "disagree", { name: input.name, size: actual[axis]!, axis, dim: name, seen, origin: origin.get(name)! })),
        );
      }
    });
  }
  if (problems.length) throw new RunError(problems);
  const bindings = new DimBindings(values);
  // Dims that are expressions (T + 1) or constants are checked once every symbol is known.
  for (const input of ir.inputs) {
    const declared = ir.nodes[input.node]!.type.shape;
    const actual = shapes.get(input.name);
    if (!actual || actual.length !== declared.length) continue;
    const missing = declared.flatMap((d) => [...d.symbols()].filter((s) => !values.has(s)));
    if (missing.length) {
      problems.push(
        diagnostic(say(Diag.InputShape, "undetermined", { dim: missing[0]!, name: input.name, shape: shapeString(declared) })),
      );
      continue;
    }
    const expected = bindings.shape(declared);
    if (expected.some((e, i) => e !== actual[i])) {
      problems.push(
        diagnostic(say(Diag.InputShape, "sizes", { name: input.name, shape: actual.join(", "), declared: shapeString(declared), expected: expected.join(", ") }), input.span),
      );
    }
  }
  if (problems.length) throw new RunError(problems);
  for (const a of ir.assertions) {
    const l = bindings.value(a.lhs);
    const r = bindings.value(a.rhs);
    const ok = a.op === "==" ? l === r : a.op === "!=" ? l !== r : a.op === "<" ? l < r : a.op === "<=" ? l <= r : a.op === ">" ? l > r : l >= r;
    if (!ok) problems.push(diagnostic(say(Diag.RunAssertion, "violated", { message: a.message, lhs: String(a.lhs), op: a.op, rhs: String(a.rhs), l, r }), a.span));
  }
  if (problems.length) throw new RunError(problems);
  return bindings;
}
