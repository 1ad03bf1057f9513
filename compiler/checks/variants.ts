// Variants and overrides: `--variant V` names a declared variant; a variant and a `-D name=value`
// override set only declared hyperparameters, and an override's value is a number, bool or
// string.
import type * as A from "../../grammar/ast.js";
import { Diag } from "../diagnostics/catalog.js";
import type { Interp } from "../elaborate/interp.js";
import { int, type Value } from "../elaborate/values.js";
import { didYouMean } from "./suggest.js";

export function reportUnknownVariant(ip: Interp, name: string, model: A.ModelDecl, available: readonly string[]): void {
  ip.report(Diag.UnknownVariant, `model ${model.name.name} has no variant \`${name}\``, model.name.span, {
    hint: available.length ? `${didYouMean(name, available) ?? ""} variants: ${available.join(", ")}`.trim() : "this model declares no variants",
  });
}

export function checkVariantEntries(ip: Interp, variants: readonly A.VariantStmt[], hypers: ReadonlySet<string>): void {
  for (const v of variants) {
    for (const e of v.entries) {
      if (hypers.has(e.name.name)) continue;
      ip.report(Diag.VariantUnknownHyper, `variant \`${v.name.name}\` sets \`${e.name.name}\`, which is not a hyperparameter`, e.name.span, {
        hint: didYouMean(e.name.name, hypers) ?? "declare it with `hyper` first",
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

export function checkOverrides(ip: Interp, overrides: Readonly<Record<string, string>>, hypers: ReadonlySet<string>, model: A.ModelDecl): boolean {
  let ok = true;
  for (const name of Object.keys(overrides)) {
    if (hypers.has(name)) continue;
    ok = false;
    ip.report(Diag.BadOverride, `-D ${name}: model ${model.name.name} has no hyperparameter \`${name}\``, undefined, {
      hint: didYouMean(name, hypers) ?? `its hyperparameters: ${[...hypers].join(", ")}`,
    });
  }
  return ok;
}
