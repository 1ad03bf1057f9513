// The stages stand apart: every import between folders follows the table below, read from each
// .ts file's static imports, re-exports and literal `import("…")` calls (type-only imports
// included — a type from a later stage ties the stages together just as much). DESIGN.md §1:
// a stage never imports a later one, and the runtime reads the IR, never the parser. A file
// always may import its own folder; a new folder or top-level module must get a row here.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const D = "compiler/diagnostics";
const CTX = "compiler/context.ts";
const SHAPES = "compiler/shapes";
const IR = "compiler/ir";
const PRELUDE = "compiler/prelude.ts";
const RESOLVE = "compiler/resolve";
const CHECKS = "compiler/checks";
const ELAB = "compiler/elaborate";
const COMPILE = "compiler/compile.ts";
const ANALYSIS = "compiler/analysis";
const DIFF = "compiler/diff";
const EMIT = "compiler/emit";
const API = "compiler/index.ts";
const COMPILER = [D, CTX, SHAPES, IR, PRELUDE, RESOLVE, CHECKS, ELAB, COMPILE, ANALYSIS, DIFF, EMIT, API];

// prettier-ignore
/** Each folder (or top-level module) and what it may import besides itself, earliest first. */
const MAY_IMPORT: Readonly<Record<string, readonly string[]>> = {
  [D]:        [],                                                // the leaf: codes, catalog, spans, source text, rendering, suggestions
  [CTX]:      [],                                                // the outside world: files, std root, options, limits
  [SHAPES]:   [],                                                // symbolic dims and their arithmetic
  [IR]:       [D, SHAPES],                                       // the IR, the op registry and its shape rules, JSON, verifier, param counts
  grammar:    [D],                                               // text → AST, printer, formatter (spans and syntax codes from diagnostics)
  [PRELUDE]:  [IR],                                              // built-in names, taken from the op registry
  [RESOLVE]:  [D, CTX, "grammar"],                               // files and imports → modules and scopes (records clashes, reports none)
  [CHECKS]:   [D, CTX, SHAPES, IR, "grammar", PRELUDE, RESOLVE], // rules only: one list over the AST, one over the IR
  [ELAB]:     [D, CTX, SHAPES, IR, "grammar", PRELUDE, RESOLVE], // AST → IR, with report/ for what it finds on the way; never the rules
  [COMPILE]:  [D, CTX, IR, "grammar", RESOLVE, CHECKS, ELAB],    // the one place that sequences the stages
  [ANALYSIS]: [D, SHAPES, IR],                                   // params, FLOPs, summary: reads a finished IR
  [DIFF]:     [D, SHAPES, IR, ANALYSIS],                         // IR a vs IR b
  [EMIT]:     [D, SHAPES, IR, "grammar", PRELUDE, RESOLVE],      // a finished model → files for other engines: the IR (ONNX), or the checked AST's program view (TypeScript: emit/program)
  [API]:      COMPILER.filter((u) => u !== API).concat("grammar"), // the package's public entry: re-exports the front end
  runtime:    [D, SHAPES, IR, EMIT],                             // runs an IR loaded from anywhere (the ONNX backend through the emitted graph): never the parser, checks or CLI
  cli:        [...COMPILER, "grammar", "runtime"],               // the vlmc command: the top
  bin:        ["cli"],                                           // starts the built CLI
  bench:      [...COMPILER, "grammar", "runtime"],               // measures the stages; not part of the package, but no CLI
  tools:      [...COMPILER, "grammar"],                          // build tools (CST types); not part of the package
  test:       [...COMPILER, "grammar", "runtime", "cli", "bench", "tools"], // tests drive everything, the CLI included
};

/** The row a repository path belongs to: the longest key that is the path or a folder above it. */
function unitOf(file: string): string | undefined {
  let best: string | undefined;
  for (const unit of Object.keys(MAY_IMPORT)) {
    if ((file === unit || file.startsWith(unit + "/")) && (!best || unit.length > best.length)) best = unit;
  }
  return best;
}

const STATIC = /(?:^|[;\n])[ \t]*(?:import|export)\s+(?:[^;"'`]*?\bfrom\s*)?["']([^"'\n]+)["']/g;
const DYNAMIC = /\bimport\s*\(\s*["']([^"'\n]+)["']\s*\)/g;

/** Relative specifiers a source imports (packages and `import(variable)` are not ours to check). */
function importsOf(text: string): string[] {
  const code = text
    .split("\n")
    .filter((l) => !/^\s*(\/\/|\*|\/\*)/.test(l))
    .join("\n");
  return [...code.matchAll(STATIC), ...code.matchAll(DYNAMIC)].map((m) => m[1]!).filter((s) => s.startsWith("."));
}

/** Every import that breaks the table, as "file imports target (from → to)". */
function violations(sources: ReadonlyMap<string, string>, exists: (file: string) => boolean): string[] {
  const out: string[] = [];
  for (const [file, text] of sources) {
    const from = unitOf(file);
    if (!from) {
      out.push(`${file} is in no row of the table`);
      continue;
    }
    for (const spec of importsOf(text)) {
      const joined = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
      const target = [joined.replace(/\.js$/, ".ts"), joined].find(exists);
      // Not a source file here (a .vlm path in a test's spec text, a package's JSON): not an edge.
      if (!target) continue;
      const to = unitOf(target);
      if (to === from) continue;
      if (!to || !MAY_IMPORT[from]!.includes(to)) out.push(`${file} imports ${target} (${from} → ${to ?? "no row"})`);
    }
  }
  return out;
}

const ROOTS = ["grammar", "compiler", "runtime", "cli", "bin", "bench", "tools", "test"];

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((f) => {
    const p = `${dir}/${f}`;
    if (statSync(p).isDirectory()) return f === "node_modules" ? [] : sourceFiles(p);
    return /\.(ts|js|mjs)$/.test(f) && !f.endsWith(".d.ts") ? [p] : [];
  });
}

const isFile = (f: string): boolean => existsSync(f) && statSync(f).isFile();

describe("import directions", () => {
  it("every import between folders follows the table", () => {
    const files = ROOTS.flatMap(sourceFiles);
    expect(files.length).toBeGreaterThan(200);
    expect(violations(new Map(files.map((f) => [f, readFileSync(f, "utf8")])), isFile)).toEqual([]);
  });

  it("the table names folders that exist and has no cycle, so there is an order of stages", () => {
    for (const unit of Object.keys(MAY_IMPORT)) expect(existsSync(unit), unit).toBe(true);
    const state = new Map<string, "active" | "done">();
    const visit = (unit: string, trail: string[]): void => {
      if (state.get(unit) === "done") return;
      expect(state.get(unit), `cycle: ${[...trail, unit].join(" → ")}`).not.toBe("active");
      state.set(unit, "active");
      for (const next of MAY_IMPORT[unit]!) visit(next, [...trail, unit]);
      state.set(unit, "done");
    };
    for (const unit of Object.keys(MAY_IMPORT)) visit(unit, []);
  });

  it("catches a planted import against the pipeline, static, type-only or dynamic", () => {
    const exists = (f: string): boolean => ["compiler/checks/unused.ts", "cli/main.ts", "compiler/elaborate/interp.ts", "compiler/ir/types.ts"].includes(f);
    const planted = new Map([
      ["grammar/parse.ts", 'import { checkUnused } from "../compiler/checks/unused.js";'],
      ["compiler/checks/x.ts", 'import type {\n  Interp,\n} from "../elaborate/interp.js";'],
      ["runtime/x.ts", 'const m = await import("../cli/main.js");'],
      ["compiler/ir/x.ts", '// import { checkUnused } from "../checks/unused.js";\nimport type { IrGraph } from "./types.js";'],
      ["compiler/new-stage/x.ts", ""],
    ]);
    expect(violations(planted, exists)).toEqual([
      "grammar/parse.ts imports compiler/checks/unused.ts (grammar → compiler/checks)",
      "compiler/checks/x.ts imports compiler/elaborate/interp.ts (compiler/checks → compiler/elaborate)",
      "runtime/x.ts imports cli/main.ts (runtime → cli)",
      "compiler/new-stage/x.ts is in no row of the table",
    ]);
  });
});
