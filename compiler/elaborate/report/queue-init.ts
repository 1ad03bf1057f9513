// Queue initialisation: `queue(size, dim, init: …)` starts its rows from an initialiser
// (compiler/ir/init.ts), by default `unit_normal` — each row a random unit vector, as ALBEF's,
// BLIP's and MoCo's feature queues start. The initialiser is given by name (positionally it
// would be read as an ordinary value, where initialiser names are not in scope), and an integer
// or bool queue (labels, indices) must start from whole numbers: a real-valued draw would be
// truncated on the host, leaving rows of zeros that look initialised and are not.
import type * as A from "../../../grammar/ast.js";
import { Diag } from "../../diagnostics/catalog.js";
import { say } from "../../diagnostics/template.js";
import type { DType, InitSpec } from "../../ir/types.js";
import type { ArgVal } from "./call-arguments.js";
import type { Interp } from "../interp.js";
import { expectKind } from "./value-types.js";

/** The default: random unit rows (ALBEF's `normalize(randn(…))`). */
const UNIT_ROWS: InitSpec = { kind: "unit_normal", args: {} };

const REAL: ReadonlySet<DType> = new Set(["f32", "f16", "bf16"]);

/** Does `spec` give whole numbers only, so an integer or bool buffer holds exactly what it says? */
function wholeNumbers(spec: InitSpec): boolean {
  if (spec.kind === "zeros" || spec.kind === "ones") return true;
  return spec.kind === "constant" && Number.isInteger(spec.args["value"]);
}

/** The queue's initialiser; undefined after reporting a misuse. */
export function queueInit(ip: Interp, dtype: DType, arg: ArgVal | undefined, callSpan: A.Span): InitSpec | undefined {
  if (arg && arg.value.k !== "init") {
    expectKind(ip, arg.value, "an initialiser, given by name (`init: unit_normal`)", arg.span);
    return undefined;
  }
  const spec = arg?.value.k === "init" ? arg.value.spec : UNIT_ROWS;
  if (REAL.has(dtype) || wholeNumbers(spec)) return spec;
  ip.report(say(Diag.ArgumentType, "queueInitDtype", { dtype, init: spec.kind, given: arg ? "" : " (the default)" }), arg?.span ?? callSpan);
  return undefined;
}
