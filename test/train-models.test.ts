// Every model's `tiny` variant trains from the CLI, for each of its stages: 30 steps on WASM on
// one fixed synthetic batch, and every objective's loss falls (an overfitting check — the mean of
// the last five steps is below the mean of the first five). A stage that trains nothing (BLIP's
// `bootstrap`, which only captions and filters) is refused with VLM6401.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compileFile } from "../compiler/compile.js";
import { cli, cliDiagnostics, expectGolden } from "./harness.js";

const dir = mkdtempSync(path.join(tmpdir(), "vlmc-train-models-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MODELS = ["clip", "blip", "albef", "vilt", "vlmo", "coca", "beit3"];

/** Per objective: mean of the first and of the last five logged losses. */
function trend(csv: string): Record<string, [number, number]> {
  const [head, ...rows] = csv.trim().split("\n");
  const cols = head!.split(",");
  const objectives = cols.slice(3, cols.indexOf("grad_norm"));
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  return Object.fromEntries(
    objectives.map((o) => {
      const i = cols.indexOf(o);
      const v = rows.map((r) => Number(r.split(",")[i]));
      return [o, [mean(v.slice(0, 5)), mean(v.slice(-5))]];
    }),
  );
}

describe("every model's tiny variant trains, stage by stage", () => {
  for (const model of MODELS) {
    const ir = compileFile(`specs/models/${model}.vlm`, { variant: "tiny" }).ir!;
    const stages = ir.stages.length ? ir.stages.map((s) => s.name) : [undefined];
    for (const stage of stages) {
      const trains = stage === undefined || ir.stages.find((s) => s.name === stage)!.objectives.length > 0;
      it(`${model}${stage ? ` stage ${stage}` : ""}: ${trains ? "every objective's loss falls over 30 steps" : "refused: trains nothing"}`, async () => {
        const out = path.join(dir, `${model}-${stage ?? "all"}`);
        const args = ["train", `specs/models/${model}.vlm`, "--variant", "tiny", "--steps", "30", "--batch", "2", "--lr", "1e-3", "--schedule", "constant", "--data", "synthetic:fixed", "--out", out, ...(stage ? ["--stage", stage] : [])];
        if (!trains) {
          const { code, diagnostics } = await cliDiagnostics(...args);
          expect(code).toBe(1);
          expectGolden(`test/fixtures/run-errors/train_nothing_to_train.golden.json`, diagnostics);
          return;
        }
        const r = await cli(...args);
        expect(r.code, r.err).toBe(0);
        for (const [objective, [first, last]] of Object.entries(trend(readFileSync(path.join(out, "log.csv"), "utf8")))) {
          expect(last, `${model} ${stage ?? ""} ${objective}: ${first} → ${last}`).toBeLessThan(first);
        }
      });
    }
  }
});
