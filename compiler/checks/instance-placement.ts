// Instance placement: instances are declared by assignment in a block or model body
// (`attn = Attention(...)`), so each has a name, a place in the hierarchy, and parameters that
// are created once. A block constructed anywhere else (inside a forward, as an argument, in
// an expression) would create parameters on every call.
import type { Span } from "../../grammar/ast.js";
import { Diag } from "../diagnostics/catalog.js";
import type { Interp } from "../elaborate/interp.js";
import type { Value } from "../elaborate/values.js";

export function unnamedInstance(ip: Interp, what: string, span: Span): Value {
  return ip.report(Diag.UnnamedInstance, `${what}(…) creates an instance, which must be declared by assignment in a block or model body`, span, {
    hint: `declare it in the body (\`name = ${what}(…)\`) and call \`name(…)\` here`,
  });
}
