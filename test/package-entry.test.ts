// The package as a user installs it: its entry point built with declarations into a scratch
// node_modules/vlmc (package.json with its `exports` map, specs/ for std), then imported by
// name from plain Node and type-checked from a TypeScript file that uses it.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(".");
const TSC = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");
let user: string;

afterAll(() => {
  if (user) rmSync(user, { recursive: true, force: true });
});

beforeAll(() => {
  user = mkdtempSync(path.join(tmpdir(), "vlmc-user-"));
  const pkg = path.join(user, "node_modules", "vlmc");
  mkdirSync(pkg, { recursive: true });
  copyFileSync(path.join(ROOT, "package.json"), path.join(pkg, "package.json"));
  symlinkSync(path.join(ROOT, "specs"), path.join(pkg, "specs"));
  // Its dependencies, where npm would install them (beside it), linked to ours.
  const deps = Object.keys((JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { dependencies: object }).dependencies);
  for (const dep of deps) {
    mkdirSync(path.dirname(path.join(user, "node_modules", dep)), { recursive: true });
    symlinkSync(path.join(ROOT, "node_modules", dep), path.join(user, "node_modules", dep));
  }
  // Only the entry point's import closure (no runtime/): what `npm run build` emits for it.
  const common = ["--module", "NodeNext", "--moduleResolution", "NodeNext", "--target", "ES2022", "--skipLibCheck", "--strict", "--types", "node"];
  execFileSync(process.execPath, [TSC, path.join(ROOT, "compiler/index.ts"), "--rootDir", ROOT, "--outDir", path.join(pkg, "dist"), "--declaration", ...common], { cwd: ROOT });
  writeFileSync(path.join(user, "package.json"), JSON.stringify({ type: "module", private: true }));
  writeFileSync(
    path.join(user, "use.ts"),
    [
      'import { check, format, renderDiagnostics, type Diagnostic } from "vlmc";',
      'const r = check({ file: "m.vlm", source: \'model M { hyper a = 1 require a > 2, "a is too small" }\' });',
      "const first: Diagnostic | undefined = r.diagnostics[0];",
      "console.log(JSON.stringify({ ok: r.ok, first: first?.code ?? null, text: format(\"model M{}\").text, rendered: renderDiagnostics(r.diagnostics, r.sources) }));",
    ].join("\n"),
  );
  // The user's folder has no @types/node of its own: lend it ours.
  execFileSync(process.execPath, [TSC, "use.ts", ...common, "--typeRoots", path.join(ROOT, "node_modules", "@types"), "--outDir", "."], { cwd: user });
}, 180_000);

describe("the published package", () => {
  it("imports by name from plain Node and runs", () => {
    const out = execFileSync(process.execPath, ["use.js"], { cwd: user, encoding: "utf8" });
    expect(JSON.parse(out)).toEqual({ ok: false, first: "VLM3004", text: "model M {}\n", rendered: expect.stringMatching(/^m\.vlm:1:\d+ - error VLM3004: .*a is too small/) });
  });

  it("exposes exactly the documented API", () => {
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", 'import("vlmc").then((m) => console.log(Object.keys(m).sort().join(",")))'], { cwd: user, encoding: "utf8" });
    expect(out.trim()).toBe("check,diagnosticToJson,elaborate,format,loadIr,parse,renderDiagnostics,serializeIr,summarize");
  });
});
