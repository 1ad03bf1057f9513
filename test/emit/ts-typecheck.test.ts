// Every variant of every model spec, generated as `vlmc compile --target ts` writes it, passes
// `tsc --strict --noEmit` (with noUnusedLocals and noUnusedParameters on top, the project's own
// bar). `vlmc/runtime` is mapped to the runtime's sources, as the package's export maps it to
// their build. One tsc run checks them all.
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { compileFile } from "../../compiler/compile.js";
import { compiled, generated, MODELS, REPO, variantsOf } from "./ts-harness.js";

const OUT = path.join(REPO, "test/output/ts-typecheck");

describe("generated TypeScript", () => {
  it("type-checks under tsc --strict for every variant of every model, and for the language's fixtures", async () => {
    rmSync(OUT, { recursive: true, force: true });
    mkdirSync(OUT, { recursive: true });
    const files: string[] = [];
    for (const model of MODELS) {
      for (const variant of variantsOf(compiled(model))) {
        const text = (await generated(compiled(model, variant), variant)).get("model.ts")!;
        const file = `${model}.${variant ?? "default"}.ts`;
        writeFileSync(path.join(OUT, file), text);
        files.push(file);
      }
    }
    const fixtures = path.join(REPO, "test/fixtures/ok");
    for (const f of readdirSync(fixtures).filter((x) => x.endsWith(".vlm"))) {
      const { front, ir } = compileFile(path.join(fixtures, f));
      const text = (await generated({ front, ir: ir!, model: front.models.find((m) => m.name.name === ir!.model)! }, undefined)).get("model.ts")!;
      const file = `fixture.${f.replace(/\.vlm$/, "")}.ts`;
      writeFileSync(path.join(OUT, file), text);
      files.push(file);
    }
    const runtime = path.relative(OUT, path.join(REPO, "runtime/api/index.ts"));
    writeFileSync(
      path.join(OUT, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          noUnusedLocals: true,
          noUnusedParameters: true,
          noImplicitOverride: true,
          noEmit: true,
          skipLibCheck: true,
          types: ["node"],
          typeRoots: [path.join(REPO, "node_modules/@types")],
          paths: { "vlmc/runtime": [runtime] },
        },
        files,
      }),
    );
    let output = "";
    try {
      execFileSync(process.execPath, [path.join(REPO, "node_modules/typescript/bin/tsc"), "-p", path.join(OUT, "tsconfig.json")], { cwd: OUT, encoding: "utf8" });
    } catch (e) {
      output = String((e as { stdout?: string }).stdout ?? e);
    }
    expect(output, output.split("\n").slice(0, 30).join("\n")).toBe("");
    expect(files.length).toBeGreaterThanOrEqual(MODELS.length * 2);
  }, 240_000);
});
