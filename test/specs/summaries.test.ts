// For every model spec and variant: the summary (JSON, without the per-instance rows) matches
// its golden file, so any change in a count shows in review; and the total equals the published
// figure the spec declares (`published_params`, exact, or `published_params_m`, in millions as
// rounded in the paper; 0 marks a test-only variant such as `tiny`).
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { summarize } from "../../compiler/analysis/summary.js";
import { buildModel, frontEnd } from "../../compiler/compile.js";
import { hasErrors } from "../../compiler/diagnostics/diagnostic.js";
import { expectGolden } from "../harness.js";

const specs = readdirSync("specs/models")
  .filter((f) => f.endsWith(".vlm"))
  .sort();

describe("model summaries", () => {
  for (const name of specs) {
    const file = `specs/models/${name}`;
    const front = frontEnd(file);
    for (const model of front.models) {
      const variants = [undefined, ...model.body.flatMap((s) => (s.kind === "VariantStmt" ? [s.name.name] : []))];
      for (const variant of variants) {
        it(`${name} ${variant ?? "(default)"}`, () => {
          const built = buildModel(front, model, variant ? { variant } : {});
          expect(hasErrors(built.diagnostics), JSON.stringify(built.diagnostics.slice(0, 2))).toBe(false);
          expect(built.diagnostics.filter((d) => d.severity === "warning")).toEqual([]);
          const s = summarize(built.ir!);
          const exact = s.hypers["published_params"];
          const millions = s.hypers["published_params_m"];
          expect(exact !== undefined || millions !== undefined, "the spec declares its published figure").toBe(true);
          if (typeof exact === "number" && exact > 0) expect(s.params.total).toBe(exact);
          if (typeof millions === "number" && millions > 0) expect(Math.abs(s.params.total / 1e6 - millions)).toBeLessThanOrEqual(0.5 + 1e-9);
          const { rows: _rows, ...totals } = s;
          expectGolden(`test/fixtures/summaries/${name.replace(/\.vlm$/, "")}-${variant ?? "default"}.json`, totals);
        });
      }
    }
  }
});
