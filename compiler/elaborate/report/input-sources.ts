// Input sources: an input's `from` clause names a data source of compiler/ir/sources.ts
// (VLM5013) with arguments of the kinds and values it takes (VLM5014); what the source gives fits
// the input's declared dtype (VLM3010) and shape (VLM3011); a caption's mask and word indices
// come with an input that takes the caption at their shape (VLM5015), and the inputs drawn per
// pair share their batch axis (VLM3011). The rules themselves live in the registry, which the
// verifier applies too; this module reports them at the spec's text.
import type * as A from "../../../grammar/ast.js";
import { Diag } from "../../diagnostics/catalog.js";
import { phrase, say } from "../../diagnostics/template.js";
import type { Interp } from "../interp.js";
import { describe, numberOf, type Value } from "../values.js";
import { argProblem, pairingProblems, SOURCES, type SourceArg, type SourceDef, type SourcedInput } from "../../ir/sources.js";
import type { IrSource, SourceValue, TensorType } from "../../ir/types.js";
import { printType } from "../../../grammar/printer.js";
import { didYouMean } from "../../diagnostics/suggest.js";

const SOURCE_LIST = [...SOURCES.values()].map((d) => (d.args.some((a) => a.default === undefined) ? `${d.kind}(…)` : d.kind)).join(", ");

/** The `from` expression gave something other than a data source. */
export function reportNotASource(ip: Interp, v: Value, span: A.Span): void {
  if (v.k === "error") return;
  const hint =
    v.k === "tensor"
      ? "`from` names where the values come from in the data, not another value of the model; leave it out for an input fed otherwise"
      : `the data sources: ${SOURCE_LIST}`;
  ip.report(say(Diag.NotASource, "notSource", { got: describe(v) }), span, { hint });
}

/** A source whose required arguments are missing, written bare (`from image`). */
export function reportBareSource(ip: Interp, def: SourceDef, span: A.Span): void {
  const required = def.args.filter((a) => a.default === undefined).map((a) => a.name);
  const names = required.map((r) => `\`${r}\``).join(", ");
  ip.report(say(Diag.MissingArgument, "sourceBare", { source: def.kind, count: required.length, names, placeholders: required.map((r) => `${r}: …`).join(", ") }), span);
}

/** Converts one argument to its source value, reporting a value of the wrong kind. */
export function sourceArgValue(ip: Interp, def: SourceDef, arg: SourceArg, v: Value, span: A.Span): SourceValue | undefined {
  if (v.k === "error") return undefined;
  if (arg.kind === "choice") {
    if (v.k === "str") return v.v;
    ip.report(say(Diag.SourceArgument, "choice", { arg: arg.name, source: def.kind, choices: arg.choices!.map((c) => `"${c}"`).join(", "), got: describe(v) }), span);
    return undefined;
  }
  const numbers = v.k === "list" ? v.items.map(numberOf) : [];
  if (v.k === "list" && numbers.every((n) => n !== undefined)) return Object.freeze(numbers as number[]);
  const single = numberOf(v);
  const odd = v.k === "list" ? v.items.find((x) => numberOf(x) === undefined) : undefined;
  const got = odd ? `holds ${describe(odd)}` : `is ${describe(v)}`;
  ip.report(say(Diag.SourceArgument, "channels", { arg: arg.name, source: def.kind, got }), span, {
    hint: single !== undefined ? phrase(Diag.SourceArgument, "channelsHint", { value: single }) : arg.doc,
  });
  return undefined;
}

/** Checks the arguments' values (choices, positive deviations, equal channel counts). */
export function checkSourceArgs(ip: Interp, def: SourceDef, args: Readonly<Record<string, SourceValue>>, spans: ReadonlyMap<string, A.Span>, call: A.Span): boolean {
  const problem = argProblem(def, args);
  if (!problem) return true;
  const given = args[problem.arg];
  const arg = def.args.find((a) => a.name === problem.arg)!;
  const suggestion = arg.kind === "choice" && typeof given === "string" ? didYouMean(given, arg.choices!) : undefined;
  ip.report(say(Diag.SourceArgument, "sourceRule", { message: problem.message }), spans.get(problem.arg) ?? call, { hint: suggestion ?? problem.hint });
  return false;
}

/** Does what the source gives fit the input's declared type? */
export function checkSourceFits(ip: Interp, s: A.InputStmt, source: IrSource, type: TensorType): boolean {
  const def = SOURCES.get(source.kind)!;
  const misfit = def.fit(type, source.args);
  if (!misfit) return true;
  const args = { name: s.name.name, source: source.kind, misfit: misfit.message, expects: def.expects };
  ip.report(say(misfit.part === "dtype" ? Diag.SourceDtype : Diag.SourceShape, "misfit", args), s.source?.span ?? s.span, {
    related: [{ message: `\`${s.name.name}\` is declared ${printType(s.type)} here`, span: s.type.span }],
  });
  return false;
}

/** The sources of one model against each other, once every input is declared. */
export function checkSourcePairing(ip: Interp, sourced: readonly (SourcedInput & { readonly span: A.Span })[]): void {
  for (const p of pairingProblems(sourced)) {
    const at = sourced.find((i) => i.name === p.input)!;
    ip.report(say(p.kind === "caption" ? Diag.CaptionlessSource : Diag.SourceShape, "sourceRule", { message: p.message }), at.span, { hint: p.hint });
  }
}
