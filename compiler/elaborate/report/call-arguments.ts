// Call arguments: a call gives each parameter at most once, names only parameters that exist,
// gives no more positional arguments than there are parameters, and gives every parameter
// that has no default. Applies to blocks, forwards, fns and builtins alike.
import type * as A from "../../../grammar/ast.js";
import { Diag, type DiagnosticKind } from "../../diagnostics/catalog.js";
import { phrase, recode, say } from "../../diagnostics/template.js";
import type { Interp } from "../interp.js";
import type { Value } from "../values.js";
import { didYouMean } from "../../diagnostics/suggest.js";

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
        ip.report(recode(say(Diag.UnknownArgument, "noParameter", { callee, name: a.name.name }), override), a.name.span, {
          hint:
            didYouMean(a.name.name, params.map((x) => x.name)) ??
            (params.length ? phrase(Diag.UnknownArgument, "parametersHint", { names: params.map((x) => x.name).join(", ") }) : phrase(Diag.UnknownArgument, "noParametersHint", { callee })),
        });
        continue;
      }
    } else {
      p = params[positional++];
      if (!p) {
        ok = false;
        ip.report(recode(say(Diag.TooManyArguments, "tooMany", { callee, count: params.length }), override), a.span, {
          hint: params.length ? phrase(Diag.UnknownArgument, "parametersHint", { names: params.map((x) => x.name).join(", ") }) : undefined,
        });
        continue;
      }
    }
    if (out.has(p.name)) {
      ok = false;
      ip.report(recode(say(Diag.TooManyArguments, "givenTwice", { callee, name: p.name }), override), a.span);
      continue;
    }
    out.set(p.name, a);
  }
  const missing = params.filter((p) => p.required && !out.has(p.name)).map((p) => p.name);
  if (missing.length > 0) {
    ok = false;
    ip.report(recode(say(Diag.MissingArgument, "missing", { callee, count: missing.length, names: missing.map((m) => `\`${m}\``).join(", ") }), override), callSpan);
  }
  return ok ? out : undefined;
}
