// Published figures while elaborating: a `published` statement's value and tolerance are
// non-negative numbers, and each of its patterns matches a learned parameter. Whether the claim
// holds is decided on the finished IR (compiler/checks/published.ts).
import type { Span } from "../../../grammar/ast.js";
import { Diag } from "../../diagnostics/catalog.js";
import { say } from "../../diagnostics/template.js";
import type { Interp } from "../interp.js";
import { whereItStops, type Pattern } from "../patterns.js";
import { describe, numberOf, type Value } from "../values.js";

export function publishedNumber(ip: Interp, v: Value, span: Span, what: string): number | undefined {
  if (v.k === "error") return undefined;
  const n = numberOf(v);
  if (n === undefined || !(n >= 0) || !Number.isFinite(n)) {
    ip.report(say(Diag.ArgumentType, "publishedFigure", { what, got: describe(v) }), span);
    return undefined;
  }
  return n;
}

export function reportEmptyPublished(ip: Interp, name: string, p: Pattern, names: readonly string[]): void {
  const near = whereItStops(p, names);
  ip.report(say(Diag.PublishedPatternEmpty, "noMatch", { name, pattern: p.text }), p.span, {
    hint: near,
  });
}
