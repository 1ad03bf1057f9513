// Parameter groups: each group pattern matches at least one parameter, and groups do not
// overlap (a breakdown must add up to the total; a parameter in two groups is counted in the
// first and reported).
import type { Span } from "../../../grammar/ast.js";
import { Diag } from "../../diagnostics/catalog.js";
import { say } from "../../diagnostics/template.js";
import type { Interp } from "../interp.js";
import { whereItStops, type Pattern } from "../patterns.js";

export function reportEmptyGroup(ip: Interp, group: string, p: Pattern, names: readonly string[]): void {
  const near = whereItStops(p, names);
  ip.report(say(Diag.GroupPatternEmpty, "noMatch", { group, pattern: p.text }), p.span, {
    hint: near,
  });
}

export function reportGroupOverlap(ip: Interp, group: string, other: string, count: number, example: string, span: Span): void {
  ip.report(say(Diag.GroupOverlap, "overlap", { group, other, count, example }), span);
}
