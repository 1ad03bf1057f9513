// For every model spec and variant: the summary (JSON, without the per-instance rows) matches
// its golden file, so any change in a count shows in review; and every variant but `tiny`
// declares the published figure it reproduces (`published … over …`), which holds.
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
          if (variant !== "tiny") expect(s.published.length, "the spec states the published figure it reproduces").toBeGreaterThan(0);
          for (const p of s.published) expect(p, `published ${p.name}`).toMatchObject({ holds: true });
          const { rows: _rows, ...totals } = s;
          expectGolden(`test/fixtures/summaries/${name.replace(/\.vlm$/, "")}-${variant ?? "default"}.json`, totals);
        });
      }
    }
  }
});
