// `vlmc compile --target ts|js|pytorch` as a user runs it: the files it writes, what it prints, and the
// safe-output rules — a spec with errors, or what the generator cannot express, prints
// diagnostics and leaves an existing --out as it was; nothing is written outside --out.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cli } from "./harness.js";

const root = mkdtempSync(path.join(tmpdir(), "vlmc-compile-ts-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const CLIP = ["specs/models/clip.vlm", "--variant", "tiny"];

describe("vlmc compile --target ts|js", () => {
  it("writes one TypeScript module by default, and says how to use it", async () => {
    const out = path.join(root, "ts");
    const r = await cli("compile", ...CLIP, "--out", out);
    expect(r.code, r.err).toBe(0);
    expect(readdirSync(out)).toEqual(["clip.ts"]);
    expect(r.out).toContain(`wrote ${path.join(out, "clip.ts")}`);
    expect(r.out).toContain('import { CLIP } from "./clip.js"');
    const text = readFileSync(path.join(out, "clip.ts"), "utf8");
    expect(text).toContain('from "vlmc/runtime"');
    expect(text).toContain("export class VisionTransformer extends Module");
    expect(text).toContain("export const CLIPPresets");
  });

  it("writes JavaScript with declarations, importing the runtime from where it is told", async () => {
    const out = path.join(root, "js");
    const r = await cli("compile", ...CLIP, "--target", "js", "--runtime-import", "./vendor/vlmc-runtime.js", "--out", out, "--json");
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out) as { ok: boolean; target: string; files: string[] };
    expect(j.ok).toBe(true);
    expect(j.target).toBe("js");
    expect(readdirSync(out).sort()).toEqual(["clip.d.ts", "clip.js"]);
    expect(readFileSync(path.join(out, "clip.js"), "utf8")).toContain('from "./vendor/vlmc-runtime.js"');
  });

  it("leaves an existing --out untouched when the spec has errors", async () => {
    const out = path.join(root, "kept");
    mkdirSync(out);
    writeFileSync(path.join(out, "clip.ts"), "// mine\n");
    const bad = path.join(root, "bad.vlm");
    writeFileSync(bad, 'import "std/nn.vlm"\nmodel Bad {\n  input x: f32[B, 4]\n  l = Linear(5, 2)\n  y = l(x)\n}\n');
    const r = await cli("compile", bad, "--out", out);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/error VLM\d{4}/);
    expect(readdirSync(out)).toEqual(["clip.ts"]);
    expect(readFileSync(path.join(out, "clip.ts"), "utf8")).toBe("// mine\n");
  });

  it("reports what generated code cannot express at its spec line, and writes nothing", async () => {
    const out = path.join(root, "inexpressible");
    const r = await cli("compile", "test/fixtures/errors/ts_keyword_to_chosen_block.vlm", "--out", out);
    expect(r.code).toBe(1);
    expect(r.err).toContain("ts_keyword_to_chosen_block.vlm:13:20 - error VLM6508");
    expect(() => readdirSync(out)).toThrow();
  });

  it("refuses a saved IR: source targets need the spec", async () => {
    const ir = path.join(root, "clip.ir.json");
    const saved = await cli("ir", ...CLIP, "--json");
    writeFileSync(ir, saved.out);
    const r = await cli("compile", ir, "--target", "ts", "--out", path.join(root, "from-ir"));
    expect(r.code).toBe(1);
    expect(r.err).toContain("VLM6508");
    expect(r.err).toContain("is a saved IR");
  });

  it("writes a PyTorch package: model.py, vlmc's torch runtime and train.py", async () => {
    const out = path.join(root, "torch");
    const r = await cli("compile", ...CLIP, "--target", "pytorch", "--out", out);
    expect(r.code, r.err).toBe(0);
    expect(readdirSync(out).sort()).toEqual(["clip", "train.py"]);
    expect(readdirSync(path.join(out, "clip")).sort()).toEqual(["__init__.py", "model.py", "runtime"]);
    expect(readdirSync(path.join(out, "clip", "runtime"))).toContain("ops.py");
    expect(r.out).toContain("torchrun --nproc_per_node N");
    const model = readFileSync(path.join(out, "clip", "model.py"), "utf8");
    expect(model).toContain("class CLIP(rt.Model):");
    expect(model).toContain("class VisionTransformer(rt.Module):");
    expect(readFileSync(path.join(out, "train.py"), "utf8")).toContain("from clip import CLIP");
  });

  it("writes only inside --out (a module named by the model, whatever the spec file is called)", async () => {
    const before = readdirSync(root).sort();
    const out = path.join(root, "only-here");
    expect((await cli("compile", ...CLIP, "--out", out)).code).toBe(0);
    expect(readdirSync(root).sort()).toEqual([...before, "only-here"].sort());
    expect(readdirSync(out)).toEqual(["clip.ts"]);
  });
});
