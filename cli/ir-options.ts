// The options that name something in a model — `--stage NAME` and `--dim NAME=…` — checked
// against the model's IR, on every command that builds one. An option that names nothing would
// otherwise be ignored silently (a typo in `--dim Q=3` leaves the count at its default), so it is
// a usage error (exit 2) with the names that would fit.
import { Diag } from "../compiler/diagnostics/catalog.js";
import { phrase, say } from "../compiler/diagnostics/template.js";
import { diagnostic, type Diagnostic } from "../compiler/diagnostics/diagnostic.js";
import { didYouMean } from "../compiler/diagnostics/suggest.js";
import type { IrGraph } from "../compiler/ir/types.js";
import type { CliArgs } from "./args.js";

/** The symbols a model's inputs are declared over (B, T, …): what `--dim` can bind. */
export function inputSymbols(ir: IrGraph): Set<string> {
  const out = new Set<string>();
  for (const i of ir.inputs) for (const d of ir.nodes[i.node]!.type.shape) for (const s of d.symbols()) out.add(s);
  return out;
}

export function checkIrOptions(args: Pick<CliArgs, "stage" | "dims">, ir: IrGraph): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (args.stage !== undefined && !ir.stages.some((s) => s.name === args.stage)) {
    const names = ir.stages.map((s) => s.name);
    out.push(
      diagnostic(say(Diag.UnknownStage, "noStage", { model: ir.model, stage: args.stage }), undefined, {
        hint: names.length
          ? (didYouMean(args.stage, names) ?? phrase(Diag.UnknownStage, "stagesHint", { names: names.join(", ") }))
          : phrase(Diag.UnknownStage, "noStagesHint"),
      }),
    );
  }
  const symbols = inputSymbols(ir);
  for (const name of Object.keys(args.dims)) {
    if (symbols.has(name)) continue;
    const known = [...symbols].sort();
    out.push(
      diagnostic(say(Diag.UnknownDim, "noDim", { name, model: ir.model }), undefined, {
        hint: known.length ? phrase(Diag.UnknownDim, "dimsHint", { names: known.join(", ") }) : phrase(Diag.UnknownDim, "noDimsHint"),
      }),
    );
  }
  return out;
}
