// Every broken spec under test/fixtures/errors/ reports exactly the diagnostics in its golden
// file (code, severity, file, line, column, message, related notes, hint), and renders on stderr
// exactly as its text baseline NAME.golden.txt shows (location, source line, carets, notes,
// hint) — the form a user reads, reviewable as a diff. A first line `# vlmc: summary --stage x`
// runs that command instead of `check`. Regenerate with UPDATE_GOLDENS=1 and review the diff.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Diag } from "../compiler/diagnostics/catalog.js";
import { cli, cliDiagnostics, expectGolden } from "./harness.js";

const DIR = "test/fixtures/errors";
const RUN_DIR = "test/fixtures/run-errors";
const fixtures = readdirSync(DIR)
  .filter((f) => f.endsWith(".vlm"))
  .sort();

function commandFor(file: string): string[] {
  const first = readFileSync(file, "utf8").split("\n")[0] ?? "";
  const m = /^#\s*vlmc:\s*(.*)$/.exec(first);
  if (!m) return ["check", file];
  const [command, ...rest] = m[1]!.trim().split(/\s+/);
  return [command!, file, ...rest];
}

describe("error fixtures", () => {
  it("there are at least 40", async () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(40);
  });

  for (const f of fixtures) {
    it(f, async () => {
      const file = `${DIR}/${f}`;
      const { code, diagnostics } = await cliDiagnostics(...commandFor(file));
      expect(diagnostics.length, "a broken spec must report something").toBeGreaterThan(0);
      expect(code, "exit code").not.toBe(0);
      expectGolden(file.replace(/\.vlm$/, ".golden.json"), diagnostics);
    });
  }

  for (const f of fixtures) {
    it(`${f} as rendered on stderr`, async () => {
      const file = `${DIR}/${f}`;
      const run = await cli(...commandFor(file));
      expect(run.code, "exit code").not.toBe(0);
      expectGolden(file.replace(/\.vlm$/, ".golden.txt"), run.err);
    });
  }

  it("every diagnostic code in the catalog has a fixture", async () => {
    const seen = new Set<string>();
    const goldens = [
      ...fixtures.map((f) => `${DIR}/${f.replace(/\.vlm$/, ".golden.json")}`),
      // Refused runs (bad inputs, checkpoints, memory), written by test/cli-run.test.ts.
      ...readdirSync(RUN_DIR).filter((f) => f.endsWith(".golden.json")).map((f) => `${RUN_DIR}/${f}`),
    ];
    for (const file of goldens) {
      const golden = JSON.parse(readFileSync(file, "utf8")) as { code: string }[];
      for (const d of golden) seen.add(d.code);
    }
    const missing = Object.values(Diag)
      .map((k) => k.code)
      .filter((c) => !seen.has(c));
    expect(missing).toEqual([]);
  });
});
