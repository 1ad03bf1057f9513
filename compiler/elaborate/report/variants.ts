// Variants and overrides: `--variant V` names a declared variant; a variant and a `-D name=value`
// override set only declared hyperparameters, with a value of the hyperparameter's kind (an
// int stays an int; a float accepts an int; bools and strings stay what they are).
import type * as A from "../../../grammar/ast.js";
import { Diag } from "../../diagnostics/catalog.js";
import { phrase, say } from "../../diagnostics/template.js";
import type { Interp } from "../interp.js";
import { describe, int, type Value } from "../values.js";
import { didYouMean } from "../../diagnostics/suggest.js";

export function reportUnknownVariant(ip: Interp, name: string, model: A.ModelDecl, available: readonly string[]): void {
  ip.report(say(Diag.UnknownVariant, "noVariant", { model: model.name.name, name }), model.name.span, {
    hint: available.length
      ? phrase(Diag.UnknownVariant, "variantsHint", { suggestion: didYouMean(name, available) ?? "", variants: available.join(", ") }).trim()
      : phrase(Diag.UnknownVariant, "noVariantsHint"),
  });
}

export function checkVariantEntries(ip: Interp, variants: readonly A.VariantStmt[], hypers: ReadonlySet<string>): void {
  for (const v of variants) {
    for (const e of v.entries) {
      if (hypers.has(e.name.name)) continue;
      ip.report(say(Diag.VariantUnknownHyper, "notHyper", { variant: v.name.name, name: e.name.name }), e.name.span, {
        hint: didYouMean(e.name.name, [...hypers].filter((h) => !v.entries.some((x) => x.name.name === h))) ?? phrase(Diag.VariantUnknownHyper, "declareHint"),
      });
    }
  }
}

/** The value of `-D name=text`: an int, a float, true/false, or else a string. */
export function parseOverride(text: string): Value {
  const t = text.trim();
  if (/^-?[0-9][0-9_]*$/.test(t)) {
    const n = Number(t.replace(/_/g, ""));
    if (Number.isSafeInteger(n)) return int(n);
  }
  if (/^-?[0-9.]+(e[-+]?[0-9]+)?$/i.test(t) && Number.isFinite(Number(t))) return { k: "float", v: Number(t) };
  if (t === "true" || t === "false") return { k: "bool", v: t === "true" };
  return { k: "str", v: t };
}

/** Can `v` replace the hyperparameter whose declared value is `base`? */
export function sameHyperKind(base: Value, v: Value): boolean {
  if (base.k === "error" || v.k === "error") return true;
  if (base.k === "float") return v.k === "float" || v.k === "int";
  return base.k === v.k;
}

function kindName(v: Value): string {
  return v.k === "int" ? "an int" : v.k === "float" ? "a float" : v.k === "bool" ? "a bool" : v.k === "str" ? "a string" : describe(v);
}

export function reportOverrideKind(ip: Interp, name: string, base: Value, value: string): void {
  const intHint = /^-?[0-9_]+$/.test(value.trim()) ? "intRangeHint" : "intHint";
  ip.report(say(Diag.BadOverride, "kind", { name, value, expected: kindName(base) }), undefined, {
    hint: base.k === "int" ? phrase(Diag.BadOverride, intHint) : base.k === "bool" ? phrase(Diag.BadOverride, "boolHint") : undefined,
  });
}

export function reportVariantKind(ip: Interp, variant: string, entry: A.HyperEntry, base: Value, v: Value): void {
  ip.report(say(Diag.ArgumentType, "variantKind", { variant, name: entry.name.name, got: describe(v), expected: kindName(base) }), entry.value.span, {
    hint: base.k === "int" && v.k === "float" ? phrase(Diag.ArgumentType, "decimalHint") : undefined,
  });
}

export function checkOverrides(ip: Interp, overrides: Readonly<Record<string, string>>, hypers: ReadonlySet<string>, model: A.ModelDecl): boolean {
  let ok = true;
  for (const name of Object.keys(overrides)) {
    if (hypers.has(name)) continue;
    ok = false;
    ip.report(say(Diag.BadOverride, "unknown", { name, model: model.name.name }), undefined, {
      hint: didYouMean(name, hypers) ?? phrase(Diag.BadOverride, "hypersHint", { names: [...hypers].join(", ") }),
    });
  }
  return ok;
}
