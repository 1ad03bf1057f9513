// Every input gets an answer (issue 11): counts past 2^53 stay exact, repeat counts are
// validated, options that name nothing are refused, and hostile files (huge, binary, empty, a
// directory, non-ASCII names) get one coded diagnostic each instead of a crash or a flood.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cli, cliDiagnostics, expectGolden } from "./harness.js";

const dir = mkdtempSync(join(tmpdir(), "vlmc-inputs-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface SummaryJson {
  params: { total: number };
  flops: { total: number };
  exact?: Record<string, string>;
}

describe("numbers never overflow", () => {
  it("summary --dim B=1000000 gives the FLOP total exactly, past 2^53", async () => {
    const r = await cli("summary", "specs/models/clip.vlm", "--dim", "B=1000000", "--json");
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out) as SummaryJson;
    const exact = BigInt(s.exact!["flops"]!);
    expect(exact > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    // FLOPs are a polynomial in B; at B = 1 the count fits a number, so the exact value must be
    // at least 10^6 times it (the B^2 terms of attention add more).
    const one = JSON.parse((await cli("summary", "specs/models/clip.vlm", "--json")).out) as SummaryJson;
    expect(exact >= BigInt(one.flops.total) * 1_000_000n - 1_000_000n).toBe(true);
    const text = await cli("summary", "specs/models/clip.vlm", "--dim", "B=1000000");
    expect(text.out).toContain(`(${exact.toLocaleString("en-US")})`);
  });

  it("a 10^8-wide model gives a summary with exact totals, not an internal error", async () => {
    const r = await cli("summary", "specs/models/clip.vlm", "-D", "vision_width=100000000", "-D", "vision_heads=16", "--json");
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out) as SummaryJson;
    const total = BigInt(s.exact!["total"]!);
    // 12 pre-LN layers of 12·w² + 13·w, with w = 10^8, dominate; the rest is text tower and heads.
    const w = 100_000_000n;
    expect(total > 12n * (12n * w * w)).toBe(true);
    // The number field is the nearest double to the exact count.
    expect(s.params.total).toBe(Number(total));
  });

  it("a hyperparameter too large for a dimension is a coded error", async () => {
    const spec = join(dir, "wide.vlm");
    writeFileSync(spec, 'import "std/nn.vlm"\nmodel M {\n  hyper width = 10000000 * 10000000 * 1000\n  input x: f32[B, 4, width]\n  y = x\n}\n');
    const { code, diagnostics } = await cliDiagnostics("summary", spec);
    expect(code).toBe(1);
    expect(diagnostics.map((d) => d.code)).toEqual(["VLM3006"]);
    expect((await cli("summary", "specs/models/clip.vlm", "--dim", "B=100000000000000000000")).code).toBe(2);
  });
});

describe("counts are validated", () => {
  it("-D vision_layers=-3 is an error; 0 is a plain warning, not 'never used'", async () => {
    const neg = await cliDiagnostics("check", "specs/models/clip.vlm", "-D", "vision_layers=-3");
    expect(neg.code).toBe(1);
    expect(neg.diagnostics.map((d) => d.code)).toEqual(["VLM3012"]);
    const zero = await cliDiagnostics("check", "specs/models/clip.vlm", "-D", "vision_layers=0");
    const codes = zero.diagnostics.map((d) => d.code);
    expect(codes).toContain("VLM2019");
    expect(codes).not.toContain("VLM2012");
  });
});

describe("the CLI rejects what it does not use", () => {
  it("an unknown --stage is exit 2 on every command that builds a model", async () => {
    for (const command of ["check", "summary", "ir"]) {
      const r = await cliDiagnostics(command, "specs/models/blip.vlm", "--stage", "nope");
      expect([command, r.code, r.diagnostics.map((d) => d.code)]).toEqual([command, 2, ["VLM6007"]]);
    }
    const diff = await cliDiagnostics("diff", "specs/models/clip.vlm#B32", "specs/models/clip.vlm#B16", "--stage", "nope");
    expect(diff.code).toBe(2);
  });

  it("an unknown --dim symbol is exit 2, and a known one is accepted", async () => {
    for (const command of ["check", "summary", "ir"]) {
      const r = await cliDiagnostics(command, "specs/models/clip.vlm", "--dim", "Q=3");
      expect([command, r.code, r.diagnostics.map((d) => d.code)]).toEqual([command, 2, ["VLM6009"]]);
    }
    expect((await cli("summary", "specs/models/clip.vlm", "--dim", "B=4")).code).toBe(0);
  });

  it("--variant with --all-variants, or --all-variants outside check, is a usage error", async () => {
    const both = await cli("check", "specs/models/clip.vlm", "--variant", "B16", "--all-variants", "--json");
    expect(both.code).toBe(2);
    expect((JSON.parse(both.out) as { diagnostics: { code: string }[] }).diagnostics.map((d) => d.code)).toEqual(["VLM6006"]);
    expect((await cli("summary", "specs/models/clip.vlm", "--all-variants")).code).toBe(2);
  });

  it("ir --json with errors still writes JSON", async () => {
    const r = await cli("ir", "specs/models/clip.vlm", "--dim", "Q=3", "--json");
    expect(r.code).toBe(2);
    expect((JSON.parse(r.out) as { ok: boolean }).ok).toBe(false);
  });
});

describe("large and hostile files", () => {
  it("a 50 MB file is refused by its size before lexing (VLM6010), without echoing it", async () => {
    const spec = join(dir, "huge.vlm");
    writeFileSync(spec, "a ".repeat(26_000_000));
    const r = await cli("check", spec);
    expect(r.code).toBe(2);
    expect(r.err.length).toBeLessThan(1000);
    const { diagnostics } = await cliDiagnostics("check", spec);
    expectGolden("test/fixtures/run-errors/spec_too_large.golden.json", diagnostics.map((d) => ({ code: d.code, severity: d.severity })));
  });

  it("too many tokens in a file under the size limit is VLM6010 too", async () => {
    const spec = join(dir, "tokens.vlm");
    writeFileSync(spec, "model M {\n" + "x = a + b\n".repeat(600_000) + "}\n");
    const r = await cliDiagnostics("check", spec);
    expect([r.code, r.diagnostics.map((d) => d.code)]).toEqual([2, ["VLM6010"]]);
  });

  it("brackets nested 10,000 deep get a located diagnostic", async () => {
    const spec = join(dir, "deep.vlm");
    writeFileSync(spec, `model M {\n  input x: f32[B, 4]\n  y = ${"(".repeat(10_000)}x${")".repeat(10_000)}\n}\n`);
    const r = await cliDiagnostics("check", spec);
    expect(r.code).toBe(1);
    expect(r.diagnostics[0]).toMatchObject({ code: "VLM1002", line: 3 });
  });
});

describe("empty files and directories", () => {
  it("an empty file gives exit 2 from every command", async () => {
    const spec = join(dir, "empty.vlm");
    writeFileSync(spec, "\n  \n");
    const codes: Record<string, number> = {};
    for (const command of ["check", "summary", "ir", "run", "train"]) codes[command] = (await cli(command, spec)).code;
    codes["diff"] = (await cli("diff", spec, "specs/models/clip.vlm")).code;
    expect(codes).toEqual({ check: 2, summary: 2, ir: 2, run: 2, train: 2, diff: 2 });
  });

  it("a directory given as a spec says it is a directory", async () => {
    const r = await cli("check", "specs/models");
    expect(r.code).toBe(2);
    expect(r.err).toContain("'specs/models' is a directory");
  });
});
