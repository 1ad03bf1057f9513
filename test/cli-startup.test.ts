// Start-up cost, guarded without timing anything: what `vlmc --version` and `vlmc check` load is
// decided by their static import graphs (dynamic `import()` is how commands load lazily), so this
// test walks those graphs from the source and asserts what they must not reach. A timed test would
// be flaky on a loaded machine; an import that drags TensorFlow.js or the whole compiler into
// `--version` is the regression that matters, and it shows here whatever the machine.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { CstParser } from "../grammar/chevrotain.js";

const ROOT = path.resolve(import.meta.dirname, "..");

interface StaticImports {
  readonly files: ReadonlySet<string>;
  readonly packages: ReadonlySet<string>;
}

/** Specifiers a module loads when it is evaluated: `import type` and `import()` excluded. */
function loadedSpecifiers(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, false);
  const out: string[] = [];
  for (const st of source.statements) {
    if (ts.isImportDeclaration(st) && !st.importClause?.isTypeOnly && ts.isStringLiteral(st.moduleSpecifier)) out.push(st.moduleSpecifier.text);
    if (ts.isExportDeclaration(st) && !st.isTypeOnly && st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier)) out.push(st.moduleSpecifier.text);
  }
  return out;
}

/** The static import closure of source files (relative to the repository root). */
function staticImports(...entries: string[]): StaticImports {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    for (const spec of loadedSpecifiers(path.join(ROOT, file))) {
      if (spec.startsWith("node:")) continue;
      if (!spec.startsWith(".")) {
        packages.add(spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]!);
        continue;
      }
      const target = path.relative(ROOT, path.resolve(path.dirname(path.join(ROOT, file)), spec.replace(/\.js$/, ".ts")));
      if (existsSync(path.join(ROOT, target))) visit(target);
    }
  };
  for (const e of entries) visit(e);
  return { files, packages };
}

const HEAVY_PACKAGES = ["@tensorflow/tfjs", "@tensorflow/tfjs-core", "@tensorflow/tfjs-node-gpu", "ts-morph", "prettier", "@huggingface/tokenizers"];

describe("start-up loads only what a command uses", () => {
  it("`vlmc --version` (cli/run.ts) loads neither the compiler nor any heavy package", () => {
    const graph = staticImports("cli/run.ts");
    expect(graph.files.has("cli/main.ts")).toBe(true);
    // No package at all: chevrotain (the parser) and everything after it come in with a command.
    expect([...graph.packages]).toEqual([]);
    expect([...graph.files].filter((f) => /^(grammar|runtime)\/|^compiler\/(compile|resolve|elaborate|checks|analysis)/.test(f))).toEqual([]);
  });

  it("`vlmc check` loads the compiler but not the runtime, TensorFlow.js, ts-morph or prettier", () => {
    const graph = staticImports("cli/run.ts", "cli/commands/check.ts", "compiler/compile.ts");
    expect(graph.files.has("grammar/parser.ts")).toBe(true);
    expect([...graph.packages].filter((p) => HEAVY_PACKAGES.includes(p))).toEqual([]);
    expect([...graph.files].filter((f) => f.startsWith("runtime/"))).toEqual([]);
  });

  it("chevrotain's values come only through grammar/chevrotain.ts (one copy, loaded from its bundle)", () => {
    const importers: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
        const rel = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (!/^test\/(output|fixtures|specs)$/.test(rel)) walk(rel);
        } else if (rel.endsWith(".ts") && loadedSpecifiers(path.join(ROOT, rel)).includes("chevrotain")) importers.push(rel);
      }
    };
    for (const dir of ["grammar", "compiler", "cli", "runtime", "bench", "tools", "test"]) if (existsSync(path.join(ROOT, dir))) walk(dir);
    // grammar/chevrotain.ts itself loads it with import(), which is not counted here.
    expect(importers).toEqual([]);
  });

  it("grammar/chevrotain.ts hands out the bundle's classes, not the slow unbundled build's", async () => {
    const entry = createRequire(import.meta.url).resolve("chevrotain");
    const bundle = (await import(pathToFileURL(path.join(path.dirname(entry), "..", "chevrotain.mjs")).href)) as typeof import("chevrotain");
    expect(CstParser).toBe(bundle.CstParser);
  });
});
