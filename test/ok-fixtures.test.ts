// Specs under test/fixtures/ok/ show a construct used as a researcher would: each must pass
// `vlmc check --strict` with no diagnostic at all, and run forward on the runtime (synthetic
// inputs, every free dim bound to 5), so the construct works end to end, not only in its unit
// tests. A line `# vlmc-run: ARGS` adds arguments to the run (e.g. `--dim K=3`).
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { cli } from "./harness.js";

const DIR = "test/fixtures/ok";
const fixtures = readdirSync(DIR)
  .filter((f) => f.endsWith(".vlm"))
  .sort();

function runArgs(file: string): string[] {
  const m = /^#\s*vlmc-run:\s*(.*)$/m.exec(readFileSync(file, "utf8"));
  return m ? m[1]!.trim().split(/\s+/) : [];
}

describe("fixtures that check", () => {
  for (const f of fixtures) {
    it(f, async () => {
      const file = `${DIR}/${f}`;
      const checked = await cli("check", file, "--strict", "--json");
      const diagnostics = (JSON.parse(checked.out) as { diagnostics: unknown[] }).diagnostics;
      expect(diagnostics, "diagnostics").toEqual([]);
      expect(checked.code).toBe(0);
      const ran = await cli("run", file, "--batch", "2", ...runArgs(file), "--json");
      expect(ran.err + ran.out, "run").not.toMatch(/"severity":\s*"error"/);
      expect(ran.code, ran.err || ran.out.slice(0, 2000)).toBe(0);
    });
  }
});
