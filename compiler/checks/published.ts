// Published figures: a `published` statement is a claim that the spec reproduces a number from
// a paper or a release — the learned parameters it counts (over the given patterns, or all)
// come within its tolerance of the stated value. Its patterns match something; its value and
// tolerance are non-negative numbers. A claim that does not hold is a warning: the spec or the
// figure is wrong, and a reviewer should see which.
import type { Span } from "../../grammar/ast.js";
import { Diag } from "../diagnostics/catalog.js";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { Interp } from "../elaborate/interp.js";
import { whereItStops, type Pattern } from "../elaborate/patterns.js";
import { describe, numberOf, type Value } from "../elaborate/values.js";
import type { IrGraph, IrPublished } from "../ir/types.js";
import { countOf, paramTotals } from "../analysis/params.js";

export function publishedNumber(ip: Interp, v: Value, span: Span, what: string): number | undefined {
  if (v.k === "error") return undefined;
  const n = numberOf(v);
  if (n === undefined || !(n >= 0) || !Number.isFinite(n)) {
    ip.report(Diag.ArgumentType, `a published figure's ${what} must be a non-negative number, but is ${describe(v)}`, span);
    return undefined;
  }
  return n;
}

export function reportEmptyPublished(ip: Interp, name: string, p: Pattern, names: readonly string[]): void {
  const near = whereItStops(p, names);
  ip.report(Diag.PublishedPatternEmpty, `published figure \`${name}\`: \`${p.text}\` matches no learned parameter`, p.span, {
    hint: near,
  });
}

/** The count a published figure is compared with. */
export function countedFor(ir: IrGraph, p: IrPublished): bigint {
  return p.params ? countOf(ir, p.params) : paramTotals(ir).total;
}

export function publishedHolds(ir: IrGraph, p: IrPublished): boolean {
  return Math.abs(Number(countedFor(ir, p)) - p.value) <= p.tolerance;
}

const fmt = (n: number | bigint): string => n.toLocaleString("en-US");

export function checkPublished(ir: IrGraph): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const p of ir.published) {
    if (publishedHolds(ir, p)) continue;
    const counted = countedFor(ir, p);
    const scope = p.params ? `over ${p.over.join(", ")}` : "in total";
    const claim = p.tolerance ? `${fmt(p.value)} ± ${fmt(p.tolerance)}` : fmt(p.value);
    out.push(
      diagnostic(Diag.PublishedMismatch, `published figure \`${p.name}\` is ${claim}, but the spec has ${fmt(counted)} parameters ${scope} (off by ${fmt(Number(counted) - p.value)})`, p.span, {
        hint: "check the configuration against the source, or what the published figure includes (`over …`)",
      }),
    );
  }
  return out;
}
