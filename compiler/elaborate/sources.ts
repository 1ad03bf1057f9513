// Evaluating an input's `from` clause. The data sources of compiler/ir/sources.ts are in scope
// there (as initialisers are inside `init`), over the model's own names, so arguments may use
// hyperparameters and a condition may choose between sources; one whose arguments all have
// defaults may be written bare (`from caption`). The result carries every argument, defaults
// filled in, so the IR says exactly how the data is prepared.
import type * as A from "../../grammar/ast.js";
import { matchArguments, type ArgVal } from "./report/call-arguments.js";
import { checkSourceArgs, reportBareSource, reportNotASource, sourceArgValue } from "./report/input-sources.js";
import { SOURCES } from "../ir/sources.js";
import type { IrSource, SourceValue } from "../ir/types.js";
import { Env } from "./env.js";
import type { Interp } from "./interp.js";
import { evalExpr } from "./expr.js";
import { ERROR, type Value } from "./values.js";

const PREFIX = "source:";

/** The builtin name a source is bound to inside `from`. */
export function isSourceBuiltin(name: string): boolean {
  return name.startsWith(PREFIX);
}

function frozen(kind: string, args: Record<string, SourceValue>): IrSource {
  return Object.freeze({ kind, args: Object.freeze(args) });
}

/** `image(mean: …, std: …)` inside `from`: matches and checks the arguments. */
export function sourceCall(ip: Interp, builtin: string, args: readonly ArgVal[], span: A.Span): Value {
  const def = SOURCES.get(builtin.slice(PREFIX.length))!;
  const m = matchArguments(ip, def.args.map((a) => ({ name: a.name, required: a.default === undefined })), args, def.kind, span);
  if (!m) return ERROR;
  const values: Record<string, SourceValue> = {};
  const spans = new Map<string, A.Span>();
  let ok = true;
  for (const a of def.args) {
    const given = m.get(a.name);
    if (!given) {
      values[a.name] = a.default!;
      continue;
    }
    const v = sourceArgValue(ip, def, a, given.value, given.span);
    if (v === undefined) ok = false;
    else values[a.name] = v;
    spans.set(a.name, given.span);
  }
  if (!ok || !checkSourceArgs(ip, def, values, spans, span)) return ERROR;
  return { k: "source", spec: frozen(def.kind, values) };
}

/** Evaluates a `from` clause: the source with all its arguments, or undefined after reporting. */
export function evalSource(ip: Interp, e: A.Expr, env: Env): IrSource | undefined {
  const scope = new Env(env);
  for (const kind of SOURCES.keys()) scope.set(kind, { k: "builtin", name: PREFIX + kind });
  const v = evalExpr(ip, e, scope);
  if (v.k === "source") return v.spec;
  if (v.k === "builtin" && isSourceBuiltin(v.name)) {
    const def = SOURCES.get(v.name.slice(PREFIX.length))!;
    if (def.args.some((a) => a.default === undefined)) {
      reportBareSource(ip, def, e.span);
      return undefined;
    }
    return frozen(def.kind, Object.fromEntries(def.args.map((a) => [a.name, a.default!])));
  }
  reportNotASource(ip, v, e.span);
  return undefined;
}
