// Checking what a user feeds against the model's inputs before anything runs: every input
// given, no unknown names, dtypes that fit, ranks that fit; then the shape symbols are bound
// from the actual shapes (runtime/dims.ts), which checks the sizes.
import { Diag } from "../compiler/diagnostics/catalog.js";
import { diagnostic, type Diagnostic } from "../compiler/diagnostics/diagnostic.js";
import { phrase, say } from "../compiler/diagnostics/template.js";
import type { IrGraph } from "../compiler/ir/types.js";
import { shapeString } from "../compiler/shapes/dim.js";
import { bindDims, type DimBindings } from "./dims.js";
import { tfDtype } from "./dtypes.js";
import { RunError } from "./errors.js";
import type { HostTensor } from "./init.js";
import type { InputRole } from "./synthetic.js";
import { tf, type Tensor } from "./tf.js";

/** Validates host inputs and binds the run's dims; throws RunError listing every problem. */
export function checkFeeds(ir: IrGraph, given: ReadonlyMap<string, HostTensor>, fixed: Readonly<Record<string, number>> = {}, needed?: ReadonlySet<string>): DimBindings {
  const problems: Diagnostic[] = [];
  const declared = new Map(ir.inputs.map((i) => [i.name, i]));
  for (const name of given.keys()) {
    if (!declared.has(name)) {
      problems.push(
        diagnostic(say(Diag.InputUnknown, "noInput", { name, inputs: ir.inputs.map((i) => i.name).join(", ") || phrase(Diag.InputUnknown, "none") })),
      );
    }
  }
  for (const input of ir.inputs) {
    const type = ir.nodes[input.node]!.type;
    const t = given.get(input.name);
    if (!t) {
      if (!needed || needed.has(input.name)) {
        problems.push(diagnostic(say(Diag.InputMissing, "notGiven", { name: input.name, type: `${type.dtype}${shapeString(type.shape)}` }), input.span));
      }
      continue;
    }
    if (tfDtype(t.dtype) !== tfDtype(type.dtype)) {
      problems.push(diagnostic(say(Diag.InputDtype, "given", { name: input.name, given: t.dtype, declared: `${type.dtype}${shapeString(type.shape)}` }), input.span));
    }
    if (t.shape.length !== type.shape.length) {
      problems.push(
        diagnostic(
          say(Diag.InputShape, "rank", { name: input.name, shape: t.shape.join(", "), rank: t.shape.length, declared: shapeString(type.shape), declaredRank: type.shape.length }),
          input.span,
        ),
      );
    }
  }
  if (problems.length) throw new RunError(problems);
  return bindDims(ir, new Map([...given].map(([k, v]) => [k, v.shape])), fixed);
}

/** Host inputs as tensors of the IR's dtypes. The caller disposes them. */
export function toTensors(ir: IrGraph, given: ReadonlyMap<string, HostTensor>): Map<string, Tensor> {
  const out = new Map<string, Tensor>();
  for (const input of ir.inputs) {
    const t = given.get(input.name);
    if (t) out.set(input.name, tf.tensor(t.data, [...t.shape], tfDtype(ir.nodes[input.node]!.type.dtype)));
  }
  return out;
}

/** Ids must index their tables: a value outside [0, size) is reported per input, with an example position. */
export function checkInputValues(ir: IrGraph, given: ReadonlyMap<string, HostTensor>, roles: ReadonlyMap<string, InputRole>): void {
  const problems: Diagnostic[] = [];
  for (const input of ir.inputs) {
    const role = roles.get(input.name);
    const t = given.get(input.name);
    if (!t || role?.kind !== "ids") continue;
    const bad = t.data.findIndex((v) => v < 0 || v >= role.below);
    if (bad >= 0) {
      problems.push(
        diagnostic(say(Diag.InputValues, "outOfRange", { name: input.name, value: t.data[bad]!, position: bad, rows: role.below }), input.span),
      );
    }
  }
  if (problems.length) throw new RunError(problems);
}
