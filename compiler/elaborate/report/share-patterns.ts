// Share patterns: a `share A with B except C` names something real. A matches at least one
// parameter, every exception excludes at least one, A and B use the same wildcards, every
// parameter A matches has a counterpart in B, and no parameter is shared twice or with itself.
import type { Span } from "../../../grammar/ast.js";
import { Diag } from "../../diagnostics/catalog.js";
import { phrase, say } from "../../diagnostics/template.js";
import type { Interp } from "../interp.js";
import { whereItStops, type Pattern } from "../patterns.js";

export function reportEmptyPattern(ip: Interp, p: Pattern, names: readonly string[], role: "share" | "except" | "tie"): void {
  const near = whereItStops(p, names);
  const said = role === "except" ? say(Diag.SharePatternEmpty, "exceptNothing") : say(Diag.SharePatternEmpty, "noMatch", { pattern: p.text });
  ip.report(said, p.span, { hint: near ?? phrase(Diag.SharePatternEmpty, "emptyScopeHint") });
}

export function reportWildcardMismatch(ip: Interp, target: Pattern, source: Pattern, tie: boolean, span: Span): void {
  const said = tie
    ? say(Diag.ShareWildcards, "tieWildcards")
    : say(Diag.ShareWildcards, "different", { target: target.text, targetWild: target.wild.join(", "), source: source.text, sourceWild: source.wild.join(", ") });
  ip.report(said, span);
}

export function reportMissingCounterparts(ip: Interp, pairs: readonly [string, string][], source: Pattern): void {
  const [t, s] = pairs[0]!;
  const more = pairs.length > 1 ? phrase(Diag.ShareTargetMissing, "more", { count: pairs.length - 1 }) : "";
  ip.report(say(Diag.ShareTargetMissing, "missing", { target: t, source: s, more }), source.span);
}

/** A parameter shared with itself, twice, or in a cycle (`owner` is the other side). */
export function reportShareConflict(ip: Interp, problem: "self" | "twice" | "cycle", args: { name: string; owner: string }, span: Span, earlier?: Span): void {
  ip.report(say(Diag.ShareConflict, problem, args), span, {
    related: earlier ? [{ message: "it was shared here first", span: earlier }] : [],
    hint: phrase(Diag.ShareConflict, "oneOwnerHint"),
  });
}
