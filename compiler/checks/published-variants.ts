// Per-variant published claims: in `published params = 149620737 for B16, L14` each name after
// `for` is a variant of the model or `default` (the configuration without a variant), and one
// figure name is claimed at most once per configuration — so a spec can state each released
// model's count on its own line instead of guarding claims with `if`. A claim without `for`
// holds everywhere; it and a `for` claim of the same name clash in every configuration the
// latter lists. (Unguarded claims of one name clash in compiler/checks/duplicate-names.ts.)
import type * as A from "../../grammar/ast.js";
import { Diag } from "../diagnostics/catalog.js";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { didYouMean } from "../diagnostics/suggest.js";
import { phrase, say } from "../diagnostics/template.js";
import { DEFAULT_CONFIGURATION } from "../ir/types.js";

/** Claims already made in this body, by figure name: `undefined` for a claim in every configuration. */
type Claimed = Map<string, Map<string | undefined, A.Span>>;

function fork(c: Claimed): Claimed {
  return new Map([...c].map(([k, v]) => [k, new Map(v)]));
}

export function checkPublishedVariants(file: A.SourceFile): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const item of file.items) {
    if (item.kind !== "ModelDecl") continue;
    const variants = item.body.flatMap((s) => (s.kind === "VariantStmt" ? [s.name.name] : []));
    const known = new Set([DEFAULT_CONFIGURATION, ...variants]);
    const walk = (stmts: readonly A.Stmt[], claimed: Claimed): void => {
      for (const s of stmts) {
        if (s.kind === "IfStmt") {
          walk(s.then, fork(claimed));
          if (s.else) walk(s.else, fork(claimed));
        }
        if (s.kind !== "PublishedStmt") continue;
        const name = s.name.name;
        const byVariant = claimed.get(name) ?? new Map<string | undefined, A.Span>();
        claimed.set(name, byVariant);
        if (!s.variants) {
          byVariant.set(undefined, s.span);
          continue;
        }
        for (const v of s.variants) {
          if (!known.has(v.name)) {
            const hint = phrase(Diag.PublishedVariant, "configurationsHint", { suggestion: didYouMean(v.name, known) ?? "", variants: [...known].join(", ") }).trim();
            out.push(diagnostic(say(Diag.PublishedVariant, "unknown", { name, variant: v.name, model: item.name.name }), v.span, { hint }));
            continue;
          }
          const previous = byVariant.get(v.name) ?? byVariant.get(undefined);
          if (previous) {
            out.push(diagnostic(say(Diag.PublishedVariant, "twice", { name, variant: v.name }), v.span, { related: [{ message: "claimed here first", span: previous }] }));
            continue;
          }
          byVariant.set(v.name, v.span);
        }
      }
    };
    walk(item.body, new Map());
  }
  return out;
}
