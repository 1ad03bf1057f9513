// Published figures: a `published` statement is a claim that the spec reproduces a number from
// a paper or a release — the learned parameters it counts (over the given patterns, or all)
// come within its tolerance of the stated value. A claim that does not hold is a warning: the
// spec or the figure is wrong, and a reviewer should see which. (A pattern that matches nothing
// or a negative figure is reported while elaborating: compiler/elaborate/report/published.ts.)
import { Diag } from "../diagnostics/catalog.js";
import { phrase, say } from "../diagnostics/template.js";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { countedFor, publishedHolds } from "../ir/params.js";
import type { IrGraph } from "../ir/types.js";

const fmt = (n: number | bigint): string => n.toLocaleString("en-US");

export function checkPublished(ir: IrGraph): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const p of ir.published) {
    if (publishedHolds(ir, p)) continue;
    const counted = countedFor(ir, p);
    const scope = p.params ? phrase(Diag.PublishedMismatch, "over", { names: p.over.join(", ") }) : phrase(Diag.PublishedMismatch, "total");
    const claim = p.tolerance ? phrase(Diag.PublishedMismatch, "tolerance", { value: fmt(p.value), tolerance: fmt(p.tolerance) }) : fmt(p.value);
    out.push(
      diagnostic(say(Diag.PublishedMismatch, "mismatch", { name: p.name, claim, counted: fmt(counted), scope, off: fmt(Number(counted) - p.value) }), p.span),
    );
  }
  return out;
}
