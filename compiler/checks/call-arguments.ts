// Call arguments: a call gives each parameter at most once, names only parameters that exist,
// gives no more positional arguments than there are parameters, and gives every parameter
// that has no default. Applies to blocks, forwards, fns and builtins alike.
import type * as A from "../../grammar/ast.js";
import { Diag, type DiagnosticKind } from "../diagnostics/catalog.js";
import type { Interp } from "../elaborate/interp.js";
import type { Value } from "../elaborate/values.js";
import { didYouMean } from "./suggest.js";

export interface ParamSpec {
  readonly name: string;
  readonly required: boolean;
}

export interface ArgVal {
  readonly name?: A.Ident;
  readonly value: Value;
  readonly span: A.Span;
}

/** Maps arguments to parameters; undefined (after reporting) if they do not fit. */
export function matchArguments(
  ip: Interp,
  params: readonly ParamSpec[],
  args: readonly ArgVal[],
  callee: string,
  callSpan: A.Span,
  override?: DiagnosticKind,
): Map<string, ArgVal> | undefined {
  const out = new Map<string, ArgVal>();
  let ok = true;
  let positional = 0;
  for (const a of args) {
    let p: ParamSpec | undefined;
    if (a.name) {
      p = params.find((x) => x.name === a.name!.name);
      if (!p) {
        ok = false;
        ip.report(override ?? Diag.UnknownArgument, `${callee} has no parameter \`${a.name.name}\``, a.name.span, {
          hint: didYouMean(a.name.name, params.map((x) => x.name)) ?? (params.length ? `its parameters: ${params.map((x) => x.name).join(", ")}` : `${callee} takes no arguments`),
        });
        continue;
      }
    } else {
      p = params[positional++];
      if (!p) {
        ok = false;
        ip.report(override ?? Diag.TooManyArguments, `${callee} takes ${params.length} argument${params.length === 1 ? "" : "s"}, but more were given`, a.span, {
          hint: params.length ? `its parameters: ${params.map((x) => x.name).join(", ")}` : undefined,
        });
        continue;
      }
    }
    if (out.has(p.name)) {
      ok = false;
      ip.report(override ?? Diag.TooManyArguments, `${callee}: \`${p.name}\` is given twice`, a.span);
      continue;
    }
    out.set(p.name, a);
  }
  const missing = params.filter((p) => p.required && !out.has(p.name)).map((p) => p.name);
  if (missing.length > 0) {
    ok = false;
    ip.report(override ?? Diag.MissingArgument, `${callee} is missing ${missing.length === 1 ? "argument" : "arguments"} ${missing.map((m) => `\`${m}\``).join(", ")}`, callSpan);
  }
  return ok ? out : undefined;
}
