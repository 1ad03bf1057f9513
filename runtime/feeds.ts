// Checking what a user feeds against the model's inputs before anything runs: every input
// given, no unknown names, dtypes that fit, ranks that fit; then the shape symbols are bound
// from the actual shapes (runtime/dims.ts), which checks the sizes.
import { Diag } from "../compiler/diagnostics/catalog.js";
import { diagnostic, type Diagnostic } from "../compiler/diagnostics/diagnostic.js";
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
        diagnostic(Diag.InputUnknown, `the model has no input \`${name}\``, undefined, {
          hint: `its inputs: ${ir.inputs.map((i) => i.name).join(", ") || "(none)"}`,
        }),
      );
    }
  }
  for (const input of ir.inputs) {
    const type = ir.nodes[input.node]!.type;
    const t = given.get(input.name);
    if (!t) {
      if (!needed || needed.has(input.name)) {
        problems.push(diagnostic(Diag.InputMissing, `input \`${input.name}\` ${type.dtype}${shapeString(type.shape)} is not given`, input.span));
      }
      continue;
    }
    if (tfDtype(t.dtype) !== tfDtype(type.dtype)) {
      problems.push(diagnostic(Diag.InputDtype, `input \`${input.name}\` is ${t.dtype}, but the spec declares ${type.dtype}${shapeString(type.shape)}`, input.span));
    }
    if (t.shape.length !== type.shape.length) {
      problems.push(
        diagnostic(Diag.InputShape, `input \`${input.name}\` has shape [${t.shape.join(", ")}] (rank ${t.shape.length}), but the spec declares ${shapeString(type.shape)} (rank ${type.shape.length})`, input.span),
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
        diagnostic(Diag.InputValues, `input \`${input.name}\` holds ${t.data[bad]} at flat position ${bad}, but its values index a table of ${role.below} rows`, input.span, {
          hint: `ids must be in [0, ${role.below})`,
        }),
      );
    }
  }
  if (problems.length) throw new RunError(problems);
}
