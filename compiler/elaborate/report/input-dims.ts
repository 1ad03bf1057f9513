// An input dimension (B, T: a shape symbol from an input's declared shape, or bound from an
// argument's shape in a forward) has no value until the model runs. Where a scalar tensor can
// stand for it (`loss / B`, `float(T)`) the elaborator reads it at run time (op `dim_value`);
// where the compiler needs a number — a range end or repeat count, a queue size, a compile-time
// float — one is reported as exactly that, with how to use it instead: in shapes, as
// `float(T)` where a value computed when the model runs will do, or as a hyperparameter.
import type * as A from "../../../grammar/ast.js";
import { Diag } from "../../diagnostics/catalog.js";
import { phrase, say } from "../../diagnostics/template.js";
import type { Dim } from "../../shapes/dim.js";
import type { Interp } from "../interp.js";
import type { Value } from "../values.js";

/**
 * Reports `dim` (not a known number) used as {@link what}; returns the poison value. `runtime`:
 * a float context, where `float(T)` (a scalar tensor) is the way out.
 */
export function inputDimAsNumber(ip: Interp, what: string, dim: Dim, span: A.Span, runtime?: "runtime"): Value {
  const symbols = [...dim.symbols()].sort();
  const text = dim.toString();
  const said =
    symbols.length === 1 && text === symbols[0]
      ? say(Diag.InputDimAsNumber, "symbol", { what, dim: text })
      : say(Diag.InputDimAsNumber, "derived", { what, dim: text, count: symbols.length, symbols: symbols.join(", ") });
  const hint = runtime ? phrase(Diag.InputDimAsNumber, "useRuntime", { dim: symbols.length === 1 ? symbols[0]! : "T" }) : phrase(Diag.InputDimAsNumber, "use");
  return ip.report(said, span, { hint });
}
