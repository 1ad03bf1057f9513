// Share patterns: a `share A with B except C` names something real. A matches at least one
// parameter, every exception excludes at least one, A and B use the same wildcards, every
// parameter A matches has a counterpart in B, and no parameter is shared twice or with itself.
import type { Span } from "../../grammar/ast.js";
import { Diag } from "../diagnostics/catalog.js";
import type { Interp } from "../elaborate/interp.js";
import { whereItStops, type Pattern } from "../elaborate/patterns.js";

export function reportEmptyPattern(ip: Interp, p: Pattern, names: readonly string[], role: "share" | "except" | "tie"): void {
  const near = whereItStops(p, names);
  const what = role === "except" ? "this exception excludes nothing the share pattern matched" : `\`${p.text}\` matches no parameter`;
  ip.report(Diag.SharePatternEmpty, what, p.span, {
    hint: near ?? "no parameters are declared under this scope",
  });
}

export function reportWildcardMismatch(ip: Interp, target: Pattern, source: Pattern, tie: boolean, span: Span): void {
  const message = tie
    ? "`tie` links single parameters; its paths cannot contain `*` or `**`"
    : `the two sides of a share must use the same wildcards: \`${target.text}\` has [${target.wild.join(", ")}] but \`${source.text}\` has [${source.wild.join(", ")}]`;
  ip.report(Diag.ShareWildcards, message, span, { hint: tie ? "use `share … with …` for patterns" : "each wildcard of the first path is copied into the second" });
}

export function reportMissingCounterparts(ip: Interp, pairs: readonly [string, string][], source: Pattern): void {
  const [t, s] = pairs[0]!;
  const more = pairs.length > 1 ? ` (and ${pairs.length - 1} more)` : "";
  ip.report(Diag.ShareTargetMissing, `\`${t}\` would share with \`${s}\`, which does not exist${more}`, source.span, {
    hint: "exclude the parameters that have no counterpart with `except`, or fix the source path",
  });
}

export function reportShareConflict(ip: Interp, message: string, span: Span, earlier?: Span): void {
  ip.report(Diag.ShareConflict, message, span, {
    related: earlier ? [{ message: "it was shared here first", span: earlier }] : [],
    hint: "each parameter can be an alias of only one owner; remove one of the share statements",
  });
}
