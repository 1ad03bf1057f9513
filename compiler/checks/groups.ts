// Parameter groups: each group pattern matches at least one parameter, and groups do not
// overlap (a breakdown must add up to the total; a parameter in two groups is counted in the
// first and reported).
import type { Span } from "../../grammar/ast.js";
import { Diag } from "../diagnostics/catalog.js";
import type { Interp } from "../elaborate/interp.js";
import { whereItStops, type Pattern } from "../elaborate/patterns.js";

export function reportEmptyGroup(ip: Interp, group: string, p: Pattern, names: readonly string[]): void {
  const near = whereItStops(p, names);
  ip.report(Diag.GroupPatternEmpty, `group \`${group}\`: \`${p.text}\` matches no parameter`, p.span, {
    hint: near,
  });
}

export function reportGroupOverlap(ip: Interp, group: string, other: string, count: number, example: string, span: Span): void {
  ip.report(Diag.GroupOverlap, `group \`${group}\` overlaps group \`${other}\` in ${count} parameter${count === 1 ? "" : "s"} (e.g. \`${example}\`); they count in \`${other}\``, span, {
    hint: "narrow the patterns so that every parameter is in at most one group",
  });
}
