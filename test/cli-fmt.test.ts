// `vlmc fmt`: rewrites only files that change, --check lists them (exit 1) and writes nothing,
// a spec with syntax errors is reported and left untouched (exit 1), a missing path is exit 2.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { cli, cliDiagnostics, expectGolden, portable } from "./harness.js";

const MESSY = "model M {\n    hyper a=1\n  input x: f32[B, a]\n  y = x*2\n}\n";
const CLEAN = "model M {\n  hyper a = 1\n  input x: f32[B, a]\n  y = x * 2\n}\n";

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "vlmc-fmt-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

describe("vlmc fmt", () => {
  it("--check lists unformatted files, exits 1 and writes nothing", async () => {
    const dir = folder({ "messy.vlm": MESSY, "clean.vlm": CLEAN });
    const before = statSync(path.join(dir, "messy.vlm")).mtimeMs;
    const r = await cli("fmt", dir, "--check");
    expect(r.code).toBe(1);
    expect(r.out).toBe(`${path.join(dir, "messy.vlm")}\n`);
    expect(r.err).toMatch(/1 file is not formatted/);
    expect(readFileSync(path.join(dir, "messy.vlm"), "utf8")).toBe(MESSY);
    expect(statSync(path.join(dir, "messy.vlm")).mtimeMs).toBe(before);
    expect((await cli("fmt", path.join(dir, "clean.vlm"), "--check")).code).toBe(0);
  });

  it("rewrites the files that change, only those, and leaves no temporary file", async () => {
    const dir = folder({ "messy.vlm": MESSY, "clean.vlm": CLEAN });
    const cleanBefore = statSync(path.join(dir, "clean.vlm")).mtimeMs;
    const r = await cli("fmt", path.join(dir, "messy.vlm"), path.join(dir, "clean.vlm"));
    expect(r.code).toBe(0);
    expect(r.out).toBe(`formatted ${path.join(dir, "messy.vlm")}\n`);
    expect(readFileSync(path.join(dir, "messy.vlm"), "utf8")).toBe(CLEAN);
    expect(statSync(path.join(dir, "clean.vlm")).mtimeMs).toBe(cleanBefore);
    expect(readdirSync(dir).sort()).toEqual(["clean.vlm", "messy.vlm"]);
    expect((await cli("fmt", dir, "--check")).code).toBe(0);
  });

  it("reports a spec with syntax errors and leaves it untouched", async () => {
    const broken = "model M {\n    x = = 1\n}\n";
    const dir = folder({ "broken.vlm": broken });
    const r = await cli("fmt", path.join(dir, "broken.vlm"));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/broken\.vlm:2:9 - error VLM1002/);
    expect(readFileSync(path.join(dir, "broken.vlm"), "utf8")).toBe(broken);
  });

  it("--json reports the unformatted files and diagnostics", async () => {
    const dir = folder({ "messy.vlm": MESSY });
    const r = await cli("fmt", dir, "--check", "--json");
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({ ok: false, check: true, unformatted: [path.join(dir, "messy.vlm")], formatted: [], diagnostics: [] });
  });

  it("a file it cannot write is VLM6020 (exit 2), and stays as it was", async () => {
    const dir = folder({ "messy.vlm": MESSY });
    // The temporary file's name taken by a folder: writing it fails, as on a read-only disk.
    mkdirSync(path.join(dir, `.messy.vlm.${process.pid}.vlmc-fmt`));
    const { code, diagnostics } = await cliDiagnostics("fmt", path.join(dir, "messy.vlm"));
    expect(code).toBe(2);
    expect(readFileSync(path.join(dir, "messy.vlm"), "utf8")).toBe(MESSY);
    const goldenForm = portable(diagnostics, dir);
    expectGolden("test/fixtures/run-errors/fmt_write.golden.json", goldenForm);
  });

  it("a missing file is an I/O error (exit 2); no file at all is a usage error", async () => {
    const r = await cli("fmt", "no/such/spec.vlm", "--json");
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out).diagnostics[0].code).toBe("VLM6001");
    expect((await cli("fmt")).code).toBe(2);
  });
});
