// Instance placement: instances are declared by assignment in a block or model body
// (`attn = Attention(...)`), so each has a name, a place in the hierarchy, and parameters that
// are created once. A block constructed anywhere else (inside a forward, as an argument, in
// an expression) would create parameters on every call.
import type { Span } from "../../../grammar/ast.js";
import { Diag } from "../../diagnostics/catalog.js";
import { say } from "../../diagnostics/template.js";
import type { Interp } from "../interp.js";
import type { Value } from "../values.js";

export function unnamedInstance(ip: Interp, what: string, span: Span): Value {
  return ip.report(say(Diag.UnnamedInstance, "unnamed", { block: what }), span);
}
